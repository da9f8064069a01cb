// JSON schemas for the real kubeconform, offline: one file per built-in kind of the pinned Kubernetes
// OpenAPI definitions (the same file `tkts validate` reads), named as kubeconform's schema-location
// template asks (`{{ .ResourceKind }}{{ .KindSuffix }}.json`: `deployment-apps-v1.json`, `service-v1.json`).
// Each file is standalone: the kind's schema with the definitions it reaches under `$defs`. They are
// made strict by the validator's own conversion (strictBuiltin: unknown fields rejected, null allowed,
// IntOrString and Quantity typed), which is what `kubeconform -strict` expects of "-strict" schemas.
// Written once per definitions file into a cache folder outside the repository.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { strictBuiltin } from '../../tools/validate/schema-transform.js';

type Schema = Record<string, unknown>;
type Definitions = Record<string, Schema>;

/** Bumped when the files written change, so an older cache folder is not reused. */
const LAYOUT = 1;

/** The schema-location template for a folder written by writeKubeconformSchemas. */
export const schemaLocation = (dir: string): string => join(dir, '{{ .ResourceKind }}{{ .KindSuffix }}.json');

/** kubeconform's file name of a kind: lower-case kind, the group's first label, the version. */
export function kubeconformFileName(apiVersion: string, kind: string): string {
  const [groupOrVersion, version] = apiVersion.split('/');
  const suffix = `-${groupOrVersion!.split('.')[0]!.toLowerCase()}${version ? `-${version.toLowerCase()}` : ''}`;
  return `${kind.toLowerCase()}${suffix}.json`;
}

const REF_PREFIX = '#/definitions/';

/** Every `$ref` target (a definition name) in a schema, rewritten to `#/$defs/<name>` in place. */
function rewriteRefs(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const x of node) rewriteRefs(x, found);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Schema;
  if (typeof o.$ref === 'string' && o.$ref.startsWith(REF_PREFIX)) {
    const name = o.$ref.slice(REF_PREFIX.length);
    found.add(name);
    o.$ref = `#/$defs/${name}`;
  }
  for (const v of Object.values(o)) rewriteRefs(v, found);
}

/** The kind's strict schema with every definition it reaches (transitively) under `$defs`. */
export function standaloneSchema(name: string, definitions: Definitions): Schema {
  const root = strictBuiltin(name, definitions[name]!);
  const pending = new Set<string>();
  rewriteRefs(root, pending);
  const defs: Record<string, Schema> = {};
  for (const ref of pending) {
    if (defs[ref] || !definitions[ref]) continue;
    const s = strictBuiltin(ref, definitions[ref]);
    const more = new Set<string>();
    rewriteRefs(s, more);
    defs[ref] = s;
    for (const m of more) pending.add(m); // a Set visits what is added while iterating
  }
  return Object.keys(defs).length ? { ...root, $defs: defs } : root;
}

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** File name → definition name of every built-in kind (definitions that name exactly one kind). */
export function kindFiles(definitions: Definitions): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, def] of Object.entries(definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks) || gvks.length !== 1) continue;
    const g = gvks[0] as Gvk;
    const file = kubeconformFileName(g.group ? `${g.group}/${g.version}` : g.version, g.kind);
    if (!files.has(file)) files.set(file, name);
  }
  return files;
}

/**
 * Writes the schemas of a definitions file (its text, as loadDefinitionsText returns it) into
 * `<cacheRoot>/<version>-<digest>/` unless already there; returns that folder.
 */
export function writeKubeconformSchemas(definitionsText: string, version: string, cacheRoot = defaultCacheRoot()): string {
  const digest = createHash('sha256').update(`${LAYOUT}\n`).update(definitionsText).digest('hex').slice(0, 16);
  const dir = join(cacheRoot, `v${version}-${digest}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  const definitions = (JSON.parse(definitionsText) as { definitions: Definitions }).definitions;
  // Written beside the final folder and renamed, so a crash never leaves half a set behind.
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [file, name] of kindFiles(definitions)) writeFileSync(join(tmp, file), JSON.stringify(standaloneSchema(name, definitions)));
  writeFileSync(join(tmp, '.complete'), '');
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

/** KUBECONFORM_SCHEMA_CACHE, else ~/.cache/tkts-kubeconform-schemas (never inside the repository). */
export function defaultCacheRoot(): string {
  return process.env.KUBECONFORM_SCHEMA_CACHE ?? join(homedir(), '.cache', 'tkts-kubeconform-schemas');
}
