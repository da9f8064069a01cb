// Tempo's two layouts (issue 6: "monolithic in local/dev, scalable in
// production") and the Kafka that Tempo 3's microservices write through,
// checked on the rendered environments.
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadEnvironment } from '../../tools/tanka/index.js';
import { find, manifests, podSpecs, root, selects, serviceUrlProblem, type Obj } from './load.js';

const tempoWorkloads = (ms: Obj[]) =>
  ms.filter((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.labels?.['app.kubernetes.io/name'] === 'tempo');
const image = (o: Obj) => o.spec.template.spec.containers[0].image as string;
const tempoConfig = (ms: Obj[]) => YAML.parse(find(ms, 'ConfigMap', 'mop', 'tempo-config')!.data['tempo.yaml']);
const kafkaProperties = (ms: Obj[]): Record<string, string> =>
  Object.fromEntries(find(ms, 'ConfigMap', 'mop', 'kafka-config')!.data['server.properties'].trim().split('\n').map((l: string) => l.split(/=(.*)/s, 2)));

describe.each(['local', 'dev'])('environments/%s', (env) => {
  it('runs Tempo monolithic (one Tempo 2 pod) and no Kafka', async () => {
    const ms = await manifests(env);
    const ws = tempoWorkloads(ms);
    expect(ws.map((w) => `${w.kind}/${w.metadata.name}`)).toEqual(['StatefulSet/tempo']);
    expect(image(ws[0])).toMatch(/\/tempo:2\.\d+\.\d+$/);
    expect(ms.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'kafka')).toEqual([]);
  });
});

describe.each([
  ['staging', 1, 1],
  ['production', 3, 3],
  ['production-canary', 3, 3],
])('environments/%s', (env, partitions, brokers) => {
  it(`runs Tempo 3 microservices with ${partitions} block-builder(s) and live-store(s), one per Kafka partition`, async () => {
    const ms = await manifests(env);
    const byComponent: Record<string, Obj> = Object.fromEntries(tempoWorkloads(ms).map((w) => [w.metadata.labels['app.kubernetes.io/component'], w]));
    expect(Object.keys(byComponent).sort()).toEqual([
      'backend-scheduler', 'backend-worker', 'block-builder', 'distributor', 'live-store', 'memcached',
      'metrics-generator', 'querier', 'query-frontend',
    ]);
    for (const [component, w] of Object.entries(byComponent)) {
      if (component !== 'memcached') expect(image(w), component).toMatch(/\/tempo:3\.\d+\.\d+$/);
    }
    const cfg = tempoConfig(ms);
    expect(cfg.ingest.kafka.auto_create_topic_default_partitions).toBe(partitions);
    expect(byComponent['block-builder'].spec.replicas).toBe(partitions);
    expect(byComponent['live-store'].spec.replicas).toBe(partitions);
    expect(cfg.block_builder.partitions_per_instance).toBe(1);
    // receivers on all interfaces, S3 in Tempo's bucket, generator to Mimir
    expect(cfg.distributor.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } });
    expect(cfg.storage.trace.backend).toBe('s3');
    // (the canary's buckets carry its prefix: tests/mop/buckets.test.ts)
    expect(cfg.storage.trace.s3.bucket).toBe(env === 'production-canary' ? 'canary-tempo-traces' : 'tempo-traces');
    expect(cfg.metrics_generator.storage.remote_write.map((r: Obj) => r.url)).toEqual(['http://mimir-gateway.mop.svc.cluster.local:8080/api/v1/push']);
    expect(cfg.overrides.defaults.metrics_generator.processors).toEqual(['service-graphs', 'span-metrics']);
  });

  it('applies the configured trace retention in the backend scheduler and workers', async () => {
    const cfg = tempoConfig(await manifests(env));
    const retention = env === 'staging' ? '168h' : '720h';
    expect(cfg.backend_scheduler.provider.compaction.compaction.block_retention).toBe(retention);
    expect(cfg.backend_worker.compaction.block_retention).toBe(retention);
  });

  it('points Grafana at the query-frontend and Alloy at the distributor', async () => {
    const ms = await manifests(env);
    const ds = YAML.parse(find(ms, 'ConfigMap', 'mop', 'grafana')!.data['datasources.yaml']).datasources as Obj[];
    expect(ds.find((d) => d.type === 'tempo')!.url).toBe('http://tempo-query-frontend.mop.svc.cluster.local:3200');
    expect(find(ms, 'ConfigMap', 'mop', 'alloy')!.data['config.alloy']).toContain('endpoint = "tempo-distributor.mop.svc.cluster.local:4317"');
  });

  it(`runs a ${brokers}-broker KRaft Kafka that Tempo's address names, with a quorum of every broker`, async () => {
    const ms = await manifests(env);
    const address = tempoConfig(ms).ingest.kafka.address as string;
    expect(address).toBe('kafka.mop.svc.cluster.local:9092');
    expect(serviceUrlProblem(ms, address, 'mop')).toBeUndefined();

    const sts = find(ms, 'StatefulSet', 'mop', 'kafka')!;
    expect(sts.spec.replicas).toBe(brokers);
    // brokers listen only once the quorum has formed: they must start together
    expect(sts.spec.podManagementPolicy).toBe('Parallel');
    const headless = find(ms, 'Service', 'mop', sts.spec.serviceName)!;
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.publishNotReadyAddresses).toBe(true);

    const p = kafkaProperties(ms);
    expect(p['process.roles']).toBe('broker,controller');
    const voters = p['controller.quorum.voters'].split(',');
    expect(voters).toEqual([...Array(brokers).keys()].map((i) => `${i}@kafka-${i}.${headless.metadata.name}.mop.svc.cluster.local:9093`));
    const rf = Number(p['default.replication.factor']);
    const isr = Number(p['min.insync.replicas']);
    expect(rf).toBe(Math.min(3, brokers));
    expect(isr).toBe(brokers >= 3 ? 2 : 1);
    // one broker may be down (a PodDisruptionBudget allows exactly that) and writes still succeed
    if (brokers > 1) {
      expect(isr).toBeLessThan(rf);
      const pdb = find(ms, 'PodDisruptionBudget', 'mop', 'kafka')!;
      expect(pdb.spec.maxUnavailable).toBe(1);
    }
    expect(p['offsets.topic.replication.factor']).toBe(String(rf));
    expect(Number(p['num.partitions'])).toBe(partitions);
    // the log folder is on the broker's volume, below its root (lost+found is no partition)
    const c = sts.spec.template.spec.containers[0];
    const data = c.volumeMounts.find((m: Obj) => m.name === sts.spec.volumeClaimTemplates[0].metadata.name);
    expect(p['log.dirs'].startsWith(`${data.mountPath}/`)).toBe(true);
    // the startup script fills in each broker's id and host
    expect(p['node.id']).toBe('@NODE_ID@');
    expect(c.command.join(' ')).toContain('s/@NODE_ID@/${id}/g');
    expect(c.env.find((e: Obj) => e.name === 'KAFKA_CLUSTER_ID').value).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('exports broker and topic metrics from the Kafka Service, scraped by a ServiceMonitor', async () => {
    const ms = await manifests(env);
    const exporter = find(ms, 'Deployment', 'mop', 'kafka-exporter')!;
    const c = exporter.spec.template.spec.containers[0];
    const server = c.args.find((a: string) => a.startsWith('--kafka.server='))!.slice('--kafka.server='.length);
    expect(serviceUrlProblem(ms, server, 'mop')).toBeUndefined();
    const svc = find(ms, 'Service', 'mop', 'kafka-exporter')!;
    const port = svc.spec.ports.find((p: Obj) => c.ports.some((cp: Obj) => cp.name === p.targetPort))!;
    const monitor = find(ms, 'ServiceMonitor', 'mop', 'kafka-exporter')!;
    expect(selects(monitor.spec.selector.matchLabels, svc.metadata.labels)).toBe(true);
    expect(monitor.spec.endpoints.map((e: Obj) => e.port)).toEqual([port.name]);
  });

  it("admits Tempo's pods, the exporter and the brokers to Kafka, nothing else", async () => {
    const ms = await manifests(env);
    const np = find(ms, 'NetworkPolicy', 'mop', 'kafka')!;
    const sts = find(ms, 'StatefulSet', 'mop', 'kafka')!;
    expect(selects(np.spec.podSelector.matchLabels, sts.spec.template.metadata.labels)).toBe(true);
    const admitted = (labels: Obj, port: number) =>
      np.spec.ingress.some((r: Obj) => r.ports.some((p: Obj) => p.port === port) && r.from.some((f: Obj) => selects(f.podSelector.matchLabels, labels)));
    for (const { owner } of podSpecs(ms).filter(({ owner }) => /^(tempo-(distributor|block-builder|live-store|metrics-generator)|kafka-exporter)$/.test(owner.metadata.name))) {
      expect(admitted(owner.spec.template.metadata.labels, 9092), owner.metadata.name).toBe(true);
    }
    expect(admitted(sts.spec.template.metadata.labels, 9093)).toBe(true);
    const grafana = find(ms, 'Deployment', 'mop', 'grafana')!;
    expect(admitted(grafana.spec.template.metadata.labels, 9092)).toBe(false);
  });
});

