#!/usr/bin/env node
// `tkts-jsonnet`: the `jsonnet` command (jsonnet.ts) as a program of its own, compatible with
// go-jsonnet's `jsonnet`. `npm run build` replaces the compiled file with a loader of a one-file bundle
// and its V8 code cache (scripts/bundle.mjs): start-up is most of the time of small runs. Nothing here
// may load node:worker_threads (about 10 ms): the deep-stack worker has its own entry (jsonnet-worker.ts).
// Nor process.stdout / process.stderr (about 8 ms on a pipe): the command writes through output.ts,
// which is why this is not command.ts's runAsProcess.

import { execute, isEntryPoint } from './command.js';
import { jsonnetCommand } from './jsonnet.js';

/** Runs the command line of this process; its exit code becomes the process's. */
export function main(): void {
  void execute(jsonnetCommand, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

if (isEntryPoint(import.meta.url)) main();
