// Worker thread: claims environment jobs from the shared counter until none are
// left, keeping its file cache (and the engine's caches) across jobs. Claiming
// through the counter (not through messages) means a busy main thread never
// keeps a worker waiting for work.

import { parentPort, workerData } from 'node:worker_threads';
import { evaluateEnvironment, type EnvironmentJob } from './job.js';
import type { FileCache } from './jpath.js';

const { jobs, counter } = workerData as { jobs: EnvironmentJob[]; counter: Int32Array };
const fileCache: FileCache = new Map();

for (;;) {
  const id = Atomics.add(counter, 0, 1);
  if (id >= jobs.length) break;
  parentPort!.postMessage({ claimed: id });
  const result = await evaluateEnvironment(jobs[id], fileCache);
  parentPort!.postMessage({ id, result });
}
