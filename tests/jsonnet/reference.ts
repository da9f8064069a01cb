// The oracle of the engine's differential tests: go-jsonnet v0.22.0, the
// engine inside tk v0.38.0. Its answers are kept as committed goldens
// (tests/jsonnet/goldens/<store>.json) so the tests also run where the binary
// is absent; where it is present (ref-tools.ts finds it) every answer is also
// computed live and a golden that no longer matches fails the test.
// `npm run golden:jsonnet` (JSONNET_GOLDEN=record) re-records every store
// from the binary and drops entries no test asked for.

import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { findTool, requireTool } from '../helpers/ref-tools.js';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'goldens');
export const recording = process.env.JSONNET_GOLDEN === 'record';

/** What go-jsonnet answered: exit status, standard output and error (paths relative to cwd). */
export interface RefRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** One go-jsonnet invocation: arguments (program last), working directory, standard input. */
export interface RefCall {
  args: string[];
  cwd: string;
  input?: string;
  /** Environment variables beyond PATH (e.g. JSONNET_PATH); part of the key. */
  env?: Record<string, string>;
  /** Extra content the answer depends on (e.g. the program file's text), folded into the key. */
  content?: string;
  /** The arguments as they enter the key when `args` hold machine-specific paths (default: args). */
  keyArgs?: string[];
}

interface Entry extends RefRun {
  /** The start of the program, for a reader of the golden file. */
  program: string;
}

function keyOf(call: RefCall): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([call.keyArgs ?? call.args, call.input ?? '', call.content ?? '', call.env ?? {}]));
  return h.digest('hex').slice(0, 20);
}

function preview(call: RefCall): string {
  const text = call.content ?? (call.keyArgs ?? call.args).join(' ');
  return text.length > 160 ? text.slice(0, 160) + '…' : text;
}

/** go-jsonnet prints the paths it was given; runs use paths relative to cwd, and any absolute cwd is removed. */
function normalize(r: RefRun, cwd: string): RefRun {
  const strip = (s: string) => s.split(cwd + '/').join('').split(cwd).join('.');
  return { code: r.code, stdout: strip(r.stdout), stderr: strip(r.stderr) };
}

function binary(): string | null {
  return recording ? requireTool('go-jsonnet') : findTool('go-jsonnet');
}

function runSync(bin: string, call: RefCall): RefRun {
  const env = { PATH: process.env.PATH ?? '', ...(call.env ?? {}) };
  const r = spawnSync(bin, call.args, { cwd: call.cwd, env, input: call.input ?? '', encoding: 'utf8', maxBuffer: 256 << 20, timeout: 120_000 });
  return normalize({ code: r.status ?? 127, stdout: r.stdout ?? '', stderr: r.stderr ?? '' }, call.cwd);
}

function runAsync(bin: string, call: RefCall): Promise<RefRun> {
  return new Promise((done) => {
    const env = { PATH: process.env.PATH ?? '', ...(call.env ?? {}) };
    const child = execFile(bin, call.args, { cwd: call.cwd, env, encoding: 'utf8', maxBuffer: 256 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 127) : 0;
      done(normalize({ code, stdout, stderr }, call.cwd));
    });
    // A program that never reads its input closes the pipe: that is not an error here.
    child.stdin?.on('error', () => {});
    child.stdin?.end(call.input ?? '');
  });
}

/** A set of go-jsonnet answers kept in one golden file. */
export class GoldenStore {
  private readonly file: string;
  private readonly entries: Record<string, Entry>;
  private readonly used: Record<string, Entry> = {};
  private readonly bin: string | null;

  /**
   * `explore`: programs beyond the committed set (another generator seed or
   * count): answers come only from the live binary and are never recorded.
   * Construct stores at a test file's top level (recording saves in afterAll).
   */
  constructor(
    readonly name: string,
    private readonly explore = false,
  ) {
    this.file = join(goldenDir, `${name}.json`);
    this.entries = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, Entry>) : {};
    this.bin = explore ? requireTool('go-jsonnet') : binary();
    if (recording && !explore) afterAll(() => this.save());
  }

  /** Whether answers are also computed live (the binary is present). */
  get live(): boolean {
    return this.bin !== null;
  }

  private settle(call: RefCall, live: RefRun | null): RefRun {
    const key = keyOf(call);
    const golden = this.entries[key];
    if (live !== null) {
      const entry: Entry = { program: preview(call), ...live };
      this.used[key] = entry;
      if (!recording && !this.explore) {
        if (golden === undefined) throw new Error(`no golden answer for \`${preview(call)}\` in ${this.file}: run \`npm run golden:jsonnet\``);
        if (golden.code !== live.code || golden.stdout !== live.stdout || golden.stderr !== live.stderr) {
          throw new Error(`the golden answer for \`${preview(call)}\` in ${this.file} differs from go-jsonnet's: run \`npm run golden:jsonnet\``);
        }
      }
      return live;
    }
    if (golden === undefined) {
      throw new Error(`no golden answer for \`${preview(call)}\` in ${this.file}, and go-jsonnet is not available to compute one (run \`npm run golden:jsonnet\` where it is)`);
    }
    return { code: golden.code, stdout: golden.stdout, stderr: golden.stderr };
  }

  /** go-jsonnet's answer to one call. */
  run(call: RefCall): RefRun {
    return this.settle(call, this.bin === null ? null : runSync(this.bin, call));
  }

  /** Answers to many calls, run in parallel when live. */
  async runAll(calls: RefCall[]): Promise<RefRun[]> {
    const bin = this.bin;
    if (bin === null) return calls.map((c) => this.settle(c, null));
    const results: RefRun[] = new Array(calls.length);
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const i = next++;
        results[i] = await runAsync(bin, calls[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.max(2, cpus().length * 2) }, worker));
    return calls.map((c, i) => this.settle(c, results[i]));
  }

  /** The JSON value go-jsonnet gives for a snippet (`jsonnet -e code`); throws with its error otherwise. */
  evalJson(code: string, cwd = goldenDir): unknown {
    const r = this.run({ args: ['-e', code], cwd: resolve(cwd) });
    if (r.code !== 0) throw new Error(`go-jsonnet failed on \`${code.slice(0, 200)}\`:\n${r.stderr}`);
    return JSON.parse(r.stdout);
  }

  save(): void {
    mkdirSync(goldenDir, { recursive: true });
    const sorted = Object.fromEntries(Object.entries(this.used).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    writeFileSync(this.file, JSON.stringify(sorted, null, 1) + '\n');
  }
}
