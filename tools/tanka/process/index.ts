// Tanka's processing pipeline (pkg/process in Tanka v0.38),
// in its order: extract Kubernetes objects from the
// evaluated JSON, unwrap Lists, default namespaces, inject the environment
// label, apply resourceDefaults, filter by --target, sort. Works on plain JSON;
// the input is never modified (extracted objects are copied).

import { createHash } from 'node:crypto';
import type { JsonValue } from '../../jsonnet/api.js';
import { GoRegexError, GoRegexp } from '../../gocompat/re2.js';
import { formatFloatF } from '../../gocompat/strconv.js';
import { compareBytes, title } from '../../gocompat/strings.js';
import { marshalV2, marshalV3 } from '../../gocompat/yaml/marshal.js';

export type Manifest = { [k: string]: JsonValue };

export interface EnvironmentLike {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: {
    namespace: string;
    injectLabels?: boolean;
    tankaEnvLabelFromFields?: string[];
    resourceDefaults?: { annotations?: Record<string, string>; labels?: Record<string, string> };
    [k: string]: unknown;
  };
}

/** A processing error; `path` is the extraction path (`.a.b`, `.x.items[0]`) when one applies. */
export class ManifestError extends Error {
  constructor(message: string, readonly path?: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** A manifest with the path it was extracted from (used in error messages and as the sort tie-break). */
export interface ExtractedManifest {
  path: string;
  /** The same path as keys and array indexes (for looking the object up in the evaluated value). */
  steps: (string | number)[];
  manifest: Manifest;
}

type Obj = { [k: string]: JsonValue };

function isObj(v: JsonValue | undefined): v is Obj {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** Go's reflect type name of a decoded JSON value (as %T prints it). */
function goTypeName(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** Deep copy of a JSON value (faster than structuredClone for plain data). */
function cloneJson<T extends JsonValue>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => cloneJson(x)) as T;
  const out: Obj = {};
  for (const k of Object.keys(v)) out[k] = cloneJson((v as Obj)[k]);
  return out as T;
}

// ------------------------------------------------------------ extraction (§4.1)

/** "." + path joined with "." (array steps are "[i]"): `.`, `.grafana.deployment`, `.list.[0]`. */
function fullPath(path: string[]): string {
  return '.' + path.join('.');
}

/** Why an object is not a Kubernetes manifest (isKubernetesManifest), or null if it is one. */
function notManifestReason(obj: Obj): string | null {
  for (const key of ['apiVersion', 'kind']) {
    const v = obj[key];
    if (v === undefined || v === null) return `missing attribute "${key}"`;
    if (typeof v !== 'string') return `attribute "${key}" is not a string, it is a ${goTypeName(v)}`;
    if (v === '') return `attribute "${key}" is empty`;
  }
  return null;
}

/** Manifest.Verify: field → reason, in the order Tanka checks them. */
function verifyManifest(m: Obj): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const str = (v: JsonValue | undefined) => typeof v === 'string';
  if (!str(m.kind)) problems.push(['kind', 'missing or not of string type']);
  if (!str(m.apiVersion)) problems.push(['apiVersion', 'missing or not of string type']);
  if (!isList(m)) {
    const md = m.metadata;
    if (!isObj(md)) problems.push(['metadata', 'missing or not an object']);
    const mdo = isObj(md) ? md : {};
    if (!str(mdo.name) && !str(mdo.generateName)) problems.push(['metadata.name', 'missing or not of string type']);
    for (const field of ['labels', 'annotations']) {
      const v = mdo[field];
      if (v === undefined || v === null) continue;
      if (!isObj(v)) {
        problems.push([`metadata.${field}`, `must be object, but got '${goTypeName(v)}' instead`]);
        continue;
      }
      // Tanka reports the first offender in (random) map order; we take key order.
      const bad = Object.keys(v).sort(compareBytes).find((k) => typeof v[k] !== 'string');
      if (bad !== undefined) {
        problems.push([`metadata.${field}`, `contains non-string field '${bad}' of type '${goTypeName(v[bad])}'`]);
      }
    }
  }
  return problems;
}

/**
 * Tanka's SchemaError text (colours off): the fields, then a sample of the
 * object's yaml.v2 — at most 10 lines, with "..." when it has 10 or more —
 * indented by 2.
 */
function schemaError(name: string, m: Obj, problems: Array<[string, string]>): ManifestError {
  let lines = marshalV2(m).trim().split('\n');
  const truncate = lines.length >= 10;
  if (truncate) lines = [...lines.slice(0, 10), '...'];
  const sample = lines.map((l) => '  ' + l).join('\n');
  const fields = problems.map(([f, r]) => `  - ${f}: ${r}\n`).join('');
  return new ManifestError(`${name} has missing or invalid fields:\n${fields}\nPlease check below object:\n${sample}`, name);
}

function isList(m: Obj): boolean {
  return Array.isArray(m.items);
}

function withoutKsonnet(obj: Obj): Obj {
  if (!Object.prototype.hasOwnProperty.call(obj, '__ksonnet')) return obj;
  const { __ksonnet: _drop, ...rest } = obj;
  return rest;
}

/** A primitive was reached; the innermost object around it explains why it is not a manifest. */
class PrimitiveReached {
  container: Obj | null = null;
  reason: string | null = null;
  constructor(readonly basePath: string) {}