describe('switches', () => {
  it('an external Kafka replaces the in-cluster one', async () => {
    const env = await loadEnvironment(path.join(root, 'tests/fixtures/tanka/production-external-kafka'));
    const ms = env.manifests as unknown as Obj[];
    expect(ms.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'kafka')).toEqual([]);
    expect(tempoConfig(ms).ingest.kafka.address).toBe('kafka-1.example.internal:9092,kafka-2.example.internal:9092');
  });

  it('an unknown Tempo mode fails with the setting named', () => {
    const expr = "(import 'mop/tempo.libsonnet').new((import 'config.libsonnet').environments.dev { mop+: { tempo+: { mode: 'scalable' } } })";
    const r = spawnSync('jsonnet', ['-J', path.join(root, 'lib'), '-e', expr], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("config: mop.tempo.mode must be 'monolithic' or 'distributed', not 'scalable'");
  });

  it('an in-cluster Kafka without a cluster id fails with the setting named', () => {
    const expr = "(import 'mop/kafka.libsonnet').new((import 'config.libsonnet').environments.dev { mop+: { tempo+: { mode: 'distributed' } } }).statefulset";
    const r = spawnSync('jsonnet', ['-J', path.join(root, 'lib'), '-e', expr], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('config: mop.kafka.clusterId must be set when Kafka runs in the cluster');
    // and with one it renders (the check above fails for the right reason)
    const ok = execFileSync('jsonnet', ['-J', path.join(root, 'lib'), '-e', expr.replace("mode: 'distributed' }", "mode: 'distributed' }, kafka+: { clusterId: 'AAAAAAAAAAAAAAAAAAAAAA' }")], { encoding: 'utf8' });
    expect(JSON.parse(ok).kind).toBe('StatefulSet');
  });
});
