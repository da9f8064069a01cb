// NetworkPolicies for raibid-ci's data stores (issue 13, item 14): Valkey (the
// job queue), PostgreSQL and Gitea accept connections only from their clients.
import { describe, expect, it } from 'vitest';
import { find, manifests, podSpecs, selects, type Obj } from '../platform/load.js';

const ALL = ['local', 'dev', 'staging', 'production', 'production-canary'];

type Pod = { labels: Obj; namespace: string };
/** The policy admits a pod with these labels, in this namespace, on this port. */
function admitted(np: Obj, pod: Pod, port: number): boolean {
  const peerMatches = (peer: Obj) => {
    const nsOk = peer.namespaceSelector
      ? selects(peer.namespaceSelector.matchLabels, { 'kubernetes.io/metadata.name': pod.namespace })
      : pod.namespace === np.metadata.namespace;
    return nsOk && (!peer.podSelector || selects(peer.podSelector.matchLabels, pod.labels));
  };
  return (np.spec.ingress ?? []).some((rule: Obj) => (rule.ports ?? []).some((p: Obj) => p.port === port) && (rule.from ?? []).some(peerMatches));
}

const podOf = (ms: Obj[], ns: string, name: string): Pod => {
  const found = podSpecs(ms).find(({ owner }) => owner.metadata.namespace === ns && owner.metadata.name === name);
  if (!found) throw new Error(`no workload ${ns}/${name}`);
  const owner = found.owner;
  const labels = owner.spec.template?.metadata?.labels ?? owner.spec.jobTargetRef.template.metadata.labels;
  return { labels, namespace: ns };
};
/** The policy that selects this workload's pods (exactly one). */
const policyFor = (ms: Obj[], pod: Pod): Obj => {
  const nps = ms.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === pod.namespace && selects(o.spec.podSelector.matchLabels, pod.labels));
  expect(nps.map((n) => n.metadata.name)).toHaveLength(1);
  expect(nps[0].spec.policyTypes).toContain('Ingress');
  return nps[0];
};
// Pods the Prometheus operator creates for kube-prometheus-stack (not rendered objects).
const prometheus: Pod = { labels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'kps-prometheus' }, namespace: 'mop' };
const traefik: Pod = { labels: { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-kube-system' }, namespace: 'kube-system' };

describe.each(ALL)('environments/%s', (env) => {
  it('lets only the server, the agents and KEDA reach the queue, and Prometheus its exporter', async () => {
    const ms = await manifests(env);
    const redis = podOf(ms, 'raibid', 'redis');
    const np = policyFor(ms, redis);
    const port = (name: string) => find(ms, 'StatefulSet', 'raibid', 'redis')!.spec.template.spec.containers.flatMap((c: Obj) => c.ports).find((p: Obj) => p.name === name).containerPort;
    for (const client of [podOf(ms, 'raibid', 'raibid-server'), podOf(ms, 'raibid', 'raibid-agent'), podOf(ms, 'keda', 'keda-operator')]) {
      expect(admitted(np, client, port('redis')), JSON.stringify(client)).toBe(true);
    }
    expect(admitted(np, prometheus, port('metrics'))).toBe(true);
    expect(admitted(np, prometheus, port('redis'))).toBe(false);
    expect(admitted(np, podOf(ms, 'mop', 'grafana'), port('redis'))).toBe(false);
    expect(admitted(np, podOf(ms, 'raibid', 'gitea'), port('redis'))).toBe(false);
  });

  it('lets only Gitea reach PostgreSQL', async () => {
    const ms = await manifests(env);
    const np = policyFor(ms, podOf(ms, 'raibid', 'gitea-postgres'));
    expect(admitted(np, podOf(ms, 'raibid', 'gitea'), 5432)).toBe(true);
    for (const other of [podOf(ms, 'raibid', 'raibid-server'), podOf(ms, 'raibid', 'raibid-agent'), podOf(ms, 'mop', 'grafana'), prometheus]) {
      expect(admitted(np, other, 5432), JSON.stringify(other)).toBe(false);
    }
  });

  it("lets raibid's pods, Flux, Prometheus and the ingress controller reach Gitea, nothing else", async () => {
    const ms = await manifests(env);
    const np = policyFor(ms, podOf(ms, 'raibid', 'gitea'));
    for (const client of [podOf(ms, 'raibid', 'raibid-server'), podOf(ms, 'raibid', 'raibid-agent'), podOf(ms, 'flux-system', 'source-controller'), prometheus]) {
      expect(admitted(np, client, 3000), JSON.stringify(client)).toBe(true);
    }
    expect(admitted(np, podOf(ms, 'raibid', 'raibid-agent'), 2222)).toBe(true);
    expect(admitted(np, traefik, 3000)).toBe(env !== 'local');
    expect(admitted(np, podOf(ms, 'mop', 'grafana'), 3000)).toBe(false);
    expect(admitted(np, podOf(ms, 'keda', 'keda-operator'), 3000)).toBe(false);
  });
});
