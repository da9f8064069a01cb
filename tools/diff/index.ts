// Semantic diff of two sets of Kubernetes objects (two environments' processed
// manifests, or exported YAML). Pure functions: objects in, a structured result
// out; formatting lives in format.ts.
//
// Objects are matched by (API group, kind, namespace, name); the API version is
// not part of the key so that `apps/v1beta2` → `apps/v1` shows as a change.
// Changes are field paths with old and new values. Arrays whose items all carry
// a unique `name` (containers, env, ports, volumes, ...) are matched by name.
// Values under a Secret's `data`/`stringData` are masked.

import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { apiGroup, record, text, type KubeObject } from '../k8s/object.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface FieldChange {
  /** `spec.template.spec.containers[name=loki].resources.limits.cpu` */
  path: string;
  op: 'added' | 'removed' | 'changed';
  old?: Json;
  new?: Json;
}

interface ObjectChange extends ObjectRef {
  /** Set when the object was renamed (same content, different name): the old name. */
  renamedFrom?: string;
  /** Set when apiVersion differs: the old one. */
  oldApiVersion?: string;
  changes: FieldChange[];
}

export interface DiffResult {
  added: ObjectRef[];
  removed: ObjectRef[];
  changed: ObjectChange[];
  renamed: ObjectChange[];
  identical: number;
  /** Identical objects per kind. */
  identicalByKind: Record<string, number>;
}

interface KindCounts {
  kind: string;
  added: number;
  removed: number;
  changed: number;
  renamed: number;
  identical: number;
}

export class DiffInputError extends Error {}

export const MASK = '<masked>';

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The identity of object `o`, or a DiffInputError naming `where` when it is not a Kubernetes object. */
export function refOf(o: Json, where: string): ObjectRef {
  const obj: KubeObject | undefined = record(o);
  if (!obj) throw new DiffInputError(`${where}: not an object`);
  const meta: ObjectMeta = record(obj.metadata) ?? {};
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || typeof meta.name !== 'string') {
    throw new DiffInputError(`${where}: an object needs apiVersion, kind and metadata.name`);
  }
  return { apiVersion: obj.apiVersion, kind: obj.kind, namespace: text(meta.namespace), name: meta.name };
}

function keyOf(r: ObjectRef, name = r.name): string {
  return `${apiGroup(r.apiVersion)}|${r.kind}|${r.namespace}|${name}`;
}

/** `Deployment mop/loki` or `ClusterRole kps` (apiVersion is shown by the formatter). */
export function describe(r: ObjectRef): string {
  return `${r.kind} ${r.namespace ? r.namespace + '/' : ''}${r.name}`;
}

