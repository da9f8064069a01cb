// The content digest a lock records for a chart: over its files as Helm loads them, so that
// it does not depend on how the chart was packed. `helm package` leaves out what .helmignore
// names (helmLoadedFiles) and writes every Chart.yaml anew from the metadata it read (keys
// sorted, comments and unknown keys gone, `repository: ""` added to dependencies). A git tree
// and the archive made from it therefore differ in bytes; here each Chart.yaml counts by the
// metadata Helm reads from it, every other file by its bytes.
import { parse } from 'yaml';
import { ChartsError } from './errors.js';
import type { FileTree } from './tar.js';
import { treeDigest } from './tree.js';

// The fields of Helm's chart metadata (Chart.yaml, apiVersion v1 and v2); others are not loaded.
const METADATA_FIELDS = new Set([
  'name', 'home', 'sources', 'version', 'description', 'keywords', 'maintainers', 'icon', 'apiVersion',
  'condition', 'tags', 'appVersion', 'deprecated', 'annotations', 'kubeVersion', 'dependencies', 'type',
]);
const DEPENDENCY_FIELDS = new Set(['name', 'version', 'repository', 'condition', 'tags', 'enabled', 'import-values', 'alias']);
const MAINTAINER_FIELDS = new Set(['name', 'email', 'url']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Empty values (Go's zero values, which Helm omits when it writes Chart.yaml) are dropped. */
function isEmpty(v: Json | undefined): boolean {
  return v === undefined || v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

function pick(o: Json, fields: Set<string> | null): Json {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return o;
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(o).sort()) {
    if (fields !== null && !fields.has(k)) continue;
    const v = o[k]!;
    if (!isEmpty(v)) out[k] = v;
  }
  return out;
}

/** Chart.yaml as Helm loads it, as canonical JSON (sorted keys, no empty or unknown fields). */
export function canonicalChartYaml(text: string, where: string): string {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new ChartsError(`${where}: Chart.yaml is not valid YAML: ${(e as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ChartsError(`${where}: Chart.yaml is not a mapping`);
  const meta = pick(doc as Json, METADATA_FIELDS) as { [k: string]: Json };
  if (Array.isArray(meta.dependencies)) meta.dependencies = meta.dependencies.map((d) => pick(d, DEPENDENCY_FIELDS));
  if (Array.isArray(meta.maintainers)) meta.maintainers = meta.maintainers.map((m) => pick(m, MAINTAINER_FIELDS));
  if (meta.annotations && typeof meta.annotations === 'object') meta.annotations = pick(meta.annotations, null);
  return JSON.stringify(meta);
}

/** The lock's content digest of a chart's own files (dependency folders already removed). */
export function chartContentDigest(files: FileTree, where: string): string {
  const canonical: FileTree = new Map();
  for (const [path, f] of files) {
    const isChartYaml = path === 'Chart.yaml' || path.endsWith('/Chart.yaml');
    canonical.set(path, isChartYaml ? { ...f, data: Buffer.from(canonicalChartYaml(f.data.toString('utf8'), `${where}: ${path}`)) } : f);
  }
  return treeDigest(canonical);
}
