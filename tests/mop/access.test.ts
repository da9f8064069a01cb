// Least privilege for MOP (issue 13, item 14, MOP half): Grafana and Alloy
// cannot read Secrets (per-store credentials stay per store), and
// NetworkPolicies admit only each store's clients to MinIO, Loki's push
// endpoint and Mimir's and Tempo's ingest (checked like Kafka's policy).
import { describe, expect, it } from 'vitest';
import { find, manifests, podSpecs, selects, type Obj } from '../platform/load.js';

const ENVS = ['local', 'dev', 'staging', 'production'];

/** RBAC rules granted to a ServiceAccount, through (Cluster)RoleBindings. */
function rulesOf(ms: Obj[], ns: string, sa: string): Obj[] {
  const out: Obj[] = [];
  for (const b of ms.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
    if (!(b.subjects ?? []).some((s: Obj) => s.kind === 'ServiceAccount' && s.name === sa && s.namespace === ns)) continue;
    const role = find(ms, b.roleRef.kind, b.roleRef.kind === 'Role' ? b.metadata.namespace : undefined, b.roleRef.name);
    out.push(...(role?.rules ?? []));
  }
  return out;
}
const readsSecrets = (rules: Obj[]) => rules.some((r) => (r.apiGroups ?? []).includes('') && (r.resources.includes('secrets') || r.resources.includes('*')));

/** The container port number behind a Service port (numbers, or names resolved on the selected pods). */
function podPort(ms: Obj[], ns: string, service: string, port: number): { number: number; name?: string } {
  const svc = find(ms, 'Service', ns, service)!;
  const p = svc.spec.ports.find((x: Obj) => x.port === port)!;
  if (typeof p.targetPort === 'number') return { number: p.targetPort };
  for (const { owner, spec } of podSpecs(ms)) {
    if (owner.metadata.namespace !== ns || !selects(svc.spec.selector, owner.spec.template?.metadata?.labels)) continue;
    for (const c of spec.containers) for (const cp of c.ports ?? []) if (cp.name === p.targetPort) return { number: cp.containerPort, name: cp.name };
  }
  throw new Error(`${service}:${port}: no container port ${p.targetPort}`);
}

/** NetworkPolicies of `ns` selecting the pods with `labels` admit pods with `from` on `port`. */
function admitted(ms: Obj[], ns: string, labels: Obj, from: Obj, port: { number: number; name?: string }): boolean {
  const policies = ms.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === ns && selects(o.spec.podSelector.matchLabels, labels));
  if (!policies.length) return true; // not isolated
  return policies.some((np) => np.spec.ingress.some((r: Obj) =>
    (!r.ports || r.ports.some((p: Obj) => p.port === port.number || p.port === port.name)) &&
    r.from.some((f: Obj) => selects(f.podSelector.matchLabels, from))));
}

const labelsOf = (ms: Obj[], ns: string, name: string) =>
  podSpecs(ms).find(({ owner }) => owner.metadata.namespace === ns && owner.metadata.name === name)!.owner.spec.template.metadata.labels;
// Pods the operator and KEDA create: their labels as the operator sets them.
const PROMETHEUS = { 'app.kubernetes.io/name': 'prometheus', prometheus: 'kps-prometheus' };

describe.each(ENVS)('environments/%s', (env) => {
  it('Grafana and Alloy read no Secret', async () => {
    const ms = await manifests(env);
    for (const sa of ['grafana', 'alloy']) {
      const rules = rulesOf(ms, 'mop', sa);
      expect(rules.length, sa).toBeGreaterThan(0);
      expect(readsSecrets(rules), `${sa}: ${JSON.stringify(rules)}`).toBe(false);
    }
    // Alloy can still discover pods and read their logs
    const alloy = rulesOf(ms, 'mop', 'alloy');
    expect(alloy.some((r) => r.resources.includes('pods/log') && r.verbs.includes('get'))).toBe(true);
    // Grafana's dashboard sidecar watches its own namespace, ConfigMaps only
    const sidecar = find(ms, 'Deployment', 'mop', 'grafana')!.spec.template.spec.containers.find((c: Obj) => c.name === 'grafana-sc-dashboard');
    const envs = Object.fromEntries(sidecar.env.map((e: Obj) => [e.name, e.value]));
    expect(envs.NAMESPACE).toBe('mop');
    expect(envs.RESOURCE).toBe('configmap');
  });

  it('admits only the clients to Loki push, Mimir and Tempo ingest, and MinIO', async () => {
    const ms = await manifests(env);
    const ns = 'mop';
    const alloy = labelsOf(ms, ns, 'alloy');
    const grafana = labelsOf(ms, ns, 'grafana');
    const raibid = labelsOf(ms, 'raibid', 'raibid-server');
    const sameNs = (l: Obj) => l; // all clients are in mop; raibid's pods are in another namespace and never admitted

    const loki = labelsOf(ms, ns, 'loki-gateway');
    const lokiPort = podPort(ms, ns, 'loki-gateway', 3100);
    expect(admitted(ms, ns, loki, alloy, lokiPort)).toBe(true);
    expect(admitted(ms, ns, loki, grafana, lokiPort)).toBe(true);
    expect(admitted(ms, ns, loki, sameNs(raibid), lokiPort)).toBe(false);

    const mimir = labelsOf(ms, ns, 'mimir-gateway');
    const mimirPort = podPort(ms, ns, 'mimir-gateway', 8080);
    expect(admitted(ms, ns, mimir, PROMETHEUS, mimirPort)).toBe(true);
    const tempoPods = podSpecs(ms).filter(({ owner }) => owner.metadata.labels?.['app.kubernetes.io/name'] === 'tempo');
    for (const { owner } of tempoPods) expect(admitted(ms, ns, mimir, owner.spec.template.metadata.labels, mimirPort), owner.metadata.name).toBe(true);
    expect(admitted(ms, ns, mimir, alloy, mimirPort)).toBe(false);

    const tempoSvc = find(ms, 'Service', ns, 'tempo-distributor') ? 'tempo-distributor' : 'tempo';
    const tempo = podSpecs(ms).find(({ owner }) => owner.metadata.namespace === ns && selects(find(ms, 'Service', ns, tempoSvc)!.spec.selector, owner.spec.template.metadata.labels))!.owner.spec.template.metadata.labels;
    for (const port of [4317, 4318]) {
      const p = podPort(ms, ns, tempoSvc, port);
      expect(admitted(ms, ns, tempo, alloy, p), `OTLP ${port}`).toBe(true);
      expect(admitted(ms, ns, tempo, grafana, p), `OTLP ${port}`).toBe(false);
    }

    if (find(ms, 'StatefulSet', ns, 'minio')) {
      const minio = labelsOf(ms, ns, 'minio');
      const s3 = podPort(ms, ns, 'minio', 9000);
      for (const store of ['loki', 'tempo', 'mimir']) {
        const pod = podSpecs(ms).find(({ owner }) => owner.metadata.labels?.['app.kubernetes.io/name'] === store && !/gateway/.test(owner.metadata.name))!;
        expect(admitted(ms, ns, minio, pod.owner.spec.template.metadata.labels, s3), store).toBe(true);
      }
      expect(admitted(ms, ns, minio, grafana, s3)).toBe(false);
      expect(admitted(ms, ns, minio, alloy, s3)).toBe(false);
    }
  });
});