  toError(): ManifestError {
    const reason = this.reason ?? '%!s(<nil>)';
    const dump = marshalV3(this.container ?? {});
    return new ManifestError(`found invalid Kubernetes object (at ${this.basePath}): ${reason}\n\n${dump}`, this.basePath);
  }
}

function walk(v: JsonValue, path: string[], steps: (string | number)[], out: ExtractedManifest[]): void {
  if (Array.isArray(v)) {
    v.forEach((item, i) => walk(item, [...path, `[${i}]`], [...steps, i], out));
    return;
  }
  if (!isObj(v)) throw new PrimitiveReached(fullPath(path.slice(0, -1)));
  const obj = withoutKsonnet(v);
  const reason = notManifestReason(obj);
  if (reason === null) {
    const name = fullPath(path);
    const problems = verifyManifest(obj);
    if (problems.length > 0) throw schemaError(name, obj, problems);
    out.push({ path: name, steps, manifest: cloneJson(obj) as Manifest });
    return;
  }
  for (const key of Object.keys(obj).sort(compareBytes)) {
    const child = obj[key];
    if (child === null) continue; // a `false` if-condition in Jsonnet
    try {
      walk(child, [...path, key], [...steps, key], out);
    } catch (e) {
      if (e instanceof PrimitiveReached && e.container === null) {
        e.container = obj;
        e.reason = reason;
      }
      throw e;
    }
  }
}

/**
 * Extract: every Kubernetes object in the evaluated output, with its path, in
 * path order. Throws ManifestError for leaves that are not inside an object.
 */
export function extractManifests(raw: JsonValue): ExtractedManifest[] {
  const out: ExtractedManifest[] = [];
  if (raw === null) return out;
  try {
    walk(raw, [], [], out);
  } catch (e) {
    if (e instanceof PrimitiveReached) throw e.toError();
    throw e;
  }
  return out.sort((a, b) => compareBytes(a.path, b.path));
}

// ------------------------------------------------------------ List unwrapping

/**
 * Any manifest whose `items` is an array is a List: its items (which must be
 * valid manifests) replace it under `<path>.items[i]`. Tanka mutates a Go map
 * while ranging over it, so whether a List nested in a List is unwrapped is
 * random there; we always unwrap nested Lists.
 */
export function unwrapLists(list: ExtractedManifest[]): ExtractedManifest[] {
  const out: ExtractedManifest[] = [];
  const visit = (e: ExtractedManifest) => {
    if (!isList(e.manifest)) {
      out.push(e);
      return;
    }
    (e.manifest.items as JsonValue[]).forEach((item, i) => {
      const name = `${e.path}.items[${i}]`;
      if (!isObj(item)) throw new ManifestError(`unwrapped list item is not an object, but 'map[string]interface {}'`, name);
      const problems = verifyManifest(item);
      if (problems.length > 0) throw schemaError(name, item, problems);
      visit({ path: name, steps: [...e.steps, 'items', i], manifest: item });
    });
  };
  list.forEach(visit);
  return out;
}

// ------------------------------------------------------------ namespace, labels, defaults

/** Kinds Tanka treats as cluster-wide (namespace.go); only the kind is checked, not the group. */
const CLUSTER_WIDE_KINDS = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus', 'CSIDriver',
  'CSINode', 'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'NodeMetrics',
  'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass', 'RuntimeClass', 'SelfSubjectAccessReview',
  'SelfSubjectRulesReview', 'StorageClass', 'SubjectAccessReview', 'TokenReview', 'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

const NAMESPACED_ANNOTATION = 'tanka.dev/namespaced';
const ENVIRONMENT_LABEL = 'tanka.dev/environment';

/** manifest.Metadata(): creates `metadata` when it is missing. */
function metadata(m: Manifest): Obj {
  if (m.metadata === null || m.metadata === undefined) m.metadata = {};
  return m.metadata as Obj;
}

/** Metadata.Annotations()/Labels(): creates the map when it is missing or null. */
function subMap(md: Obj, key: 'annotations' | 'labels'): Obj {
  if (md[key] === null || md[key] === undefined) md[key] = {};
  return md[key] as Obj;
}

function defaultNamespaces(list: Manifest[], def: string): void {
  if (def === '') return;
  for (const m of list) {
    let namespaced = !CLUSTER_WIDE_KINDS.has(m.kind as string);
    const md = metadata(m);
    const annotations = subMap(md, 'annotations');
    if (Object.prototype.hasOwnProperty.call(annotations, NAMESPACED_ANNOTATION)) {
      namespaced = annotations[NAMESPACED_ANNOTATION] === 'true';
    }
    // An explicit "" is a string, so it counts as set and is kept.
    if (namespaced && typeof md.namespace !== 'string') md.namespace = def;
    // Reading the annotations created them; Tanka deletes them again when empty,
    // which also drops an explicit `annotations: {}` or `annotations: null`.
    if (Object.keys(annotations).length === 0) delete md.annotations;
  }
}

/**
 * Tanka's getDeepFieldAsString over the environment, by JSON field names. Only the Go struct's
 * own fields can be stepped through: `data` (any JSON) is not one.
 */
function lookupField(env: EnvironmentLike, field: string): string {
  const fail = (reason: string) => new ManifestError(`failed to retrieve field values for label: could not get struct value at path: ${reason}`);
  const steps = field.replace(/^\./, '').split('.');
  // tk v0.38.0 stops at `data` (an interface, not a struct) with this reason, whatever follows it.
  if (steps[0] === 'data') throw fail('unsupported value type');
  let cur: unknown = env;
  for (const step of steps) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) throw fail('intermediary objects must be object types');
    // (Tanka panics on a field that does not exist; we report it.)
    if (!Object.prototype.hasOwnProperty.call(cur, step)) throw fail(`no such field ${field}`);
    cur = (cur as Record<string, unknown>)[step];
  }
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'boolean') return cur ? 'true' : 'false';
  if (typeof cur === 'number') return formatFloatF(cur);
  throw fail('unsupported value type');
}

