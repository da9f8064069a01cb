// Loads the real environments (helm output is cached in .cache/tkts). About twenty test files read the
// same environments: each is evaluated once per run and kept in the run's cache folder
// (tests/helpers/run-cache.ts), keyed by the content of everything the evaluation reads (lib, environments,
// vendor, charts, the toolkit's sources), so an edit means a new evaluation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentDigest, runCacheDir } from '../helpers/run-cache.js';
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
    p = evaluatedOnce(env);
    cache.set(env, p);
  }
  return p;
}

const INPUTS = ['lib', 'environments', 'vendor', 'charts', 'jsonnetfile.json', 'chartfile.yaml', 'tools'];
let inputsDigest: string | undefined;

async function evaluatedOnce(env: string): Promise<Obj[]> {
  inputsDigest ??= contentDigest(INPUTS.map((p) => path.join(root, p)));
  const file = path.join(runCacheDir('manifests'), `${env}-${inputsDigest}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Obj[];
  const manifests = (await loadEnvironment(path.join(root, 'environments', env))).manifests as unknown as Obj[];
  // Another worker may be writing the same entry: each renames its own complete copy into place.
  fs.writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(manifests));
  fs.renameSync(`${file}.${process.pid}.tmp`, file);
  return manifests;
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
