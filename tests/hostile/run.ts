// Runs a toolkit command as a user would (a child process of the built CLI) under a time and a
// memory limit, and checks what every hostile case must satisfy: it ends by itself, within the
// heap limit, with exit code 1 or 2 (0 where the input is fine), and prints nothing of JavaScript's
// internals (stack frames, Node error codes, uncaught-error texts).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from '../helpers/ref-tools.js';

export const CLI = join(repoRoot, 'dist/tools/cli/main.js');
export const JSONNET_CLI = join(repoRoot, 'dist/tools/cli/tkts-jsonnet.js');

/** Heap limit for every run: enough for real environments, far below what a runaway input would take. */
export const HEAP_MB = 768;
/** Wall-clock limit: generous because the test machine is shared; a hang is still caught. */
export const TIME_LIMIT_MS = 45_000;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** A test that queues for a run: the queue is not part of the run's own time limit. */
export const CASE_TIMEOUT_MS = 600_000;

// Few runs at a time: the time limit judges the toolkit, not a machine crowded by parallel runs.
const MAX_RUNNING = 3;
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  input?: string;
  /** Heap limit instead of HEAP_MB: a case about memory sets its own, tight one. */
  heapMb?: number;
  /** Wall-clock limit instead of TIME_LIMIT_MS. */
  timeLimitMs?: number;
}

export function run(script: string, args: string[], opts: RunOptions): Promise<Run> {
  if (!existsSync(script)) throw new Error(`${script} is missing: build first (npx tsc -p .)`);
  return slot(() => spawnRun(script, args, opts));
}

function spawnRun(script: string, args: string[], opts: RunOptions): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${opts.heapMb ?? HEAP_MB}`, script, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, TKTS_DEBUG: '', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    // Keep only the start of huge outputs: enough to judge, bounded in memory.
    child.stdout.on('data', (d: Buffer) => (stdout = stdout.length < 1_000_000 ? stdout + d.toString() : stdout));
    child.stderr.on('data', (d: Buffer) => (stderr = stderr.length < 1_000_000 ? stderr + d.toString() : stderr));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeLimitMs ?? TIME_LIMIT_MS);
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

const INTERNALS: [RegExp, string][] = [
  [/^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>)$/m, 'a JavaScript stack frame'],
  [/\bE(NOENT|NOTDIR|ISDIR|EXIST|ACCES|LOOP|MFILE|PERM|NOTEMPTY)\b/, 'a raw Node error code'],
  [/Maximum call stack size exceeded/, 'a JavaScript stack overflow'],
  [/Cannot create a Buffer larger than|ERR_[A-Z_]+/, 'a Node internal error'],
  [/\b(TypeError|ReferenceError|RangeError|SyntaxError): /, 'a JavaScript exception'],
  [/internal error|Uncaught|UnhandledPromiseRejection|FATAL ERROR|JavaScript heap out of memory/i, 'an uncaught or internal error'],
  [/\[object Object\]|undefined is not|Cannot read properties of/, 'a JavaScript value in a message'],
];

/** The checks every hostile case shares; returns stderr for case-specific expectations. */
export function expectClean(r: Run, codes: number[] = [1]): string {
  const shown = `exit ${r.code} signal ${r.signal}\nstderr:\n${r.stderr.slice(0, 2000)}\nstdout:\n${r.stdout.slice(0, 500)}`;
  expect(r.timedOut, `timed out (time limit reached)\n${shown}`).toBe(false);
  expect(r.signal, shown).toBeNull();
  expect(codes, shown).toContain(r.code);
  for (const [re, what] of INTERNALS) {
    expect(re.test(r.stderr) || re.test(r.stdout.slice(0, 100_000)), `output shows ${what}\n${shown}`).toBe(false);
  }
  return r.stderr;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `tkts-hostile-${prefix}-`));
}

/** Every file below `dir` (relative paths), to check that nothing was written elsewhere. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      out.push(relative(dir, p));
      if (lstatSync(p).isDirectory()) walk(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Files that trap a reader of manifest files and folders: `loop/` (a symbolic link back up, no end),
 * `fifo.yaml` and `folder-with-fifo/` (a fifo beside `ok.yaml`). `manifest` is the YAML of a ConfigMap.
 */
export function writeTrapFiles(dir: string, manifest: (name: string) => string): void {
  mkdirSync(join(dir, 'loop', 'inner'), { recursive: true });
  writeFileSync(join(dir, 'loop', 'inner', 'a.yaml'), manifest('in-loop'));
  symlinkSync('..', join(dir, 'loop', 'inner', 'up')); // loop/inner/up/inner/up/... without end
  execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
  mkdirSync(join(dir, 'folder-with-fifo'));
  execFileSync('mkfifo', [join(dir, 'folder-with-fifo', 'pipe.yaml')]);
  writeFileSync(join(dir, 'folder-with-fifo', 'ok.yaml'), manifest('ok'));
}
