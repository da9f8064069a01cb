#!/usr/bin/env node
// `tkts-jsonnet`: the `jsonnet` command (jsonnet.ts) as a program of its own, compatible with
// go-jsonnet's `jsonnet`. `npm run build` replaces the compiled file with a loader of a one-file bundle
// and its V8 code cache (scripts/bundle.mjs): start-up is most of the time of small runs. Nothing here
// may load node:worker_threads (about 10 ms): the deep-stack worker has its own entry (jsonnet-worker.ts).

import { execute, isEntryPoint, runAsProcess } from './command.js';
import { jsonnetCommand } from './jsonnet.js';

if (isEntryPoint(import.meta.url)) runAsProcess(() => execute(jsonnetCommand, process.argv.slice(2)));
