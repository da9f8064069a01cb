// Gitea and its database (issue 13, items 4, 13 and 15), on the rendered
// environments.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { find, manifests, podSpecs, root, selects, serviceUrlProblem, type Obj } from '../platform/load.js';

const ALL = ['local', 'dev', 'staging', 'production', 'production-canary'];

const giteaWorkload = (ms: Obj[]) => podSpecs(ms).find(({ owner }) => owner.metadata.namespace === 'raibid' && owner.metadata.labels?.['app.kubernetes.io/name'] === 'gitea')!;
const postgresWorkload = (ms: Obj[]) => podSpecs(ms).find(({ owner }) => owner.metadata.namespace === 'raibid' && owner.metadata.labels?.['app.kubernetes.io/name'] === 'postgresql')!;
/** Where an env var's value comes from: the literal, or `secret <name>/<key>`. */
const source = (container: Obj, name: string): string | undefined => {
  const e = (container.env ?? []).find((v: Obj) => v.name === name);
  if (!e) return undefined;
  const ref = e.valueFrom?.secretKeyRef;
  return ref ? `secret ${ref.name}/${ref.key}` : `value ${e.value}`;
};
/** A Secret exists among the objects, or an ExternalSecret produces it, with these keys. */
const secretKeys = (ms: Obj[], ns: string, name: string): string[] | undefined => {
  const s = find(ms, 'Secret', ns, name);
  if (s) return Object.keys({ ...s.data, ...s.stringData });
  const es = ms.find((o) => o.kind === 'ExternalSecret' && o.metadata.namespace === ns && (o.spec.target?.name ?? o.metadata.name) === name);
  return es?.spec.data.map((d: Obj) => d.secretKey);
};

describe('chartfile.yaml', () => {
  it('pins no chart at the 0.0.0 placeholder that upstream never publishes', () => {
    const cf = YAML.parse(readFileSync(path.join(root, 'chartfile.yaml'), 'utf8'));
    expect(cf.requires.filter((r: Obj) => r.version === '0.0.0' || r.version === 'v0.0.0').map((r: Obj) => r.chart)).toEqual([]);
  });
});

describe.each(ALL)('environments/%s', (env) => {
  it('runs Gitea from the official rootless image, pinned', async () => {
    const { spec } = giteaWorkload(await manifests(env));
    for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) expect(c.image).toMatch(/^docker\.gitea\.com\/gitea:\d+\.\d+\.\d+-rootless$/);
  });

  it('connects Gitea to PostgreSQL as the user and password PostgreSQL is created with (one source each)', async () => {
    const ms = await manifests(env);
    const pg = postgresWorkload(ms).spec.containers.find((c: Obj) => c.name === 'postgres');
    const { spec } = giteaWorkload(ms);
    for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
      expect(source(c, 'GITEA__DATABASE__USER'), `${c.name}: database user`).toBe(source(pg, 'POSTGRES_USER'));
      expect(source(c, 'GITEA__DATABASE__PASSWD'), `${c.name}: database password`).toBe(source(pg, 'POSTGRES_PASSWORD'));
      expect(source(c, 'GITEA__DATABASE__NAME')).toBe(source(pg, 'POSTGRES_DB'));
    }
    // the password comes from a Secret that is provided (generated in local, an ExternalSecret or declared elsewhere)
    const pw = source(pg, 'POSTGRES_PASSWORD')!;
    expect(pw).toMatch(/^secret /);
    const [name, key] = pw.slice('secret '.length).split('/');
    if (env === 'local') expect(secretKeys(ms, 'raibid', name)).toEqual([key]);
    else if (secretKeys(ms, 'raibid', name)) expect(secretKeys(ms, 'raibid', name)).toContain(key);
  });

  it("gives Gitea a ROOT_URL the agents' pods reach, and has them push to that registry", async () => {
    const ms = await manifests(env);
    const { spec, owner } = giteaWorkload(ms);
    const gitea = spec.containers.find((c: Obj) => c.name === 'gitea');
    const rootUrl = new URL(source(gitea, 'GITEA__SERVER__ROOT_URL')!.slice('value '.length));
    // The registry's token realm is <ROOT_URL>v2/token: reachable in the cluster,
    // through the Ingress (HTTPS, its host in the TLS certificate) or the Service.
    if (rootUrl.protocol === 'https:') {
      const ing = ms.find((o) => o.kind === 'Ingress' && o.spec.rules.some((r: Obj) => r.host === rootUrl.hostname))!;
      expect(ing, `Ingress for ${rootUrl.hostname}`).toBeTruthy();
      expect(ing.spec.tls.flatMap((t: Obj) => t.hosts)).toContain(rootUrl.hostname);
      const backend = ing.spec.rules[0].http.paths[0].backend.service;
      const svc = find(ms, 'Service', 'raibid', backend.name)!;
      expect(selects(svc.spec.selector, owner.spec.template.metadata.labels)).toBe(true);
    } else {
      expect(serviceUrlProblem(ms, rootUrl.href, 'raibid')).toBeUndefined();
      const svc = find(ms, 'Service', 'raibid', rootUrl.hostname.split('.')[0])!;
      expect(selects(svc.spec.selector, owner.spec.template.metadata.labels)).toBe(true);
    }
    const agent = find(ms, 'ScaledJob', 'raibid', 'raibid-agent')!.spec.jobTargetRef.template.spec.containers[0];
    const server = find(ms, 'ConfigMap', 'raibid', 'raibid-server')!.data;
    expect(source(agent, 'GITEA_REGISTRY')).toBe(`value ${rootUrl.host}`);
    expect(server.GITEA_REGISTRY).toBe(rootUrl.host);
    expect(source(agent, 'GITEA_REGISTRY_INSECURE')).toBe(`value ${rootUrl.protocol === 'http:'}`);
  });

  it('scrapes Gitea metrics with the token Gitea requires', async () => {
    const ms = await manifests(env);
    const { spec } = giteaWorkload(ms);
    const gitea = spec.containers.find((c: Obj) => c.name === 'gitea');
    expect(source(gitea, 'GITEA__METRICS__ENABLED')).toBe('value true');
    const token = source(gitea, 'GITEA__METRICS__TOKEN')!;
    const sm = find(ms, 'ServiceMonitor', 'raibid', 'gitea')!;
    const [ep] = sm.spec.endpoints;
    expect(`secret ${ep.authorization.credentials.name}/${ep.authorization.credentials.key}`).toBe(token);
    const svc = ms.find((o) => o.kind === 'Service' && o.metadata.namespace === 'raibid' && selects(sm.spec.selector.matchLabels, o.metadata.labels) && o.spec.ports.some((p: Obj) => p.name === ep.port))!;
    expect(svc.spec.ports.find((p: Obj) => p.name === ep.port).port).toBe(3000);
  });
});
