// Worker thread: evaluates environment jobs one at a time, keeping its file
// cache (and the engine's caches) across jobs. Says "ready" once loaded, so the
// pool gives it work only when it can start at once.

import { parentPort } from 'node:worker_threads';
import { evaluateEnvironment, type EnvironmentJob } from './job.js';
import type { FileCache } from './jpath.js';

const fileCache: FileCache = new Map();

parentPort?.on('message', async (msg: { id: number; job: EnvironmentJob }) => {
  const result = await evaluateEnvironment(msg.job, fileCache);
  parentPort!.postMessage({ id: msg.id, result });
});
parentPort?.postMessage({ ready: true });
