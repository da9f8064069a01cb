/**
 * The caching `helm` for the real tk processes tests start (helm-cache.mjs; never for users). tk has no
 * cache: each tk run renders every chart again, and the apply tests run tk six times per environment. The
 * cache replays the exact bytes helm gave for the same arguments, standard input and chart and values
 * content, so what tk sees is what the real helm prints.
 *
 * One cache per Vitest run: helm-cache.setup.ts makes the folder under the temp dir and removes it at the
 * end; it is never in the repository and never outlives the run.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { repoRoot } from './ref-tools.js';

/** Environment variable naming the run's cache folder (set by the globalSetup, inherited by workers). */
export const HELM_CACHE_ENV = 'TKTS_TEST_HELM_CACHE_RUN';

declare module 'vitest' {
  export interface ProvidedContext {
    helmCacheDir: string;
  }
}

function runDir(): string {
  let dir: string | undefined;
  try {
    dir = inject('helmCacheDir');
  } catch {
    // not inside a Vitest worker
  }
  dir ??= process.env[HELM_CACHE_ENV];
  if (!dir) throw new Error(`helm cache: no run folder (register tests/helpers/helm-cache.setup.ts as globalSetup or set ${HELM_CACHE_ENV})`);
  return dir;
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** A folder holding `helm`: the caching front of the real helm. Put it first on the PATH of tk. */
export async function cachingHelmDir(): Promise<string> {
  const dir = runDir();
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const script =
    '#!/bin/sh\n# helm for the tests\' tk: tests/helpers/helm-cache.mjs in front of the real helm.\n' +
    `TKTS_TEST_HELM_REAL=${quote(await helmBinary())} TKTS_TEST_HELM_CACHE=${quote(join(dir, 'entries'))} ` +
    `exec ${quote(process.execPath)} ${quote(join(repoRoot, 'tests', 'helpers', 'helm-cache.mjs'))} "$@"\n`;
  // Workers write the same script; each renames its own copy into place.
  const tmp = join(bin, `helm.${process.pid}.tmp`);
  writeFileSync(tmp, script, { mode: 0o755 });
  renameSync(tmp, join(bin, 'helm'));
  return bin;
}
