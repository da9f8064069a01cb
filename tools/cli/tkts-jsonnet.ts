#!/usr/bin/env node
// `tkts-jsonnet`: the `jsonnet` command (jsonnet.ts) as a program of its own, compatible with
// go-jsonnet's `jsonnet`. This entry stays tiny so that Node's compile cache (Node 22+; absent on
// older versions) is on before the engine's modules are compiled: start-up is most of the time of
// small runs. It is also what a deep-stack worker starts on (see jsonnet/deep-stack.ts).

import module from 'node:module';
import { isMainThread, workerData } from 'node:worker_threads';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

if (!isMainThread && (workerData as { tktsJsonnetCli?: unknown } | null)?.tktsJsonnetCli === true) {
  const { deepStackWorkerMain } = await import('./jsonnet-run.js');
  deepStackWorkerMain(workerData as Parameters<typeof deepStackWorkerMain>[0]);
} else {
  const { execute, isEntryPoint, runAsProcess } = await import('./command.js');
  if (isEntryPoint(import.meta.url)) {
    const { jsonnetCommand } = await import('./jsonnet.js');
    runAsProcess(() => execute(jsonnetCommand, process.argv.slice(2)));
  }
}
