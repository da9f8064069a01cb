// S3 isolation: the apps a project lists as stores (validate.config.json
// `s3Stores`, e.g. Loki, Tempo and Mimir) each keep their data in their own
// bucket and use their own credentials Secret, so a compromise of one store
// does not expose the others. Without stores listed, nothing is checked.
//
// The heuristic, in three steps:
// 1. Which store an object belongs to. The first of these values that names
//    exactly one store wins: labels app.kubernetes.io/name, part-of, instance,
//    `app`, `k8s-app`, `name` (of the object, then of its pod template), then
//    metadata.name. A value names a store when one of its words (split on
//    anything but letters and digits) starts with the store's name (for
//    stores loki and mimir: "mimir-distributed", "loki-write" count;
//    "grafana-datasources" does not, so a datasource ConfigMap never counts).
// 2. The buckets of a store: in its ConfigMaps and Secrets (each data value
//    scanned line by line, which covers YAML, JSON and flag files without
//    parsing them), every value of a key `bucket`, `bucket_name`,
//    `bucketnames`, `bucket_names` (comma lists split) and the bucket of
//    `s3://...` URLs; in its containers, `-...bucket...=<v>` args
//    and `*BUCKET*` env literals. `${VAR}` / `${VAR:-default}` placeholders
//    are resolved from the store's env literals (or the default); unresolved
//    placeholders are ignored rather than guessed.
// 3. The credentials Secrets of a store: Secrets its containers read through
//    `envFrom.secretRef`, or through `secretKeyRef` for env vars whose names
//    look like S3 credentials (ACCESS_KEY, SECRET_KEY, AWS_, S3_, MINIO).
// A bucket or Secret (namespace/name) used by two stores is an error on every
// object that uses it.

import { asArray, asObj, asString, containersOf, isObj, type Item } from './model.js';
import type { PathSegment } from './paths.js';
import type { Report } from './policies.js';

type Store = string;
const LABEL_KEYS = ['app.kubernetes.io/name', 'app.kubernetes.io/part-of', 'app.kubernetes.io/instance', 'app', 'k8s-app', 'name'];

function storeIn(value: string, stores: Store[]): Store | undefined {
  const words = value.toLowerCase().split(/[^a-z0-9]+/);
  const found = new Set(stores.filter((s) => words.some((w) => w.startsWith(s.toLowerCase()))));
  return found.size === 1 ? [...found][0] : undefined;
}

export function storeOf(item: Item, stores: Store[]): Store | undefined {
  const candidates: string[] = [];
  for (const k of LABEL_KEYS) if (item.labels[k]) candidates.push(item.labels[k]!);
  if (item.pod) for (const k of LABEL_KEYS) if (item.pod.labels[k]) candidates.push(item.pod.labels[k]!);
  candidates.push(item.name);
  for (const c of candidates) {
    const s = storeIn(c, stores);
    if (s) return s;
  }
  return undefined;
}

interface Use {
  store: Store;
  value: string;
  item: Item;
  path: PathSegment[];
}

const BUCKET_LINE = /^\s*(?:-\s+|\{\s*)?["']?(bucket|bucket_?names?|bucketnames)["']?\s*[:=]\s*["']?(\$\{[^}]*\}|[^"'#\s,{}][^"'#{}]*?)["']?\s*[,}\]]*\s*(?:#.*)?$/i;
const S3_URL = /\bs3:\/\/(?:[^@/\s]*@)?[^/\s]*\/([^/\s"']+)/g;

/** Bucket names in a configuration text (YAML, JSON or flags), by line. */
export function bucketsInText(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = BUCKET_LINE.exec(line);
    if (m) out.push(...m[2]!.split(',').map((s) => s.trim()).filter(Boolean));
    for (const u of line.matchAll(S3_URL)) out.push(u[1]!);
  }
  return out;
}

function configTexts(item: Item): { key: string; text: string; field: string }[] {
  const out: { key: string; text: string; field: string }[] = [];
  const data = asObj(item.obj.data) ?? {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string') continue;
    out.push({ key: k, field: 'data', text: item.kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v });
  }
  const sd = asObj(item.obj.stringData) ?? {};
  for (const [k, v] of Object.entries(sd)) if (typeof v === 'string') out.push({ key: k, field: 'stringData', text: v });
  return out;
}

function resolvePlaceholder(value: string, env: Map<string, string>): string | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}$/.exec(value);
  if (!m) return value.includes('${') ? undefined : value;
  return env.get(m[1]!) ?? (m[2] !== undefined && m[2] !== '' ? m[2] : undefined);
}

