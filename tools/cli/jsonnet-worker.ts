// The entry a deep-stack worker thread starts on (jsonnet-run.ts moves a run there when the main
// thread's stack is too small for --max-stack); bundled by `npm run build` like tkts-jsonnet.ts.

import { parentPort, workerData } from 'node:worker_threads';
import { deepStackWorkerMain, type DeepStackRun } from './jsonnet-run.js';

parentPort!.postMessage({ exitCode: deepStackWorkerMain(workerData as DeepStackRun) });
