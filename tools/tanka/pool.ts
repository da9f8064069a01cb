// A pool of worker threads (one per core by default) for independent
// environments. Workers run the built JavaScript (dist/tools/tanka/worker.js);
// without it (e.g. running from TypeScript sources) or with parallel = 1 the
// jobs run in this thread.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { evaluateEnvironment, type EnvironmentJob, type EnvironmentResult } from './job.js';
import type { FileCache } from './jpath.js';

export function defaultParallelism(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** The compiled worker script, if there is one. */
export function workerScript(): string | null {
  const here = fileURLToPath(import.meta.url);
  const sibling = path.join(path.dirname(here), 'worker.js');
  if (here.endsWith('.js') && fs.existsSync(sibling)) return sibling;
  // Running from sources: use the build output of the same checkout.
  let dir = path.dirname(here);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const built = path.join(dir, 'dist', 'tools', 'tanka', 'worker.js');
      return fs.existsSync(built) ? built : null;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Runs the jobs on up to `parallel` threads; results come back in job order.
 * Threads claim jobs from a shared counter. This thread works too, so jobs start
 * while the workers are still loading.
 */
export async function runEnvironmentJobs(
  jobs: EnvironmentJob[],
  parallel = defaultParallelism(),
  opts: { /** Set false to leave all jobs to workers (tests). */ useMainThread?: boolean } = {},
): Promise<EnvironmentResult[]> {
  const useMain = opts.useMainThread ?? true;
  const threads = Math.min(Math.max(1, parallel), jobs.length);
  const script = threads > 1 ? workerScript() : null;
  const results: EnvironmentResult[] = new Array(jobs.length);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  let done = 0;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const record = (id: number, r: EnvironmentResult) => {
    if (results[id] !== undefined) return;
    results[id] = r;
    if (++done === jobs.length) allDone();
  };
  if (jobs.length === 0) return results;

  const workers = new Set<Worker>();
  let restarts = jobs.length; // budget, so a worker that cannot even start does not loop forever
  // A worker that dies fails the job it was on; a replacement takes the remaining jobs.
  const startWorker = () => {
    const worker = new Worker(script!, { workerData: { jobs, counter } });
    workers.add(worker);
    let current = -1;
    let gone = false;
    worker.on('message', (msg: { claimed?: number; id?: number; result?: EnvironmentResult }) => {
      if (msg.claimed !== undefined) current = msg.claimed;
      else {
        current = -1;
        record(msg.id!, msg.result!);
      }
    });
    const fail = (why: string) => {
      if (gone) return;
      gone = true;
      workers.delete(worker);
      if (current >= 0) record(current, { ok: false, path: jobs[current].path, name: jobs[current].name, error: `worker failed: ${why}` });
      if (why === 'exited with code 0' || Atomics.load(counter, 0) >= jobs.length) return;
      if (restarts-- > 0) return startWorker();
      // Out of budget: fail what nobody has claimed (this thread may still be working).
      for (let id = Atomics.add(counter, 0, 1); id < jobs.length; id = Atomics.add(counter, 0, 1)) {
        record(id, { ok: false, path: jobs[id].path, name: jobs[id].name, error: `worker failed: ${why}` });
      }
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`exited with code ${code}`));
  };
  if (script) for (let i = 0; i < (useMain ? threads - 1 : threads); i++) startWorker();

  if (useMain || !script) {
    const cache: FileCache = new Map();
    for (;;) {
      const id = Atomics.add(counter, 0, 1);
      if (id >= jobs.length) break;
      record(id, await evaluateEnvironment(jobs[id], cache));
      await new Promise((resolve) => setImmediate(resolve)); // let worker messages through
    }
  }
  await finished;
  // Workers still loading (or finishing their loop) are not needed any more.
  await Promise.all([...workers].map((w) => w.terminate()));
  return results;
}
