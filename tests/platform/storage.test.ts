// Volumes of the MOP stores (issue 13, items 9 and 11): sizes come from
// config per environment (not the charts' 2 Gi defaults), the StorageClass is
// one config value (mop.storageClassName), and where config turns
// persistence off no PVC appears (Loki's single binary made one regardless).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../tools/tanka/index.js';
import { manifests, root, type Obj } from './load.js';

const ENVS = ['local', 'dev', 'staging', 'production', 'production-canary'];

function mopConfig(env: string): Obj {
  // only the fields read here (others are required settings that error where unused)
  const expr = `local m = (import 'environments/${env}/main.jsonnet').config.mop; {
    storageClassName: m.storageClassName,
    loki: { persistence: m.loki.persistence, mode: m.loki.mode, storage: m.loki.storage },
    mimir: { persistence: m.mimir.persistence, storage: m.mimir.storage },
    tempo: { mode: m.tempo.mode, persistence: m.tempo.persistence, storage: m.tempo.storage },
    minio: { enabled: m.minio.enabled, storage: m.minio.storage },
    kafka: { external: m.kafka.external, storage: m.kafka.storage },
  }`;
  return JSON.parse(execFileSync('jsonnet', ['-J', 'lib', '-J', 'vendor', '-e', expr], { cwd: root, encoding: 'utf8' }));
}

/** `workload/claim -> { size, storageClassName }` for every volume claim of the mop namespace. */
function claims(ms: Obj[]): Record<string, { size: string; storageClassName?: string | null }> {
  const out: Record<string, { size: string; storageClassName?: string | null }> = {};
  for (const o of ms.filter((x) => x.metadata.namespace === 'mop')) {
    for (const t of o.spec?.volumeClaimTemplates ?? []) {
      out[`${o.metadata.name}/${t.metadata.name}`] = { size: t.spec.resources.requests.storage, storageClassName: t.spec.storageClassName ?? null };
    }
    if (o.kind === 'PersistentVolumeClaim') out[o.metadata.name] = { size: o.spec.resources.requests.storage, storageClassName: o.spec.storageClassName ?? null };
  }
  return out;
}

describe.each(ENVS)('environments/%s', (env) => {
  it('sizes every MOP volume from config, with the configured StorageClass', async () => {
    const ms = await manifests(env);
    const c = mopConfig(env);
    const got = claims(ms);
    const want: Record<string, string> = {};
    if (c.loki.persistence) {
      if (c.loki.mode === 'Monolithic') want['loki/storage'] = c.loki.storage.single;
      else Object.assign(want, { 'loki-write/data': c.loki.storage.write, 'loki-backend/data': c.loki.storage.backend });
    }
    if (c.mimir.persistence) {
      Object.assign(want, { 'mimir-ingester/storage': c.mimir.storage.ingester, 'mimir-compactor/storage': c.mimir.storage.compactor, 'mimir-store-gateway/storage': c.mimir.storage.storeGateway });
    }
    if (c.tempo.mode === 'monolithic' && c.tempo.persistence) want['tempo/storage'] = c.tempo.storage;
    if (c.minio.enabled) want['minio/data'] = c.minio.storage;
    if (c.tempo.mode === 'distributed' && c.kafka.external === null) want['kafka/data'] = c.kafka.storage;
    expect(Object.fromEntries(Object.entries(got).map(([k, v]) => [k, v.size]))).toEqual(want);
    for (const [k, v] of Object.entries(got)) expect(v.storageClassName, k).toBe(c.storageClassName);
  });
});

describe('config', () => {
  it('local asks for no Loki volume (persistence off), production sizes Mimir beyond the chart default', async () => {
    expect(Object.keys(claims(await manifests('local'))).filter((k) => k.startsWith('loki'))).toEqual([]);
    const prod = claims(await manifests('production'));
    expect(prod['mimir-ingester/storage'].size).not.toBe('2Gi');
  });

  it('one StorageClass value reaches every MOP volume', async () => {
    const env = await loadEnvironment(path.join(root, 'tests/fixtures/tanka/production-storage-class'));
    const got = claims(env.manifests as unknown as Obj[]);
    expect(Object.keys(got).length).toBeGreaterThanOrEqual(6);
    for (const [k, v] of Object.entries(got)) expect(v.storageClassName, k).toBe('fast-ssd');
  });
});