/**
 * The `tanka.dev/environment` label value: sha256 (hex) of the fields joined with
 * ":", first 48 characters. Fields default to `.metadata.name` and `.metadata.namespace`.
 * (For a map step such as `.metadata.labels.team` Tanka reads a random key of the
 * map, a bug; we read the named key.)
 */
export function nameLabel(env: EnvironmentLike): string {
  const fields = env.spec.tankaEnvLabelFromFields ?? [];
  const parts = fields.length > 0 ? fields.map((f) => lookupField(env, f)) : [env.metadata.name, env.metadata.namespace ?? ''];
  return createHash('sha256').update(parts.join(':'), 'utf8').digest('hex').slice(0, 48);
}

function injectLabels(list: Manifest[], env: EnvironmentLike): void {
  if (!env.spec.injectLabels) return;
  let value: string;
  try {
    value = nameLabel(env);
  } catch (e) {
    throw new ManifestError(`failed to get name label: ${(e as Error).message}`);
  }
  for (const m of list) {
    const md = metadata(m);
    if (!isObj(md.labels)) md.labels = {};
    (md.labels as Obj)[ENVIRONMENT_LABEL] = value;
  }
}

function resourceDefaults(list: Manifest[], env: EnvironmentLike): void {
  const annotations = Object.entries(env.spec.resourceDefaults?.annotations ?? {});
  const labels = Object.entries(env.spec.resourceDefaults?.labels ?? {});
  for (const m of list) {
    for (const [k, v] of annotations) {
      const a = subMap(metadata(m), 'annotations');
      if (!Object.prototype.hasOwnProperty.call(a, k)) a[k] = v;
    }
    for (const [k, v] of labels) {
      const l = subMap(metadata(m), 'labels');
      if (!Object.prototype.hasOwnProperty.call(l, k)) l[k] = v;
    }
  }
}

// ------------------------------------------------------------ targets (§4.6)

interface Matcher {
  negative: boolean;
  re: GoRegexp;
}

