#!/usr/bin/env node
// `tkts-jsonnet`: a command compatible with go-jsonnet's `jsonnet` (cli-main.ts).
// This entry stays tiny so that Node's compile cache (Node 22+; absent on
// older versions) is on before the engine's modules are compiled: start-up is
// most of the time of small runs.

import module from 'node:module';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// Run only when executed directly (or as the deep-stack worker), not when imported.
function isEntry(): boolean {
  if (process.argv[1] === undefined) return false;
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

const { isMainThread } = await import('node:worker_threads');
if (!isMainThread || isEntry()) {
  const { start } = await import('./cli-main.js');
  start(new URL(import.meta.url));
}
