// tools/tilt: the Tilt plan of a small fixture and of the real environments/local.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { imageRepository, planTilt as planWithOptions, selectorOf, TiltPlanError, workloadSelectors, type Obj, type TiltPlan } from '../../tools/tilt/index.js';
import { parseTiltConfig, readTiltConfig } from '../../tools/tilt/config.js';
import { loadEnvironment } from '../../tools/tanka/index.js';

// This project's policy (tilt.config.json at the root); 'without a project config' below plans without it.
const config = readTiltConfig('.');
const planTilt = (manifests: Obj[], opts: { kinds?: [] } = {}) => planWithOptions(manifests, { ...opts, config });

function fixture(name: string): Obj[] {
  const text = fs.readFileSync(path.resolve('tests/fixtures/tilt', name), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJSON() as Obj).filter(Boolean);
}
const byName = (plan: TiltPlan, name: string) => {
  const r = plan.resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}; have ${plan.resources.map((x) => x.name).join(', ')}`);
  return r;
};

describe('planTilt on a small fixture', () => {
  const plan = planTilt(fixture('small.yaml'));

  it('makes one resource per workload, including the ScaledJob', () => {
    const workloads = plan.resources.filter((r) => r.workload).map((r) => r.name).sort();
    expect(workloads).toEqual(['gitea', 'grafana', 'keda-operator', 'minio', 'raibid-agent', 'raibid-server', 'redis', 'tempo', 'tempo-query']);
  });

  it('puts namespaces and CRDs into infra resources', () => {
    expect(byName(plan, 'namespaces')).toMatchObject({ labels: ['infra'], objects: ['demo:namespace'] });
    expect(byName(plan, 'crds')).toMatchObject({ labels: ['infra'], objects: ['scaledjobs.keda.sh:customresourcedefinition'] });
  });

  it('leaves Services to Tilt (it attaches them by selector; listing them again fails the load)', () => {
    expect(byName(plan, 'minio')).toMatchObject({ objects: [], attached: ['minio:service:demo'] });
  });

  it('Tilt attaches a Service with an empty selector to the first workload, whatever the namespace', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'other' }, spec: { ports: [{ port: 1 }] } };
    const p = planTilt([...fixture('small.yaml'), svc]);
    expect(byName(p, 'keda-operator').attached).toEqual(['ext:service:other']);
    expect(p.resources.flatMap((r) => r.objects)).not.toContain('ext:service:other');
  });

  it('attaches objects to their workload: SA, bindings and roles (colons escaped), TriggerAuthentication', () => {
    expect(byName(plan, 'keda-operator').objects).toEqual(['keda-operator:serviceaccount:keda', 'keda\\:operator:clusterrolebinding', 'system\\:keda-operator:clusterrole']);
    expect(byName(plan, 'raibid-agent').objects).toEqual(['agent-auth:triggerauthentication:demo']);
  });

  it('moves an object two workloads need into a shared resource they both depend on', () => {
    const shared = byName(plan, 'tempo-config');
    expect(shared.objects).toEqual(['tempo-shared:configmap:demo']);
    expect(byName(plan, 'tempo').resourceDeps).toContain('tempo-config');
    expect(byName(plan, 'tempo-query').resourceDeps).toContain('tempo-config');
  });

  it('gives an object without a workload its own resource, named after its app', () => {
    expect(byName(plan, 'lonely').objects).toEqual(['orphan:configmap:demo']);
  });

  it('labels resources by group', () => {
    expect(byName(plan, 'minio').labels).toEqual(['storage']);
    expect(byName(plan, 'tempo').labels).toEqual(['traces']);
    expect(byName(plan, 'grafana').labels).toEqual(['grafana']);
    expect(byName(plan, 'raibid-server').labels).toEqual(['ci']);
    expect(byName(plan, 'keda-operator').labels).toEqual(['ci']);
  });

  it('orders storage before stores before Grafana, redis and gitea before raibid, CRD operators before their kinds', () => {
    expect(byName(plan, 'tempo').resourceDeps).toEqual(expect.arrayContaining(['minio', 'namespaces']));
    expect(byName(plan, 'grafana').resourceDeps).toEqual(expect.arrayContaining(['tempo', 'tempo-query']));
    expect(byName(plan, 'raibid-server').resourceDeps).toEqual(expect.arrayContaining(['redis', 'gitea']));
    expect(byName(plan, 'raibid-agent').resourceDeps).toEqual(expect.arrayContaining(['redis', 'gitea', 'crds', 'keda-operator']));
    expect(byName(plan, 'keda-operator').resourceDeps).toContain('crds');
    expect(byName(plan, 'minio').resourceDeps).toEqual(['namespaces']);
  });

  it('forwards the UI ports, Gitea on 3001 and the raibid server on 8081', () => {
    expect(byName(plan, 'grafana').portForwards).toEqual(['3000:3000']);
    expect(byName(plan, 'gitea').portForwards).toEqual(['3001:3000']);
    expect(byName(plan, 'raibid-server').portForwards).toEqual(['8081:8080']);
    expect(byName(plan, 'minio').portForwards).toEqual(['9001:9001', '9000:9000']);
    expect(byName(plan, 'tempo').portForwards).toEqual(['3200:3200']);
    expect(byName(plan, 'redis').portForwards).toEqual([]); // no container port declared
  });

  it('finds the raibid images in the Deployment and the ScaledJob job template', () => {
    expect(plan.images.map((i) => [i.name, i.ref, i.usedBy.map((u) => u.path)])).toEqual([
      ['raibid-server', 'registry.local:5000/raibid/raibid-server', ['Deployment/raibid-server.spec.template.spec.containers[0].image']],
      ['raibid-agent', 'registry.local:5000/raibid/raibid-agent', ['ScaledJob/raibid-agent.spec.jobTargetRef.template.spec.containers[0].image']],
    ]);
    expect(plan.kinds).toEqual([expect.objectContaining({ kind: 'ScaledJob', imageJsonPath: ['{.spec.jobTargetRef.template.spec.containers[*].image}'], podReadiness: 'ignore' })]);
  });

  it('without the ScaledJob kind, the agent is a plain object, not a workload', () => {
    const p = planTilt(fixture('small.yaml'), { kinds: [] });
    expect(byName(p, 'raibid-agent')).toMatchObject({ workload: undefined, objects: ['raibid-agent:scaledjob:demo'] });
    expect(p.images.map((i) => i.name)).toEqual(['raibid-server']);
  });
});

describe('planTilt without a project config', () => {
  const plan = planWithOptions(fixture('small.yaml'));

  it('plans the same resources and objects, grouped by namespace, with only the order Kubernetes needs', () => {
    const withConfig = planTilt(fixture('small.yaml'));
    expect(plan.resources.map((r) => [r.name, r.workload, r.objects])).toEqual(withConfig.resources.map((r) => [r.name, r.workload, r.objects]));
    expect(new Set(plan.resources.flatMap((r) => r.labels))).toEqual(new Set(['demo', 'keda', 'infra']));
    expect(byName(plan, 'minio').resourceDeps).toEqual(['namespaces']);
    expect(byName(plan, 'raibid-agent').resourceDeps).toEqual(['crds', 'keda-operator', 'namespaces']);
    expect(byName(plan, 'grafana').resourceDeps).toEqual(['namespaces']);
  });

  it('forwards no ports and builds no images', () => {
    expect(plan.resources.flatMap((r) => r.portForwards)).toEqual([]);
    expect(plan.images).toEqual([]);
    expect(plan.kinds.map((k) => k.kind)).toEqual(['ScaledJob']);
  });
});

describe('tilt.config.json', () => {
  it('names the file and the field of a mistake', () => {
    const bad = (data: unknown) => () => parseTiltConfig(data, 'tilt.config.json');
    expect(bad([])).toThrow('tilt.config.json: the file must be an object');
    expect(bad({ portForwards: [{ workload: 'w', local: 0, container: 80 }] })).toThrow('tilt.config.json: portForwards[0].local must be a port number (1-65535)');
    expect(bad({ groups: [{ group: 'g', match: { label: ['x'] } }] })).toThrow('tilt.config.json: groups[0].match.label must be one of name, namePrefix, instance, partOf, namespace (unknown field)');
    expect(bad({ images: [{ name: 'a', dockerfile: 'D', sources: 'src' }] })).toThrow('tilt.config.json: images[0].sources must be an array');
    expect(bad({ portforwards: [] })).toThrow('tilt.config.json: portforwards must be one of groups, appDependencies, portForwards, images, operatorPods (unknown field)');
  });

  it('reads nothing from a project without one', () => {
    expect(readTiltConfig('tests/fixtures/tilt')).toEqual({ groups: [], appDependencies: {}, portForwards: [], images: [], operatorPods: [] });
  });
});

describe('helpers', () => {
  it('names colliding workloads as Tilt does: name, then name:kind, then name:kind:namespace', () => {
    const w = (kind: string, name: string, namespace: string) => ({ kind, metadata: { name, namespace } });
    expect(workloadSelectors([w('Deployment', 'a', 'x'), w('StatefulSet', 'a', 'x'), w('Deployment', 'b', 'x')])).toEqual(['a:deployment', 'a:statefulset', 'b']);
    expect(workloadSelectors([w('Deployment', 'a', 'x'), w('Deployment', 'a', 'y')])).toEqual(['a:deployment:x', 'a:deployment:y']);
  });

  it('keeps colliding workloads apart in the plan', () => {
    const dep = (ns: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns }, spec: { template: { metadata: { labels: { a: ns } }, spec: { containers: [] } } } });
    const plan = planTilt([dep('one'), dep('two')]);
    expect(plan.resources.map((r) => [r.name, r.workload])).toEqual([['web', 'web:deployment:one'], ['web-deployment-two', 'web:deployment:two']]);
  });

  it('selectors and image repositories', () => {
    expect(selectorOf({ kind: 'ClusterRole', metadata: { name: 'system:x' } })).toBe('system\\:x:clusterrole');
    expect(selectorOf({ kind: 'Service', metadata: { name: 'a.b', namespace: 'n' } })).toBe('a.b:service:n');
    expect(imageRepository('localhost:5000/a/b:1.0')).toBe('localhost:5000/a/b');
    expect(imageRepository('localhost:5000/a/b')).toBe('localhost:5000/a/b');
    expect(imageRepository('a/b@sha256:abc')).toBe('a/b');
  });

  it('forwards Loki on 3100: the single binary first, else the gateway', () => {
    const dep = (kind: string, name: string, port: number) => ({ apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'n' }, spec: { template: { metadata: { labels: { a: name } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: port }] }] } } } });
    const forwards = (p: ReturnType<typeof planTilt>) => Object.fromEntries(p.resources.map((r) => [r.name, r.portForwards]));
    expect(forwards(planTilt([dep('Deployment', 'loki-gateway', 8080), dep('StatefulSet', 'loki', 3100)]))).toEqual({ 'loki-gateway': [], loki: ['3100:3100'] });
    expect(forwards(planTilt([dep('Deployment', 'loki-gateway', 8080), dep('StatefulSet', 'loki-write', 3100)]))).toEqual({ 'loki-gateway': ['3100:8080'], 'loki-write': [] });
  });

  it('a Rollout is a workload like a Deployment: its own resource with the objects its pods need, and a k8s_kind', () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web', namespace: 'n' },
      spec: { template: { metadata: { labels: { app: 'web' } }, spec: { serviceAccountName: 'web', containers: [{ name: 'c', image: 'x:1', envFrom: [{ configMapRef: { name: 'web-env' } }] }] } } },
    };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-env', namespace: 'n' } };
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'n' } };
    const plan = planTilt([rollout, cm, sa]);
    expect(plan.resources).toEqual([expect.objectContaining({ name: 'web', workload: 'web', objects: ['web:serviceaccount:n', 'web-env:configmap:n'] })]);
    expect(plan.kinds).toEqual([{ kind: 'Rollout', apiVersion: 'argoproj.io/v1alpha1', imageJsonPath: ['{.spec.template.spec.containers[*].image}'] }]);
  });

  it('rejects an image rendered under two names', () => {
    const dep = (name: string, image: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'n' }, spec: { template: { spec: { containers: [{ name: 'c', image }] } } } });
    expect(() => planTilt([dep('a', 'x/raibid-server:1'), dep('b', 'y/raibid-server:1')])).toThrow(TiltPlanError);
  });
});

describe('planTilt on environments/local', () => {
  let plan: TiltPlan;
  let manifests: Obj[];
  beforeAll(async () => {
    manifests = (await loadEnvironment('environments/local')).manifests as Obj[];
    plan = planTilt(manifests);
  });

  it('places every object in exactly one resource', () => {
    const workloads = plan.resources.filter((r) => r.workload).length;
    const objects = plan.resources.reduce((n, r) => n + r.objects.length + r.attached.length, 0);
    expect(workloads + objects).toBe(manifests.length);
    const all = plan.resources.flatMap((r) => [...r.objects, ...r.attached]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('has unique resource names and deps that name resources', () => {
    const names = plan.resources.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const r of plan.resources) for (const d of r.resourceDeps) expect(names).toContain(d);
  });

  it('forwards Grafana, Loki, Tempo, Mimir, MinIO, Gitea and the raibid server on distinct local ports', () => {
    const forwards = Object.fromEntries(plan.resources.filter((r) => r.portForwards.length).map((r) => [r.name, r.portForwards]));
    expect(forwards).toMatchObject({
      grafana: ['3000:3000'],
      loki: ['3100:3100'],
      tempo: ['3200:3200'],
      'mimir-gateway': ['8080:8080'],
      gitea: ['3001:3000'],
      'raibid-server': ['8081:8080'],
    });
    expect(forwards.minio).toContain('9001:9001');
    const locals = Object.values(forwards).flat().map((f) => f.split(':')[0]);
    expect(new Set(locals).size).toBe(locals.length);
  });

  it('groups resources for the UI', () => {
    const groups = new Set(plan.resources.flatMap((r) => r.labels));
    for (const g of ['storage', 'logs', 'metrics', 'traces', 'grafana', 'collection', 'ci', 'infra']) expect(groups).toContain(g);
    expect(plan.resources.filter((r) => r.labels.includes('other')).map((r) => r.name)).toEqual([]);
    expect(byName(plan, 'crds').objects.length).toBe(manifests.filter((m) => m.kind === 'CustomResourceDefinition').length);
  });

  it('orders the deploy: storage, stores, Grafana; raibid after Redis, Gitea and PostgreSQL; KEDA before the agent', () => {
    for (const store of ['loki', 'tempo', 'mimir-ingester', 'mimir-gateway']) expect(byName(plan, store).resourceDeps).toContain('minio');
    expect(byName(plan, 'grafana').resourceDeps).toEqual(expect.arrayContaining(['loki', 'tempo', 'mimir-gateway']));
    for (const r of ['raibid-server', 'raibid-agent']) expect(byName(plan, r).resourceDeps).toEqual(expect.arrayContaining(['redis', 'gitea', 'gitea-postgres']));
    expect(byName(plan, 'raibid-agent').resourceDeps).toEqual(expect.arrayContaining(['crds', 'keda-operator']));
    expect(byName(plan, 'tempo').resourceDeps).toContain('kps-operator'); // its ServiceMonitor
  });

  it('tracks the Prometheus pods the operator runs, after Mimir', () => {
    const prom = plan.resources.find((r) => r.objects.includes('kps-prometheus:prometheus:mop'))!;
    expect(prom.workload).toBeUndefined();
    expect(prom.extraPodSelectors).toEqual([{ 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': 'kps-prometheus' }]);
    expect(prom.portForwards).toEqual(['9090:9090']);
    expect(prom.resourceDeps).toEqual(expect.arrayContaining(['mimir-gateway', 'mimir-distributor', 'kps-operator']));
  });

  it('finds the raibid images', () => {
    expect(plan.images.map((i) => [i.name, i.usedBy.map((u) => u.resource)])).toEqual([
      ['raibid-server', ['raibid-server']],
      ['raibid-agent', ['raibid-agent']],
    ]);
  });
});