function index(objects: Json[], side: string): Map<string, { ref: ObjectRef; obj: JsonObject }> {
  const out = new Map<string, { ref: ObjectRef; obj: JsonObject }>();
  objects.forEach((o, i) => {
    const ref = refOf(o, `${side}: object #${i + 1}`);
    const key = keyOf(ref);
    if (out.has(key)) throw new DiffInputError(`${side}: ${describe(ref)} appears twice`);
    out.set(key, { ref, obj: o as JsonObject });
  });
  return out;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function child(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** The items' names when every item is an object with a unique string `name`. */
function namedItems(a: Json[]): string[] | undefined {
  const names: string[] = [];
  for (const item of a) {
    if (!isObject(item) || typeof item.name !== 'string') return undefined;
    names.push(item.name);
  }
  return new Set(names).size === names.length ? names : undefined;
}

function equal(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

/** Field-level differences between two values, appended to `out`. */
function diffValues(a: Json | undefined, b: Json | undefined, path: string, out: FieldChange[]): void {
  if (equal(a, b)) return;
  if (a === undefined) {
    out.push({ path, op: 'added', new: b });
    return;
  }
  if (b === undefined) {
    out.push({ path, op: 'removed', old: a });
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))].sort();
    for (const k of keys) diffValues(a[k], b[k], child(path, k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const na = namedItems(a);
    const nb = namedItems(b);
    if (na && nb) {
      const byName = (arr: Json[], names: string[]) => new Map(names.map((n, i) => [n, arr[i]]));
      const ma = byName(a, na);
      const mb = byName(b, nb);
      for (const n of [...na, ...nb.filter((n) => !ma.has(n))]) diffValues(ma.get(n), mb.get(n), `${path}[name=${n}]`, out);
      return;
    }
    // Lists of objects compare item by item; lists of scalars (args, hosts) read better whole.
    if (a.some(isObject) || b.some(isObject)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) diffValues(a[i], b[i], `${path}[${i}]`, out);
      return;
    }
  }
  out.push({ path, op: 'changed', old: a, new: b });
}

function isSecret(r: ObjectRef): boolean {
  return r.kind === 'Secret' && apiGroup(r.apiVersion) === '';
}

function maskChange(c: FieldChange): FieldChange {
  const masked = (v: Json | undefined): Json | undefined => {
    if (v === undefined) return undefined;
    if (isObject(v)) return Object.fromEntries(Object.keys(v).map((k) => [k, MASK]));
    return MASK;
  };
  const m: FieldChange = { path: c.path, op: c.op };
  if ('old' in c) m.old = masked(c.old);
  if ('new' in c) m.new = masked(c.new);
  return m;
}

function objectChanges(ref: ObjectRef, a: JsonObject, b: JsonObject): FieldChange[] {
  const changes: FieldChange[] = [];
  diffValues({ ...a, apiVersion: null }, { ...b, apiVersion: null }, '', changes);
  if (!isSecret(ref)) return changes;
  return changes.map((c) => (/^(data|stringData)(\.|\[|$)/.test(c.path) ? maskChange(c) : c));
}

function withoutName(o: JsonObject): JsonObject {
  const meta = isObject(o.metadata) ? { ...o.metadata } : {};
  delete meta.name;
  return { ...o, metadata: meta };
}

function equalIgnoring(a: JsonObject, b: JsonObject, ignored: Set<string>): boolean {
  const changes: FieldChange[] = [];
  diffValues(a, b, '', changes);
  return changes.every((c) => ignored.has(c.path));
}

function sortRefs<T extends ObjectRef>(refs: T[]): T[] {
  const k = (r: ObjectRef) => [r.kind, r.namespace, r.name, r.apiVersion].join('\0');
  return refs.sort((x, y) => (k(x) < k(y) ? -1 : k(x) > k(y) ? 1 : 0));
}

interface DiffOptions {
  /** Field paths left out of the comparison (exact, as FieldChange.path prints them). */
  ignorePaths?: string[];
}

/**
 * The label Tanka injects with a hash of the environment's name (`injectLabels`): it
 * differs between any two environments by construction, so it is not a difference.
 */
export const ENV_LABEL_PATH = 'metadata.labels["tanka.dev/environment"]';

/** Compares the objects of side A with those of side B. */
export function diffManifests(a: Json[], b: Json[], opts: DiffOptions = {}): DiffResult {
  const ignored = new Set(opts.ignorePaths ?? [ENV_LABEL_PATH]);
  const ia = index(a, 'A');
  const ib = index(b, 'B');
  const result: DiffResult = { added: [], removed: [], changed: [], renamed: [], identical: 0, identicalByKind: {} };
  const removed: { ref: ObjectRef; obj: JsonObject }[] = [];
  for (const [key, x] of ia) {
    const y = ib.get(key);
    if (!y) {
      removed.push(x);
      continue;
    }
    const changes = objectChanges(y.ref, x.obj, y.obj).filter((c) => !ignored.has(c.path));
    if (x.ref.apiVersion !== y.ref.apiVersion) {
      changes.unshift({ path: 'apiVersion', op: 'changed', old: x.ref.apiVersion, new: y.ref.apiVersion });
    }
    if (changes.length === 0) {
      result.identical++;
      result.identicalByKind[y.ref.kind] = (result.identicalByKind[y.ref.kind] ?? 0) + 1;
    }
    else {
      const c: ObjectChange = { ...y.ref, changes };
      if (x.ref.apiVersion !== y.ref.apiVersion) c.oldApiVersion = x.ref.apiVersion;
      result.changed.push(c);
    }
  }
  const added = [...ib].filter(([key]) => !ia.has(key)).map(([, y]) => y);
  // A removed and an added object of the same group/kind/namespace whose content is
  // identical apart from the name is a rename.
  const unmatched = new Set(added);
  for (const x of removed) {
    const y = [...unmatched].find(
      (y) => keyOf(y.ref, '') === keyOf(x.ref, '') && equalIgnoring(withoutName(x.obj), withoutName(y.obj), ignored) && x.ref.apiVersion === y.ref.apiVersion,
    );
    if (y) {
      unmatched.delete(y);
      result.renamed.push({ ...y.ref, renamedFrom: x.ref.name, changes: [{ path: 'metadata.name', op: 'changed', old: x.ref.name, new: y.ref.name }] });
    } else result.removed.push(x.ref);
  }
  result.added = [...unmatched].map((y) => y.ref);
  sortRefs(result.added);
  sortRefs(result.removed);
  sortRefs(result.changed);
  sortRefs(result.renamed);
  return result;
}

export function isIdentical(r: DiffResult): boolean {
  return r.added.length + r.removed.length + r.changed.length + r.renamed.length === 0;
}

/** Counts per kind, sorted by kind. */
export function countsByKind(r: DiffResult): KindCounts[] {
  const m = new Map<string, KindCounts>();
  const get = (kind: string) => {
    let c = m.get(kind);
    if (!c) m.set(kind, (c = { kind, added: 0, removed: 0, changed: 0, renamed: 0, identical: 0 }));
    return c;
  };
  for (const x of r.added) get(x.kind).added++;
  for (const x of r.removed) get(x.kind).removed++;
  for (const x of r.changed) get(x.kind).changed++;
  for (const x of r.renamed) get(x.kind).renamed++;
  for (const [kind, n] of Object.entries(r.identicalByKind)) get(kind).identical += n;
  return [...m.values()].sort((x, y) => (x.kind < y.kind ? -1 : 1));
}
