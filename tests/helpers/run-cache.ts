/**
 * One cache folder per Vitest run, for work that many test files repeat with the same inputs: helm renders
 * for the real tk (helm-cache.ts) and the evaluated environments of this project (tests/platform/load.ts).
 * run-cache.setup.ts makes it under the temp dir and removes it at the end: never in the repository, never
 * reused by a later run. Entries are keyed by the content of what produced them, so a file edited during a
 * watch run is evaluated again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { hashContent } from './content-hash.mjs';

/** Environment variable naming the run's cache folder (set by the globalSetup, inherited by workers). */
export const RUN_CACHE_ENV = 'TKTS_TEST_RUN_CACHE';

declare module 'vitest' {
  export interface ProvidedContext {
    runCacheDir: string;
  }
}

/** The run's cache folder for one kind of entry (created). */
export function runCacheDir(kind: string): string {
  let dir: string | undefined;
  try {
    dir = inject('runCacheDir');
  } catch {
    // not inside a Vitest worker
  }
  dir ??= process.env[RUN_CACHE_ENV];
  if (!dir) throw new Error(`run cache: no folder (register tests/helpers/run-cache.setup.ts as globalSetup or set ${RUN_CACHE_ENV})`);
  const sub = join(dir, kind);
  mkdirSync(sub, { recursive: true });
  return sub;
}

/** sha256 over the names and bytes of files and folders (recursively, symbolic links followed). */
export function contentDigest(paths: string[]): string {
  const hash = createHash('sha256');
  for (const p of paths) {
    hash.update(`path\0${p}\0`);
    hashContent(hash, p);
  }
  return hash.digest('hex');
}
