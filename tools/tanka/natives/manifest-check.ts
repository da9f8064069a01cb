// Tanka's manifest checks (apiVersion, kind, metadata.name) for objects that come out of helm and
// kustomize, and ListAsMap: naming the objects with the name format.

import type { JsonValue } from '../../jsonnet/api.js';
import { compileTemplate } from '../../gocompat/template/index.js';

type Obj = { [k: string]: JsonValue };

const DEFAULT_NAME_FORMAT = '{{ print .kind "_" .metadata.name | snakecase }}';

function goTypeName(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}

export function isObject(v: JsonValue | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The problems of a would-be manifest as `field: reason` lines (empty when valid). */
function verifyManifest(m: Obj): string[] {
  const problems: string[] = [];
  if (typeof m.kind !== 'string') problems.push('kind: missing or not of string type');
  if (typeof m.apiVersion !== 'string') problems.push('apiVersion: missing or not of string type');
  if (typeof m.kind === 'string' && m.kind.endsWith('List') && Array.isArray(m.items)) return problems;
  const md = m.metadata;
  if (!isObject(md)) {
    problems.push('metadata: missing or not an object');
    return problems;
  }
  if (typeof md.name !== 'string' && typeof md.generateName !== 'string') problems.push('metadata.name: missing or not of string type');
  for (const key of ['labels', 'annotations']) {
    const v = md[key];
    if (v === undefined || v === null) continue;
    if (!isObject(v)) {
      problems.push(`metadata.${key}: must be object, but got '${goTypeName(v)}' instead`);
      continue;
    }
    for (const [k, e] of Object.entries(v)) {
      if (typeof e !== 'string') problems.push(`metadata.${key}: contains non-string field '${k}' of type '${goTypeName(e)}'`);
    }
  }
  return problems;
}

/**
 * Parsed helm/kustomize output to Tanka's object of manifests, keyed by the
 * name format. `what` prefixes errors ("Parsing Helm output").
 */
export function manifestsToMap(docs: JsonValue[], nameFormat: string | undefined, what: string, skipEmpty: boolean): Obj {
  const manifests: Obj[] = [];
  for (const doc of docs) {
    if (skipEmpty && (doc === null || (isObject(doc) && Object.keys(doc).length === 0))) continue;
    if (!isObject(doc)) throw new Error(`${what}: yaml: unmarshal errors: cannot unmarshal ${goTypeName(doc)} into manifest.Manifest`);
    const problems = verifyManifest(doc);
    if (problems.length > 0) {
      throw new Error(`${what}: Resource has missing or invalid fields:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    }
    manifests.push(doc);
  }
  const format = nameFormat && nameFormat !== '' ? nameFormat : DEFAULT_NAME_FORMAT;
  let render: (data: JsonValue) => string;
  try {
    render = compileTemplate(format);
  } catch (e) {
    throw new Error(`parsing name format: ${(e as Error).message}`);
  }
  const out: Obj = {};
  for (const m of manifests) {
    const key = render(m);
    if (Object.prototype.hasOwnProperty.call(out, key)) {
      throw new Error(`Two resources share the same name '${key}'. Please adapt the name template '${format}'.`);
    }
    out[key] = m;
  }
  return out;
}
