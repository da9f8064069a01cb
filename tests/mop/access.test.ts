// Least privilege for MOP (issue 13, item 14, MOP half): Grafana and Alloy
// cannot read Secrets (per-store credentials stay per store), and
// NetworkPolicies admit only each store's clients to MinIO, Loki's push
// endpoint and Mimir's and Tempo's ingest (checked like Kafka's policy).
import { describe, expect, it } from 'vitest';
import { find, manifests, podSpecs, selects, type Obj } from '../platform/load.js';
import { OUTSIDE, podOf, prometheus, reachable, servicePort, type Pod } from '../platform/network.js';

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
    const alloy = podOf(ms, ns, 'alloy');
    const grafana = podOf(ms, ns, 'grafana');
    const raibid = podOf(ms, 'raibid', 'raibid-server');
    const templateOf = (owner: Obj): Pod => ({ labels: owner.spec.template.metadata.labels, namespace: owner.metadata.namespace });

    const loki = podOf(ms, ns, 'loki-gateway');
    const lokiPort = servicePort(ms, ns, 'loki-gateway', 3100);
    expect(reachable(ms, alloy, loki, lokiPort)).toBe(true);
    expect(reachable(ms, grafana, loki, lokiPort)).toBe(true);
    expect(reachable(ms, raibid, loki, lokiPort)).toBe(false);
    expect(reachable(ms, OUTSIDE, loki, lokiPort)).toBe(false);

    const mimir = podOf(ms, ns, 'mimir-gateway');
    const mimirPort = servicePort(ms, ns, 'mimir-gateway', 8080);
    expect(reachable(ms, prometheus, mimir, mimirPort)).toBe(true);
    const tempoPods = podSpecs(ms).filter(({ owner }) => owner.metadata.labels?.['app.kubernetes.io/name'] === 'tempo');
    expect(tempoPods.length).toBeGreaterThan(0);
    for (const { owner } of tempoPods) expect(reachable(ms, templateOf(owner), mimir, mimirPort), owner.metadata.name).toBe(true);
    expect(reachable(ms, alloy, mimir, mimirPort)).toBe(false);
    expect(reachable(ms, raibid, mimir, mimirPort)).toBe(false);

    const tempoSvc = find(ms, 'Service', ns, 'tempo-distributor') ? 'tempo-distributor' : 'tempo';
    const tempoOwner = podSpecs(ms).find(({ owner }) => owner.metadata.namespace === ns && selects(find(ms, 'Service', ns, tempoSvc)!.spec.selector, owner.spec.template.metadata.labels))!.owner;
    for (const port of [4317, 4318]) {
      const p = servicePort(ms, ns, tempoSvc, port);
      expect(reachable(ms, alloy, templateOf(tempoOwner), p), `OTLP ${port}`).toBe(true);
      expect(reachable(ms, grafana, templateOf(tempoOwner), p), `OTLP ${port}`).toBe(false);
      expect(reachable(ms, raibid, templateOf(tempoOwner), p), `OTLP ${port}`).toBe(false);
    }

    if (find(ms, 'StatefulSet', ns, 'minio')) {
      const minio = podOf(ms, ns, 'minio');
      const s3 = servicePort(ms, ns, 'minio', 9000);
      for (const store of ['loki', 'tempo', 'mimir']) {
        const pod = podSpecs(ms).find(({ owner }) => owner.metadata.labels?.['app.kubernetes.io/name'] === store && !/gateway/.test(owner.metadata.name))!;
        expect(reachable(ms, templateOf(pod.owner), minio, s3), store).toBe(true);
      }
      expect(reachable(ms, grafana, minio, s3)).toBe(false);
      expect(reachable(ms, alloy, minio, s3)).toBe(false);
      expect(reachable(ms, raibid, minio, s3)).toBe(false);
    }
  });
});
