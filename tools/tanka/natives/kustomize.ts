// kustomizeBuild: `$TANKA_KUSTOMIZE_PATH build <dir>`, else
// `kustomize build <dir>` when kustomize is on PATH, else `kubectl kustomize <dir>`.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonValue } from '../../jsonnet/api.js';
import { isObject, manifestsToMap } from './manifest-check.js';
import { decodeYamlStream } from './yamldecode.js';

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

/** The command that builds a kustomization directory (after `--`: a path is never read as an option). */
function kustomizeCommand(dir: string): [string, string[]] {
  const explicit = process.env.TANKA_KUSTOMIZE_PATH;
  if (explicit) return [explicit, ['build', '--', dir]];
  const kustomize = onPath('kustomize');
  if (kustomize) return [kustomize, ['build', '--', dir]];
  return ['kubectl', ['kustomize', '--', dir]];
}

export function kustomizeBuild(rawPath: JsonValue, rawOpts: JsonValue): JsonValue {
  if (typeof rawPath !== 'string') throw new Error("first argument 'path' must be of 'string' type");
  const opts = isObject(rawOpts) ? rawOpts : {};
  const find = (name: string) => Object.keys(opts).find((k) => k.toLowerCase() === name.toLowerCase());
  const calledFromKey = find('calledFrom');
  const calledFrom = calledFromKey ? opts[calledFromKey] : '';
  if (typeof calledFrom !== 'string' || calledFrom === '') {
    throw new Error("kustomizeBuild: 'opts.calledFrom' is unset or empty.\nTanka needs this to find your kustomizations. See https://tanka.dev/kustomize#optscalledfrom-unset");
  }
  const nameFormatKey = find('nameFormat');
  const nameFormat = nameFormatKey && typeof opts[nameFormatKey] === 'string' ? (opts[nameFormatKey] as string) : '';
  const dir = path.join(path.dirname(calledFrom), rawPath);
  try {
    fs.statSync(dir);
  } catch (e) {
    throw new Error(`kustomizeBuild: Failed to find kustomization at '${dir}': ${(e as Error).message}. See https://tanka.dev/kustomize#failed-to-find-kustomization`);
  }
  const [cmd, args] = kustomizeCommand(dir);
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`Expanding Kustomize: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`Expanding Kustomize: ${cmd} ${args.join(' ')} failed (exit status ${r.status}):\n${r.stderr.trimEnd()}`);
  let docs: JsonValue[];
  try {
    docs = decodeYamlStream(r.stdout);
  } catch (e) {
    throw new Error(`Parsing Kustomize output: ${(e as Error).message}`);
  }
  return manifestsToMap(docs, nameFormat, 'Parsing Kustomize output', false);
}