const S3_CREDENTIAL_ENV = /(ACCESS_?KEY|SECRET_?KEY|AWS_|S3_|MINIO)/i;

export function checkS3Isolation(items: Item[], stores: Store[], report: Report): void {
  if (stores.length < 2) return;
  const byStore = new Map<Store, Item[]>();
  for (const item of items) {
    if (item.kind !== 'ConfigMap' && item.kind !== 'Secret' && !item.pod) continue;
    const s = storeOf(item, stores);
    if (!s) continue;
    let list = byStore.get(s);
    if (!list) byStore.set(s, (list = []));
    list.push(item);
  }
  if (byStore.size < 2) return; // nothing to share with

  const buckets: Use[] = [];
  const secrets: Use[] = [];
  for (const [store, storeItems] of byStore) {
    // Literal env values of the store's containers, to resolve ${VAR} placeholders.
    const env = new Map<string, string>();
    for (const item of storeItems) {
      if (!item.pod) continue;
      for (const { c } of containersOf(item.pod)) {
        for (const e of asArray(c.env)) if (isObj(e) && typeof e.name === 'string' && typeof e.value === 'string') env.set(e.name, e.value);
      }
    }
    for (const item of storeItems) {
      if (item.kind === 'ConfigMap' || item.kind === 'Secret') {
        for (const { key, text, field } of configTexts(item)) {
          if (!/bucket|s3:\/\//i.test(text)) continue;
          for (const b of bucketsInText(text)) {
            const value = resolvePlaceholder(b, env);
            if (value) buckets.push({ store, value, item, path: [field, key] });
          }
        }
        continue;
      }
      for (const { c, path } of containersOf(item.pod!)) {
        asArray(c.args).forEach((a, i) => {
          const m = typeof a === 'string' ? /^--?([A-Za-z0-9_.-]*bucket[A-Za-z0-9_.-]*)=(.+)$/i.exec(a) : null;
          if (!m || /endpoint|region|prefix|lookup/i.test(m[1]!)) return;
          for (const b of m[2]!.split(',')) {
            const value = resolvePlaceholder(b.trim(), env);
            if (value) buckets.push({ store, value, item, path: [...path, 'args', i] });
          }
        });
        asArray(c.env).forEach((e, i) => {
          if (!isObj(e)) return;
          const name = asString(e.name) ?? '';
          if (/BUCKET/i.test(name) && typeof e.value === 'string' && e.value && !/ENDPOINT|REGION|PREFIX/i.test(name)) {
            const value = resolvePlaceholder(e.value, env);
            if (value) buckets.push({ store, value, item, path: [...path, 'env', i, 'value'] });
          }
          const ref = asString(asObj(asObj(e.valueFrom)?.secretKeyRef)?.name);
          if (ref && S3_CREDENTIAL_ENV.test(name)) secrets.push({ store, value: `${item.namespace}/${ref}`, item, path: [...path, 'env', i, 'valueFrom', 'secretKeyRef', 'name'] });
        });
        asArray(c.envFrom).forEach((e, i) => {
          const ref = asString(asObj(isObj(e) ? e.secretRef : undefined)?.name);
          if (ref) secrets.push({ store, value: `${item.namespace}/${ref}`, item, path: [...path, 'envFrom', i, 'secretRef', 'name'] });
        });
      }
    }
  }
  reportShared(buckets, 's3-own-bucket', (u, others) => `${u.store} uses bucket "${u.value}", which ${others} also use${others.includes(' and ') ? '' : 's'}; each store needs its own bucket`, report);
  reportShared(secrets, 's3-own-credentials', (u, others) => `${u.store} reads S3 credentials from Secret ${u.value}, which ${others} also use${others.includes(' and ') ? '' : 's'}; each store needs its own credentials`, report);
}

function reportShared(uses: Use[], rule: string, message: (u: Use, others: string) => string, report: Report): void {
  const storesByValue = new Map<string, Set<Store>>();
  for (const u of uses) {
    let s = storesByValue.get(u.value);
    if (!s) storesByValue.set(u.value, (s = new Set()));
    s.add(u.store);
  }
  const done = new Set<string>();
  for (const u of uses) {
    const stores = storesByValue.get(u.value)!;
    if (stores.size < 2) continue;
    const key = `${u.item.index}|${u.value}|${rule}`;
    if (done.has(key)) continue;
    done.add(key);
    const others = [...stores].filter((s) => s !== u.store).join(' and ');
    report(u.item, rule, message(u, others), u.path);
  }
}
