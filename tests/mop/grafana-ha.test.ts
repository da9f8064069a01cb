// Grafana with more than one replica (issue 13, item 3): the replicas share
// an external PostgreSQL (SQLite cannot be shared, nor can one ReadWriteOnce
// volume be attached twice) and gossip alert state over a headless Service
// (unified_alerting.ha_peers), so each notification goes out once.
import { describe, expect, it } from 'vitest';
import { find, manifests, selects, serviceUrlProblem, type Obj } from '../platform/load.js';

const ENVS = ['local', 'dev', 'staging', 'production', 'production-canary'];

/** grafana.ini as { section: { key: value } } (the chart writes `key = value` lines under `[section]`). */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = { '': {} };
  let section = '';
  for (const line of text.split('\n')) {
    const head = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (head) out[(section = head[1])] ??= {};
    const kv = /^\s*([^=#;\s]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (kv && !head) out[section][kv[1]] = kv[2];
  }
  return out;
}

const secretProvided = (ms: Obj[], ns: string, name: string) =>
  !!find(ms, 'Secret', ns, name) || ms.some((o) => o.kind === 'ExternalSecret' && o.metadata.namespace === ns && (o.spec.target?.name ?? o.metadata.name) === name);

describe.each(ENVS)('environments/%s Grafana', (env) => {
  it('runs several replicas only on PostgreSQL, without a shared volume, with HA peers over a headless Service', async () => {
    const ms = await manifests(env);
    const deploy = find(ms, 'Deployment', 'mop', 'grafana')!;
    const ini = parseIni(find(ms, 'ConfigMap', 'mop', 'grafana')!.data['grafana.ini']);
    const pod = deploy.spec.template.spec;
    const claims = (pod.volumes ?? []).filter((v: Obj) => v.persistentVolumeClaim);
    if (deploy.spec.replicas === 1) {
      expect(ini.database?.type ?? 'sqlite3').toMatch(/sqlite3|postgres/);
      return;
    }
    expect(claims, 'no PVC shared by replicas').toEqual([]);
    expect(ms.filter((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.namespace === 'mop' && /grafana/.test(o.metadata.name))).toEqual([]);
    expect(ini.database.type).toBe('postgres');
    expect(ini.database.host).toMatch(/^[a-z0-9.-]+:\d+$/);
    expect(ini.database.password, 'the password comes from GF_DATABASE_PASSWORD').toBeUndefined();
    const grafana = pod.containers.find((c: Obj) => c.name === 'grafana');
    const fromSecrets = (grafana.envFrom ?? []).map((e: Obj) => e.secretRef?.name).filter(Boolean) as string[];
    const dbSecret = fromSecrets.find((n) => /database/.test(n));
    expect(dbSecret, 'a Secret with GF_DATABASE_PASSWORD').toBeDefined();
    expect(secretProvided(ms, 'mop', dbSecret!)).toBe(true);

    const peers = ini.unified_alerting?.ha_peers;
    expect(peers, '[unified_alerting] ha_peers').toBeTruthy();
    expect(serviceUrlProblem(ms, peers, 'mop')).toBeUndefined();
    const headless = find(ms, 'Service', 'mop', peers.split('.')[0])!;
    expect(headless.spec.clusterIP).toBe('None');
    expect(selects(headless.spec.selector, deploy.spec.template.metadata.labels)).toBe(true);
    expect(ini.unified_alerting.ha_listen_address).toMatch(/:9094$/);
    expect(grafana.ports.some((p: Obj) => p.containerPort === 9094)).toBe(true);
  });
});

it('production runs Grafana with more than one replica (the HA case above is exercised)', async () => {
  expect(find(await manifests('production'), 'Deployment', 'mop', 'grafana')!.spec.replicas).toBeGreaterThan(1);
});
