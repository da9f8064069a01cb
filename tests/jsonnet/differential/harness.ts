// Shared machinery of the differential tests: find corpus programs, get
// go-jsonnet's answers for them (goldens, and live where the binary is
// present: see ../reference.ts), run them through our engine (in process, one
// Engine per option set), and describe differences.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineApi, EngineOptions, ExtValue } from '../../../tools/jsonnet/api.js';
import type { GoldenStore, RefRun } from '../reference.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesRoot = join(repoRoot, 'tests/fixtures/jsonnet');

export interface Program {
  /** e.g. "objects/visibility" */
  name: string;
  /** absolute path of the .jsonnet file */
  path: string;
  /** extra `jsonnet` CLI arguments from a `// args:` header (-J paths made absolute) */
  args: string[];
  /** the same arguments as written (relative to the program's directory), for the reference run */
  refArgs?: string[];
  /** substring (case-insensitive) our error message must contain; null for programs that must succeed */
  expectError: string | null;
  /** False for the few errors go-jsonnet reports without a source location (`// error-has-no-location`). */
  errorHasLocation: boolean;
}

/** Reads the `// args:` and `// expect-error:` header comments of a program. */
export function parseHeader(text: string, dir: string): { args: string[]; refArgs: string[]; expectError: string | null; errorHasLocation: boolean } {
  let args: string[] = [];
  let expectError: string | null = null;
  const errorHasLocation = !/^\/\/ error-has-no-location/m.test(text);
  for (const line of text.split('\n')) {
    const a = /^\/\/ args: (.*)$/.exec(line);
    if (a) args = a[1].trim().split(/\s+/);
    const e = /^\/\/ expect-error: (.*)$/.exec(line);
    if (e) expectError = e[1].trim();
  }
  // -J paths are relative to the program's directory.
  const refArgs = args;
  args = args.map((arg, i) => (i > 0 && (args[i - 1] === '-J' || args[i - 1] === '--jpath') ? resolve(dir, arg) : arg));
  return { args, refArgs, expectError, errorHasLocation };
}

/** Every `*.jsonnet` under the fixtures root (other extensions are import targets). */
export function listCorpus(root = fixturesRoot): Program[] {
  const out: Program[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (entry.endsWith('.jsonnet')) {
        const header = parseHeader(readFileSync(p, 'utf8'), dir);
        out.push({ name: relative(root, p).replace(/\.jsonnet$/, ''), path: p, ...header });
      }
    }
  };
  walk(root);
  return out;
}

/** Turns `jsonnet` CLI arguments into EngineOptions (the subset the corpus uses). */
export function engineOptionsFromArgs(args: string[]): EngineOptions {
  const opts: EngineOptions = {};
  const kv = (s: string): [string, string] => {
    const i = s.indexOf('=');
    return [s.slice(0, i), s.slice(i + 1)];
  };
  const put = (key: 'extVars' | 'tlas', s: string, kind: ExtValue['kind']) => {
    const [k, v] = kv(s);
    (opts[key] ??= {})[k] = { kind, value: v };
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = () => args[++i];
    if (a === '-J' || a === '--jpath') (opts.jpath ??= []).push(next());
    else if (a === '-V' || a === '--ext-str') put('extVars', next(), 'string');
    else if (a === '--ext-code') put('extVars', next(), 'code');
    else if (a === '-A' || a === '--tla-str') put('tlas', next(), 'string');
    else if (a === '--tla-code') put('tlas', next(), 'code');
    else throw new Error(`corpus header uses an unsupported argument: ${a}`);
  }
  return opts;
}

export type RefResult = RefRun;

/** go-jsonnet's answers for every program (run from the program's directory), by path. */
export async function runReferenceAll(store: GoldenStore, programs: Program[]): Promise<Map<string, RefResult>> {
  // go-jsonnet gets the absolute path, as our engine does (std.thisFile); the key uses the file name.
  const calls = programs.map((p) => ({
    args: [...(p.refArgs ?? p.args), p.path],
    keyArgs: [...(p.refArgs ?? p.args), basename(p.path)],
    cwd: dirname(p.path),
    content: readFileSync(p.path, 'utf8'),
  }));
  const results = await store.runAll(calls);
  return new Map(programs.map((p, i) => [p.path, results[i]]));
}

export interface OurResult {
  ok: boolean;
  output: string;
  /** For failures: the error's class name and full formatted text. */
  errorName?: string;
  errorText?: string;
  error?: unknown;
}

type EngineCtor = new (opts?: EngineOptions) => EngineApi;
let engineModule: { Engine: EngineCtor; JsonnetError: new (...a: never[]) => Error } | null = null;

/** Loads tools/jsonnet/engine.ts lazily so a missing engine fails the tests with a clear message. */
export async function loadEngine(): Promise<{ Engine: EngineCtor; JsonnetError: new (...a: never[]) => Error }> {
  if (!engineModule) {
    const mod = (await import('../../../tools/jsonnet/engine.js')) as Record<string, unknown>;
    engineModule = mod as unknown as typeof engineModule;
  }
  return engineModule!;
}

/** One Engine per distinct option set (most programs share the default one). */
export class EnginePool {
  private engines = new Map<string, EngineApi>();
  readonly traces: string[] = [];
  constructor(private Engine: EngineCtor) {}

  get(args: string[]): EngineApi {
    const key = args.join('\u0000');
    let e = this.engines.get(key);
    if (!e) {
      e = new this.Engine({ ...engineOptionsFromArgs(args), traceOut: (line) => this.traces.push(line) });
      this.engines.set(key, e);
    }
    return e;
  }
}

export function runOurs(engine: EngineApi, path: string): OurResult {
  try {
    const v = engine.evaluateFile(path);
    return { ok: true, output: engine.manifestJson(v) };
  } catch (e) {
    const err = e as Error & { formatted?: string };
    return { ok: false, output: '', error: e, errorName: err?.constructor?.name ?? typeof e, errorText: err?.formatted ?? err?.stack ?? String(e) };
  }
}

/** A short, readable description of where two outputs first differ. */
export function firstDifference(ours: string, ref: string): string {
  const a = ours.split('\n');
  const b = ref.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `line ${i + 1}:\n  ours: ${JSON.stringify(a[i])}\n  ref:  ${JSON.stringify(b[i])}`;
    }
  }
  return 'identical';
}

/** What our engine answers for an `-e` snippet, shaped like the command's exit status, stdout and stderr. */
export function snippetResult(engine: EngineApi, code: string): RefRun {
  try {
    return { code: 0, stdout: engine.manifestJson(engine.evaluateSnippet('<cmdline>', code, true)), stderr: '' };
  } catch (e) {
    const formatted = (e as { formatted?: unknown }).formatted;
    if (typeof formatted !== 'string') throw e; // not a Jsonnet error: a defect of ours
    return { code: 1, stdout: '', stderr: formatted + '\n' };
  }
}
