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
 * This thread works too: it takes jobs while the workers load (which takes a
 * moment), and a worker gets a job only once it says it is ready.
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
  let next = 0;

  const here = async () => {
    const cache: FileCache = new Map();
    while (next < jobs.length) {
      const i = next++;
      results[i] = await evaluateEnvironment(jobs[i], cache);
      await new Promise((resolve) => setImmediate(resolve)); // let worker messages through
    }
  };
  if (!script) {
    await here();
    return results;
  }

  /** Per live worker: stops it if it has no job (loading, or idle). */
  const idleStoppers = new Set<() => void>();
  // A worker that dies fails its current job and is replaced, so the other jobs still run.
  const runWorker = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const worker = new Worker(script);
      let current = -1;
      let finished = false;
      const stopIfIdle = () => {
        if (current < 0 && !finished) stop();
      };
      idleStoppers.add(stopIfIdle);
      const stop = () => {
        finished = true;
        idleStoppers.delete(stopIfIdle);
        void worker.terminate().then(() => resolve());
      };
      const dispatch = () => {
        if (next >= jobs.length) return stop();
        current = next++;
        worker.postMessage({ id: current, job: jobs[current] });
      };
      worker.on('message', (msg: { ready?: boolean; id: number; result: EnvironmentResult }) => {
        if (msg.ready) return dispatch();
        results[msg.id] = msg.result;
        current = -1;
        dispatch();
      });
      const fail = (why: string) => {
        if (finished) return;
        finished = true;
        idleStoppers.delete(stopIfIdle);
        if (current >= 0 && results[current] === undefined) {
          results[current] = { ok: false, path: jobs[current].path, name: jobs[current].name, error: `worker failed: ${why}` };
        }
        void worker.terminate();
        if (next < jobs.length) void runWorker().then(resolve);
        else resolve();
      };
      worker.on('error', (e) => fail(e.message));
      worker.on('exit', (code) => fail(`exited with code ${code}`));
    });

  const workers = Array.from({ length: useMain ? threads - 1 : threads }, runWorker);
  if (useMain) await here();
  else await new Promise<void>((resolve) => {
    const check = () => (next >= jobs.length ? resolve() : setTimeout(check, 10));
    check();
  });
  // No jobs left: workers still loading are not needed; busy ones finish their job first.
  for (const stopIfIdle of [...idleStoppers]) stopIfIdle();
  await Promise.all(workers);
  return results;
}
