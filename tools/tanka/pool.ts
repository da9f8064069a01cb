// A pool of worker threads (one per core by default) for independent
// environments. Workers run the built JavaScript (dist/tools/tanka/worker.js);
// without it (e.g. running from TypeScript sources) or with parallel = 1 the
// jobs run in this thread. Workers get a stack sized for --max-stack
// (jsonnet/deep-stack.ts): a job that asks for more Jsonnet frames than this
// thread holds runs on a worker only, and one that runs out of this thread's
// stack first (deeply nested data) runs again on a worker.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MAIN_THREAD_FRAMES, stackSizeMbFor } from '../jsonnet/deep-stack.js';
import { evaluateEnvironment, keptResult, type EnvironmentJob, type EnvironmentResult } from './job.js';
import type { FileCache } from './jpath.js';

export function defaultParallelism(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * The compiled worker script, if there is one. Running from sources (tests), that is the build
 * output of the same checkout, which must not be older than the sources it was built from
 * (staleBuild): a stale worker would run code the sources no longer have.
 */
export function workerScript(here = fileURLToPath(import.meta.url)): string | null {
  const sibling = path.join(path.dirname(here), 'worker.js');
  if (here.endsWith('.js') && fs.existsSync(sibling)) return sibling;
  // Running from sources: use the build output of the same checkout.
  let dir = path.dirname(here);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const built = path.join(dir, 'dist', 'tools', 'tanka', 'worker.js');
      if (!fs.existsSync(built)) return null;
      const stale = staleBuild(dir, built);
      if (stale) {
        throw new Error(
          `${path.relative(dir, stale.source)} is newer than ${path.relative(dir, stale.built)}: the Tanka worker threads run dist/, ` +
            'which is older than the sources. Run `npx tsc -p .` first.',
        );
      }
      return built;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Relative imports of a built module: `from './x.js'`, `import './x.js'`, `import('./x.js')`. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+\.js)['"]/g;

/**
 * The first module of `entry`'s import graph (in `root`/dist) whose TypeScript source (in `root`)
 * changed after it was built, or null when every built module is at least as new as its source.
 */
export function staleBuild(root: string, entry: string): { source: string; built: string } | null {
  const dist = path.join(root, 'dist');
  const seen = new Set<string>([entry]);
  const pending = [entry];
  while (pending.length > 0) {
    const built = pending.pop()!;
    const source = path.join(root, path.relative(dist, built)).replace(/\.js$/, '.ts');
    let sourceTime: number;
    let builtTime: number;
    try {
      sourceTime = fs.statSync(source).mtimeMs;
      builtTime = fs.statSync(built).mtimeMs;
    } catch {
      // A source deleted since the build (or a module without a source): its importers are stale.
      if (!fs.existsSync(source) && fs.existsSync(built)) continue;
      return { source, built };
    }
    if (sourceTime > builtTime) return { source, built };
    for (const m of fs.readFileSync(built, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const dep = path.resolve(path.dirname(built), m[1]);
      if (!seen.has(dep)) {
        seen.add(dep);
        pending.push(dep);
      }
    }
  }
  return null;
}

/**
 * Runs the jobs on up to `parallel` threads; results come back in job order. Kept results of jobs
 * that ask for them (result-cache.ts) are read on this thread first: a worker costs more to start.
 */
export async function runEnvironmentJobs(
  jobs: EnvironmentJob[],
  parallel = defaultParallelism(),
  opts: { /** Set false to leave all jobs to workers (tests). */ useMainThread?: boolean } = {},
): Promise<EnvironmentResult[]> {
  const kept = jobs.map((job) => (job.reuseEvaluation ? keptResult(job) : undefined));
  const rest = jobs.flatMap((_, i) => (kept[i] ? [] : [i]));
  if (rest.length === jobs.length) return runJobs(jobs, parallel, opts);
  const ran = await runJobs(rest.map((i) => jobs[i]), parallel, opts);
  rest.forEach((i, k) => (kept[i] = ran[k]));
  return kept as EnvironmentResult[];
}

/**
 * Runs the jobs on up to `parallel` threads; results come back in job order.
 * Threads claim jobs from a shared counter. This thread works too, so jobs start
 * while the workers are still loading, unless the jobs ask for more Jsonnet
 * frames than its stack holds.
 */
async function runJobs(
  jobs: EnvironmentJob[],
  parallel: number,
  opts: { useMainThread?: boolean },
): Promise<EnvironmentResult[]> {
  const results: EnvironmentResult[] = new Array(jobs.length);
  if (jobs.length === 0) return results;
  const frames = Math.max(MAIN_THREAD_FRAMES, ...jobs.map((j) => j.options?.maxStack ?? 0));
  const stackSizeMb = stackSizeMbFor(frames);
  const useMain = (opts.useMainThread ?? true) && frames <= MAIN_THREAD_FRAMES;
  const threads = Math.min(Math.max(1, parallel), jobs.length);
  let script: string | null | undefined = threads > 1 || !useMain ? workerScript() : undefined;
  const workerScriptNow = () => (script === undefined ? (script = workerScript()) : script);
  let done = 0;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const record = (id: number, r: EnvironmentResult) => {
    if (results[id] !== undefined) return;
    results[id] = r;
    if (++done === jobs.length) allDone();
  };

  const workers = new Set<Worker>();
  let restarts = jobs.length; // budget, so a worker that cannot even start does not loop forever
  // Workers claim the jobs of `batch` (indexes into jobs) through `counter`. A worker that dies
  // fails the job it was on; a replacement takes the remaining jobs.
  const startWorker = (batch: number[], counter: Int32Array) => {
    const worker = new Worker(script!, { workerData: { jobs: batch.map((id) => jobs[id]), counter }, resourceLimits: { stackSizeMb } });
    workers.add(worker);
    let current = -1;
    let gone = false;
    worker.on('message', (msg: { claimed?: number; id?: number; result?: EnvironmentResult }) => {
      if (msg.claimed !== undefined) current = batch[msg.claimed];
      else {
        current = -1;
        record(batch[msg.id!], msg.result!);
      }
    });
    const fail = (why: string) => {
      if (gone) return;
      gone = true;
      workers.delete(worker);
      if (current >= 0) record(current, { ok: false, path: jobs[current].path, name: jobs[current].name, error: `worker failed: ${why}` });
      if (why === 'exited with code 0' || Atomics.load(counter, 0) >= batch.length) return;
      if (restarts-- > 0) return startWorker(batch, counter);
      // Out of budget: fail what nobody has claimed (this thread may still be working).
      for (let i = Atomics.add(counter, 0, 1); i < batch.length; i = Atomics.add(counter, 0, 1)) {
        const id = batch[i];
        record(id, { ok: false, path: jobs[id].path, name: jobs[id].name, error: `worker failed: ${why}` });
      }
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`exited with code ${code}`));
  };
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const all = jobs.map((_, id) => id);
  if (script) for (let i = 0; i < (useMain ? threads - 1 : threads); i++) startWorker(all, counter);

  if (useMain || !script) {
    const cache: FileCache = new Map();
    const again: number[] = [];
    for (;;) {
      const id = Atomics.add(counter, 0, 1);
      if (id >= jobs.length) break;
      const r = await evaluateEnvironment(jobs[id], cache);
      // Out of this thread's stack before the Jsonnet limit: a worker's larger stack may hold it.
      if (!r.ok && r.stackExhausted && useMain && workerScriptNow()) again.push(id);
      else record(id, r);
      await new Promise((resolve) => setImmediate(resolve)); // let worker messages through
    }
    if (again.length > 0) startWorker(again, new Int32Array(new SharedArrayBuffer(4)));
  }
  await finished;
  // Workers still loading (or finishing their loop) are not needed any more.
  await Promise.all([...workers].map((w) => w.terminate()));
  return results;
}
