// Loads the real environments once per test file (helm output is cached in .cache/tkts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadEnvironment } from '../../tools/tanka/index.js';

export type Obj = { [k: string]: any };
export const root = path.resolve(import.meta.dirname, '../..');

const cache = new Map<string, Promise<Obj[]>>();

/** The environment's objects, as plain JSON objects. */
export async function manifests(env: string): Promise<Obj[]> {
  if (!fs.existsSync(path.join(root, 'charts', 'loki', 'Chart.yaml'))) {
    throw new Error('charts/ is missing: run `npm run vendor` (CHART_MIRROR=../shared/charts-mirror) before these tests');
  }
  let p = cache.get(env);
  if (!p) {
    p = loadEnvironment(path.join(root, 'environments', env)).then((r) => r.manifests as unknown as Obj[]);
    cache.set(env, p);
  }
  return p;
}

/** A label selector's matchLabels select an object with these labels. */
export const selects = (matchLabels: Obj | undefined, labels: Obj | undefined): boolean =>
  Object.entries(matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);

export const find = (ms: Obj[], kind: string, ns: string | undefined, name: string): Obj | undefined =>
  ms.find((m) => m.kind === kind && m.metadata.name === name && (ns === undefined || m.metadata.namespace === ns));

/** Containers and init containers of every pod template (ScaledJob job templates included). */
export function podSpecs(ms: Obj[]): { owner: Obj; spec: Obj }[] {
  const out: { owner: Obj; spec: Obj }[] = [];
  for (const m of ms) {
    const spec = m.spec?.template?.spec ?? m.spec?.jobTargetRef?.template?.spec ?? m.spec?.jobTemplate?.spec?.template?.spec;
    if (spec) out.push({ owner: m, spec });
  }
  return out;
}

/** `http://svc.ns.svc.cluster.local:3100/x`, `svc.ns:4317`, `svc:80` → service, namespace, port. */
export function parseServiceUrl(url: string, defaultNs: string): { service: string; namespace: string; port: number } {
  const m = /^(?:[a-z]+:\/\/)?([a-z0-9-]+)(?:\.([a-z0-9-]+))?(?:\.svc(?:\.cluster\.local)?)?(?::(\d+))?(?:\/.*)?$/.exec(url);
  if (!m) throw new Error(`not an in-cluster service URL: ${url}`);
  const port = m[3] ? Number(m[3]) : url.startsWith('https') ? 443 : 80;
  return { service: m[1], namespace: m[2] ?? defaultNs, port };
}

/** Error text when the URL names no Service and port among the objects, else undefined. */
export function serviceUrlProblem(ms: Obj[], url: string, defaultNs: string): string | undefined {
  const { service, namespace, port } = parseServiceUrl(url, defaultNs);
  const svc = find(ms, 'Service', namespace, service);
  if (!svc) return `${url}: no Service ${namespace}/${service}`;
  if (!(svc.spec.ports ?? []).some((p: Obj) => p.port === port)) return `${url}: Service ${namespace}/${service} has no port ${port}`;
  return undefined;
}
