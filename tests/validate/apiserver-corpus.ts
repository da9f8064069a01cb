// The differential corpus: one-mistake variants of the project's real objects, kept as data in
// tests/validate/apiserver-corpus/*.yaml. Each entry names a base object of a rendered environment
// (`dev Service/mop/mimir-gateway`, `dev ClusterRole/alloy`), a JSON patch (RFC 6902: add, remove,
// replace, move, copy) and why the change is a plausible mistake:
//
//   - base: dev Service/mop/mimir-gateway
//     why: a second port with the same number and protocol
//     patch:
//       - { op: add, path: /spec/ports/-, value: { name: extra, port: 8080 } }
//
// Objects are moved out of the way of whatever else the test API server holds: namespaces get the
// prefix `vd-`, cluster-scoped objects too (before the patch, so a patched name stays as written),
// Namespace objects `vd-ns-`.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type Obj = { [k: string]: any };

export interface PatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy';
  path: string;
  from?: string;
  value?: unknown;
}

export interface CorpusEntry {
  /** `file.yaml#3` */
  id: string;
  base: string;
  why: string;
  patch: PatchOp[];
}

export const CORPUS_DIR = join(import.meta.dirname, 'apiserver-corpus');
export const PREFIX = 'vd-';

export function loadCorpus(dir = CORPUS_DIR): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    let entries: Obj[];
    try {
      entries = parse(readFileSync(join(dir, file), 'utf8')) as Obj[];
    } catch (e) {
      throw new Error(`${join(dir, file)}: ${(e as Error).message}`);
    }
    if (!Array.isArray(entries)) throw new Error(`${file}: expected a list of entries`);
    entries.forEach((e, i) => {
      const id = `${file}#${i + 1}`;
      if (typeof e.base !== 'string' || typeof e.why !== 'string' || !Array.isArray(e.patch) || e.patch.length === 0) {
        throw new Error(`${id}: an entry needs base, why and a non-empty patch`);
      }
      out.push({ id, base: e.base, why: e.why, patch: e.patch as PatchOp[] });
    });
  }
  return out;
}

/** `dev Service/mop/mimir-gateway` → its parts. */
export function parseBase(base: string): { env: string; kind: string; namespace?: string; name: string } {
  const m = /^(\S+) ([A-Za-z]+)\/(?:([^/\s]+)\/)?([^/\s]+)$/.exec(base);
  if (!m) throw new Error(`bad base reference ${JSON.stringify(base)} (expected "<env> Kind/namespace/name" or "<env> Kind/name")`);
  return { env: m[1]!, kind: m[2]!, namespace: m[3], name: m[4]! };
}

export function findBase(objects: Obj[], base: string): Obj {
  const { kind, namespace, name } = parseBase(base);
  const hit = objects.find((o) => o.kind === kind && o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace));
  if (!hit) throw new Error(`base object ${base} is not among the environment's objects`);
  return hit;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PriorityClass', 'IngressClass', 'ClusterIssuer', 'PersistentVolume']);

/** A copy of the object moved into the test's own namespaces and names. */
export function isolate(obj: Obj): Obj {
  const copy = structuredClone(obj);
  copy.metadata ??= {};
  if (copy.kind === 'Namespace') {
    // Not PREFIX: the namespaces of the other objects are created first and would collide.
    copy.metadata.name = `${PREFIX}ns-${copy.metadata.name}`;
  } else if (copy.kind === 'APIService') {
    // Named <version>.<group>: move the group instead of the name.
    copy.spec.group = PREFIX + copy.spec.group;
    copy.metadata.name = `${copy.spec.version}.${copy.spec.group}`;
  } else if (CLUSTER_SCOPED.has(copy.kind)) {
    copy.metadata.name = PREFIX + copy.metadata.name;
    delete copy.metadata.namespace;
  } else if (typeof copy.metadata.namespace === 'string') {
    copy.metadata.namespace = PREFIX + copy.metadata.namespace;
  }
  return copy;
}

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parentOf(doc: Obj, path: string, id: string): { parent: any; key: string } {
  if (!path.startsWith('/')) throw new Error(`${id}: path ${JSON.stringify(path)} must start with "/"`);
  const tokens = path.slice(1).split('/').map(unescape);
  const key = tokens.pop()!;
  let cur: any = doc;
  for (const t of tokens) {
    cur = Array.isArray(cur) ? cur[Number(t)] : cur?.[t];
    if (cur === undefined || cur === null || typeof cur !== 'object') throw new Error(`${id}: ${path}: ${t} does not exist in the base object`);
  }
  return { parent: cur, key };
}

function get(doc: Obj, path: string, id: string): unknown {
  const { parent, key } = parentOf(doc, path, id);
  const v = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (v === undefined) throw new Error(`${id}: ${path} does not exist in the base object`);
  return v;
}

/** Applies a JSON patch in place; a path that does not exist is an error naming the entry. */
export function applyPatch(doc: Obj, ops: PatchOp[], id: string): Obj {
  for (const op of ops) {
    const value = op.op === 'move' || op.op === 'copy' ? structuredClone(get(doc, op.from!, id)) : structuredClone(op.value);
    if (op.op === 'move') applyPatch(doc, [{ op: 'remove', path: op.from! }], id);
    const { parent, key } = parentOf(doc, op.path, id);
    if (op.op === 'remove' || op.op === 'replace') {
      const exists = Array.isArray(parent) ? Number(key) < parent.length : key in parent;
      if (!exists) throw new Error(`${id}: ${op.op} ${op.path}: no such field in the base object`);
      if (op.op === 'remove') {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      } else parent[key] = value;
    } else if (op.op === 'add' || op.op === 'move' || op.op === 'copy') {
      if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, value);
      else parent[key] = value;
    } else {
      throw new Error(`${id}: unsupported op ${JSON.stringify((op as PatchOp).op)}`);
    }
  }
  return doc;
}
