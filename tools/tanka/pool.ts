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

/** Runs the jobs with up to `parallel` workers; results come back in job order. */
export async function runEnvironmentJobs(jobs: EnvironmentJob[], parallel = defaultParallelism()): Promise<EnvironmentResult[]> {
  const workers = Math.min(Math.max(1, parallel), jobs.length);
  const script = workers > 1 ? workerScript() : null;
  if (!script) {
    const cache: FileCache = new Map();
    const results: EnvironmentResult[] = [];
    for (const job of jobs) results.push(await evaluateEnvironment(job, cache));
    return results;
  }
  const results: EnvironmentResult[] = new Array(jobs.length);
  let next = 0;
  // Each worker takes the next job when it finishes one. A worker that dies fails its
  // current job and is replaced, so the other jobs still run.
  const runWorker = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const worker = new Worker(script);
      let current = -1;
      let finished = false;
      const dispatch = () => {
        if (next >= jobs.length) {
          finished = true;
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        worker.postMessage({ id: current, job: jobs[current] });
      };
      const fail = (why: string) => {
        if (finished) return;
        finished = true;
        if (current >= 0 && results[current] === undefined) {
          results[current] = { ok: false, path: jobs[current].path, name: jobs[current].name, error: `worker failed: ${why}` };
        }
        void worker.terminate();
        if (next < jobs.length) void runWorker().then(resolve);
        else resolve();
      };
      worker.on('message', (msg: { id: number; result: EnvironmentResult }) => {
        results[msg.id] = msg.result;
        dispatch();
      });
      worker.on('error', (e) => fail(e.message));
      worker.on('exit', (code) => fail(`exited with code ${code}`));
      dispatch();
    });
  await Promise.all(Array.from({ length: workers }, runWorker));
  return results;
}
