/**
 * The caching `helm` for the real tk processes tests start (helm-cache.mjs; never for users). tk has no
 * cache: each tk run renders every chart again, and the apply tests run tk six times per environment. The
 * cache replays the exact bytes helm gave for the same arguments, standard input and chart and values
 * content, so what tk sees is what the real helm prints.
 *
 * Its entries live in the run's cache folder (run-cache.ts): never in the repository, never outliving the run.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { repoRoot } from './ref-tools.js';
import { runCacheDir } from './run-cache.js';

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** A folder holding `helm`: the caching front of the real helm. Put it first on the PATH of tk. */
export async function cachingHelmDir(): Promise<string> {
  const dir = runCacheDir('helm');
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
