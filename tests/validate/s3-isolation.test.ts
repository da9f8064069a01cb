// S3 isolation: each store listed in s3Stores its own bucket and its own credentials Secret.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storeOf } from '../../tools/validate/s3-isolation.js';
import { buildItem } from '../../tools/validate/model.js';
import { check, container, labels, type Obj } from './helpers.js';

const NS = 'mop';
const STORES = ['loki', 'tempo', 'mimir'];

function store(name: string, opts: { bucketConfig: string; secret: string; env?: Obj[]; secretViaKeyRef?: boolean; args?: string[] }): Obj[] {
  const l = { ...labels(name), 'app.kubernetes.io/part-of': 'mop' };
  const c = container(name, {
    args: [`-config.file=/etc/${name}/config.yaml`, '-config.expand-env=true', ...(opts.args ?? [])],
    env: opts.secretViaKeyRef
      ? [
          { name: 'S3_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: opts.secret, key: 'access_key_id' } } },
          { name: 'S3_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: opts.secret, key: 'secret_access_key' } } },
          ...(opts.env ?? []),
        ]
      : (opts.env ?? []),
    envFrom: opts.secretViaKeyRef ? [] : [{ secretRef: { name: opts.secret } }],
  });
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-config`, namespace: NS, labels: l }, data: { 'config.yaml': opts.bucketConfig } },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace: NS, labels: l },
      spec: { serviceName: name, replicas: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name } }, template: { metadata: { labels: l }, spec: { containers: [c] } } },
    },
  ];
}

const lokiCfg = (bucket: string) => `common:\n  storage:\n    s3:\n      endpoint: minio.mop.svc:9000\n      bucketnames: ${bucket}\n      access_key_id: \${S3_ACCESS_KEY_ID}\n      secret_access_key: \${S3_SECRET_ACCESS_KEY}\n`;
const tempoCfg = (bucket: string) => `storage:\n  trace:\n    backend: s3\n    s3:\n      bucket: ${bucket}\n      endpoint: minio.mop.svc:9000\n`;
const mimirCfg = (blocks: string, ruler: string) => `common:\n  storage:\n    backend: s3\nblocks_storage:\n  s3:\n    bucket_name: ${blocks}\nruler_storage:\n  s3:\n    bucket_name: ${ruler}\n`;

const external = { crdGroups: [], objects: ['Secret/mop/loki-s3', 'Secret/mop/tempo-s3', 'Secret/mop/mimir-s3', 'Secret/mop/shared-s3'] };

async function s3Findings(objects: Obj[]) {
  return (await check(objects, { external, s3Stores: STORES })).filter((f) => f.rule.startsWith('s3-')).map((f) => `${f.rule} ${f.object.kind}/${f.object.name} ${f.path}: ${f.message}`);
}

describe('S3 isolation', () => {
  it('separate buckets and Secrets pass (and nothing else fires on these objects except what the fixture skips)', async () => {
    const objects = [
      ...store('loki', { bucketConfig: lokiCfg('loki-chunks'), secret: 'loki-s3' }),
      ...store('tempo', { bucketConfig: tempoCfg('tempo-traces'), secret: 'tempo-s3', secretViaKeyRef: true }),
      ...store('mimir', { bucketConfig: mimirCfg('mimir-blocks', 'mimir-ruler'), secret: 'mimir-s3' }),
    ];
    expect(await s3Findings(objects)).toEqual([]);
    const all = (await check(objects, { external, s3Stores: STORES })).map((f) => f.rule);
    expect(all.filter((r) => r !== 'ref.service-selector')).toEqual([]);
  });

  it('a shared bucket is an error on every store that uses it', async () => {
    const objects = [
      ...store('loki', { bucketConfig: lokiCfg('observability'), secret: 'loki-s3' }),
      ...store('tempo', { bucketConfig: tempoCfg('tempo-traces'), secret: 'tempo-s3' }),
      ...store('mimir', { bucketConfig: mimirCfg('mimir-blocks', 'observability'), secret: 'mimir-s3' }),
    ];
    expect(await s3Findings(objects)).toEqual([
      's3-own-bucket ConfigMap/loki-config data["config.yaml"]: loki uses bucket "observability", which mimir also uses; each store needs its own bucket',
      's3-own-bucket ConfigMap/mimir-config data["config.yaml"]: mimir uses bucket "observability", which loki also uses; each store needs its own bucket',
    ]);
  });

  it('this project lists Loki, Tempo and Mimir in validate.config.json', () => {
    const config = JSON.parse(readFileSync('validate.config.json', 'utf8'));
    expect(config.s3Stores).toEqual(STORES);
  });

  it('checks only the stores the project lists: none by default, any app names', async () => {
    const shared = [
      ...store('loki', { bucketConfig: lokiCfg('observability'), secret: 'loki-s3' }),
      ...store('mimir', { bucketConfig: mimirCfg('mimir-blocks', 'observability'), secret: 'mimir-s3' }),
    ];
    const rules = async (s3Stores?: string[]) => (await check(shared, { external, s3Stores })).map((f) => f.rule).filter((r) => r.startsWith('s3-'));
    expect(await rules()).toEqual([]);
    expect(await rules(['loki', 'tempo'])).toEqual([]); // one listed store cannot share with itself
    const thanos = [...store('thanos', { bucketConfig: tempoCfg('metrics'), secret: 'thanos-s3' }), ...store('cortex', { bucketConfig: tempoCfg('metrics'), secret: 'cortex-s3' })];
    expect((await check(thanos, { external: { objects: ['Secret/mop/thanos-s3', 'Secret/mop/cortex-s3'] }, s3Stores: ['thanos', 'cortex'] })).filter((f) => f.rule === 's3-own-bucket').map((f) => f.message)).toEqual([
      'thanos uses bucket "metrics", which cortex also uses; each store needs its own bucket',
      'cortex uses bucket "metrics", which thanos also uses; each store needs its own bucket',
    ]);
  });

  it('buckets from ${VAR} placeholders, args and env literals are resolved', async () => {
    const objects = [
      ...store('loki', { bucketConfig: lokiCfg('${LOKI_BUCKET}'), secret: 'loki-s3', env: [{ name: 'LOKI_BUCKET', value: 'data' }] }),
      ...store('tempo', { bucketConfig: 'server: {}\n', secret: 'tempo-s3', args: ['-storage.trace.s3.bucket=data'] }),
      ...store('mimir', { bucketConfig: mimirCfg('${BUCKET:-mimir}', 'mimir-ruler'), secret: 'mimir-s3' }),
    ];
    const f = await s3Findings(objects);
    expect(f).toEqual([
      's3-own-bucket ConfigMap/loki-config data["config.yaml"]: loki uses bucket "data", which tempo also uses; each store needs its own bucket',
      's3-own-bucket StatefulSet/loki spec.template.spec.containers[0].env[0].value: loki uses bucket "data", which tempo also uses; each store needs its own bucket',
      's3-own-bucket StatefulSet/tempo spec.template.spec.containers[0].args[2]: tempo uses bucket "data", which loki also uses; each store needs its own bucket',
    ]);
  });

  it('a shared credentials Secret is an error (envFrom and secretKeyRef)', async () => {
    const objects = [
      ...store('loki', { bucketConfig: lokiCfg('loki'), secret: 'shared-s3' }),
      ...store('tempo', { bucketConfig: tempoCfg('tempo'), secret: 'shared-s3', secretViaKeyRef: true }),
      ...store('mimir', { bucketConfig: mimirCfg('mimir', 'mimir-ruler'), secret: 'mimir-s3' }),
    ];
    expect(await s3Findings(objects)).toEqual([
      's3-own-credentials StatefulSet/loki spec.template.spec.containers[0].envFrom[0].secretRef.name: loki reads S3 credentials from Secret mop/shared-s3, which tempo also uses; each store needs its own credentials',
      's3-own-credentials StatefulSet/tempo spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name: tempo reads S3 credentials from Secret mop/shared-s3, which loki also uses; each store needs its own credentials',
    ]);
  });

  it('identifies stores by labels, then names; Grafana objects are no store', () => {
    const item = (name: string, l: Record<string, string>) => buildItem(0, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: l } }, undefined, new Set(), 'default')!;
    expect(storeOf(item('x', { 'app.kubernetes.io/name': 'mimir-distributed' }), STORES)).toBe('mimir');
    expect(storeOf(item('loki-write', {}), STORES)).toBe('loki');
    expect(storeOf(item('grafana-datasources', { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/part-of': 'mop' }), STORES)).toBeUndefined();
    expect(storeOf(item('x', { 'app.kubernetes.io/part-of': 'mop', 'app.kubernetes.io/instance': 'tempo' }), STORES)).toBe('tempo');
    expect(storeOf(item('loki-to-mimir-bridge', {}), STORES)).toBeUndefined(); // two stores named: ambiguous, not guessed
  });
});

describe('bucket scan', () => {
  it('finds buckets in YAML, JSON and URLs, skipping comments', async () => {
    const { bucketsInText } = await import('../../tools/validate/s3-isolation.js');
    expect(bucketsInText('s3:\n  bucketnames: a, b\n  bucket_name: "c" # comment\n# bucket: nope\n{"bucket": "d"}\nurl: s3://key:secret@minio:9000/e/prefix\n- bucket: f\n')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});
