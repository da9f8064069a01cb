// No two environments share a bucket on one S3 endpoint (issue 13, item 2):
// a canary on production's endpoint with production's buckets would run a
// second Loki compactor (with its own retention) and a second Mimir
// compactor on production's data. Read from each environment's config (the
// buckets every store is given) and checked against the rendered objects.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { manifests, root, type Obj } from '../platform/load.js';

const ENVS = ['local', 'dev', 'staging', 'production', 'production-canary'];

/** An environment's config.mop.s3 and cluster name (C++ jsonnet: config only, no chart is rendered). */
function s3Config(env: string): { cluster: string; s3: Obj } {
  const expr = `local c = (import 'environments/${env}/main.jsonnet').config; { cluster: c.cluster.name, s3: c.mop.s3 }`;
  return JSON.parse(execFileSync('jsonnet', ['-J', 'lib', '-J', 'vendor', '-e', expr], { cwd: root, encoding: 'utf8' }));
}

/** In-cluster endpoints (MinIO in the namespace) are one per cluster; external ones are shared by name. */
const endpointId = (cluster: string, endpoint: string) => (/\.svc(\.cluster\.local)?(:\d+)?$/.test(endpoint) ? `${cluster}:${endpoint}` : endpoint);

/** `[endpoint, bucket] -> environments` over the given environments. */
function bucketOwners(configs: Record<string, { cluster: string; s3: Obj }>): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [env, { cluster, s3 }] of Object.entries(configs)) {
    for (const store of Object.values(s3.stores) as Obj[]) {
      for (const bucket of Object.values(store.buckets) as string[]) {
        const key = `${endpointId(cluster, s3.endpoint)} ${bucket}`;
        owners.set(key, [...(owners.get(key) ?? []), env]);
      }
    }
  }
  return owners;
}

const shared = (owners: Map<string, string[]>) => [...owners].filter(([, envs]) => envs.length > 1).map(([k, envs]) => `${k}: ${envs.join(', ')}`);

describe('S3 buckets per environment', () => {
  const configs = Object.fromEntries(ENVS.map((e) => [e, s3Config(e)]));

  it('no two environments share a bucket on one endpoint', () => {
    const owners = bucketOwners(configs);
    expect(owners.size).toBeGreaterThanOrEqual(ENVS.length * 6); // Loki 2, Tempo 1, Mimir 3 per environment
    expect(shared(owners)).toEqual([]);
  });

  it('the check finds a canary that reuses production buckets', () => {
    const copy = { ...configs, 'production-canary': { ...configs['production-canary'], s3: configs.production.s3 } };
    expect(shared(bucketOwners(copy))).toContain('s3.example.internal mimir-blocks: production, production-canary');
  });

  it("production-canary's stores are configured with the canary's buckets, not production's", async () => {
    const ms = await manifests('production-canary');
    const want = new Set((Object.values(configs['production-canary'].s3.stores) as Obj[]).flatMap((s) => Object.values(s.buckets) as string[]));
    for (const b of want) expect(b).toMatch(/^canary-/);
    // every bucket named in the stores' configuration files
    const named = new Set<string>();
    const walk = (v: unknown, key = ''): void => {
      if (typeof v === 'string' && /bucket/i.test(key)) v.split(',').forEach((b) => named.add(b.trim()));
      else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    for (const o of ms.filter((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'mop')) {
      for (const [k, text] of Object.entries(o.data ?? {}) as [string, string][]) {
        if (/^(config\.yaml|mimir\.yaml|tempo\.yaml)$/.test(k)) walk(YAML.parse(text));
      }
    }
    expect([...named].filter((b) => !want.has(b))).toEqual([]);
    for (const b of ['canary-loki-chunks', 'canary-tempo-traces', 'canary-mimir-blocks']) expect(named).toContain(b);
  });
});