/**
 * Compiles `--target` values: each becomes `(?i)^<expr>$` (the expression is not
 * grouped, as in Tanka), a leading `!` makes it an exclusion. Values are also
 * split at commas, as pflag's StringSlice does.
 */
export function compileTargets(targets: string[]): Matcher[] {
  const out: Matcher[] = [];
  for (const raw of targets.flatMap((t) => t.split(','))) {
    const negative = raw.startsWith('!');
    const expr = negative ? raw.slice(1) : raw;
    try {
      out.push({ negative, re: GoRegexp.compile(`(?i)^${expr}$`) });
    } catch (e) {
      if (!(e instanceof GoRegexError)) throw e;
      // Tanka prints Go's regexp error through strings.Title.
      throw new ManifestError(
        `${title(e.message)}.\nSee https://tanka.dev/output-filtering/#regular-expressions for details on regular expressions.`,
      );
    }
  }
  return out;
}

/** `<kind>/<metadata.name>` (generateName is not used). */
function kindName(m: Manifest): string {
  const md = isObj(m.metadata) ? m.metadata : {};
  return `${m.kind}/${typeof md.name === 'string' ? md.name : ''}`;
}

/**
 * Tanka's Matchers: kept if any matcher "matches" and no exclusion matches. An
 * exclusion's "match" is always true (Tanka's quirk), so `-t a/.* -t '!b/x'`
 * keeps everything except b/x, not only a/*.
 */
function matches(matchers: Matcher[], s: string): boolean {
  const anyMatch = matchers.some((m) => m.negative || m.re.matchString(s));
  const ignored = matchers.some((m) => m.negative && m.re.matchString(s));
  return anyMatch && !ignored;
}

// ------------------------------------------------------------ sorting

const KIND_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget',
  'ServiceAccount', 'Secret', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim',
  'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role',
  'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet',
  'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'Ingress', 'APIService',
];

function metaString(m: Manifest, key: string): string {
  const md = isObj(m.metadata) ? m.metadata : {};
  return typeof md[key] === 'string' ? (md[key] as string) : '';
}

function kindIndex(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/**
 * Tanka's order: kind order, kind, namespace (after defaulting), name,
 * generateName. Tanka leaves ties (e.g. one name under two apiVersions) in
 * random order; we break them by extraction path, which is unique.
 */
function compareManifests(a: ExtractedManifest, b: ExtractedManifest): number {
  const ka = String(a.manifest.kind);
  const kb = String(b.manifest.kind);
  return (
    kindIndex(ka) - kindIndex(kb) ||
    compareBytes(ka, kb) ||
    compareBytes(metaString(a.manifest, 'namespace'), metaString(b.manifest, 'namespace')) ||
    compareBytes(metaString(a.manifest, 'name'), metaString(b.manifest, 'name')) ||
    compareBytes(metaString(a.manifest, 'generateName'), metaString(b.manifest, 'generateName')) ||
    compareBytes(a.path, b.path)
  );
}

// ------------------------------------------------------------ the pipeline

interface ProcessOptions {
  /** `--target` values (`kind/name` regexps, `!` to exclude). */
  targets?: string[];
}

/** The whole pipeline, keeping each manifest's extraction path. */
export function processManifestsWithPaths(raw: JsonValue, env: EnvironmentLike, opts: ProcessOptions = {}): ExtractedManifest[] {
  // Tanka compiles the targets before evaluating, so a bad regexp is reported first.
  const targets = (opts.targets ?? []).filter((t) => t !== '');
  const matchers = targets.length > 0 ? compileTargets(targets) : null;
  let extracted: ExtractedManifest[];
  try {
    extracted = extractManifests(raw);
  } catch (e) {
    if (e instanceof ManifestError) {
      throw new ManifestError(`got an error while extracting env \`${env.metadata.name}\`: ${e.message}`, e.path);
    }
    throw e;
  }
  let list = unwrapLists(extracted);
  const manifests = list.map((e) => e.manifest);
  defaultNamespaces(manifests, env.spec.namespace ?? '');
  injectLabels(manifests, env);
  resourceDefaults(manifests, env);
  if (matchers) list = list.filter((e) => matches(matchers, kindName(e.manifest)));
  return list.sort(compareManifests);
}

/** Tanka's processing of an evaluated environment: the manifests `tk show` prints, in order. */
export function processManifests(raw: JsonValue, env: EnvironmentLike, opts: ProcessOptions = {}): Manifest[] {
  return processManifestsWithPaths(raw, env, opts).map((e) => e.manifest);
}
