// What a NetworkPolicy admits, read from the rendered objects: for the tests of
// who may reach which pod (tests/raibid/network, tests/platform/network-policies,
// tests/mop/access).
import { expect } from 'vitest';
import { podSpecs, selects, type Obj } from './load.js';

/** A pod by its labels and namespace; `outside` is a peer outside the pod network (the API server, the internet). */
export type Pod = { labels: Obj; namespace: string };
export const OUTSIDE: Pod = { labels: {}, namespace: '' };

// Pods the Prometheus operator creates for kube-prometheus-stack (not rendered objects).
export const prometheus: Pod = { labels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'kps-prometheus' }, namespace: 'mop' };
export const alertmanager: Pod = { labels: { 'app.kubernetes.io/name': 'alertmanager', alertmanager: 'kps-alertmanager' }, namespace: 'mop' };
export const traefik: Pod = { labels: { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-kube-system' }, namespace: 'kube-system' };
export const coreDns: Pod = { labels: { 'k8s-app': 'kube-dns' }, namespace: 'kube-system' };

/** A peer entry (podSelector / namespaceSelector / ipBlock) of a policy in `policyNs` matches the pod. */
function peerMatches(peer: Obj, pod: Pod, policyNs: string): boolean {
  if (pod === OUTSIDE) return peer.ipBlock?.cidr === '0.0.0.0/0';
  if (peer.ipBlock) return false;
  const nsOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector.matchLabels, { 'kubernetes.io/metadata.name': pod.namespace })
    : pod.namespace === policyNs;
  return nsOk && (!peer.podSelector || selects(peer.podSelector.matchLabels, pod.labels));
}

/** A container port: its number, and its name when it has one (a policy may name it). */
export type Port = number | { number: number; name?: string };

const portMatches = (rule: Obj, port: Port, protocol: string) => {
  const { number, name } = typeof port === 'number' ? { number: port, name: undefined } : port;
  return !rule.ports || rule.ports.some((p: Obj) => (p.port === number || (name !== undefined && p.port === name)) && (p.protocol ?? 'TCP') === protocol);
};

/** The policy admits traffic from the pod on this port (a rule without `from` admits every source). */
export function admitted(np: Obj, pod: Pod, port: Port, protocol = 'TCP'): boolean {
  return (np.spec.ingress ?? []).some(
    (rule: Obj) => portMatches(rule, port, protocol) && (!rule.from || rule.from.some((peer: Obj) => peerMatches(peer, pod, np.metadata.namespace))),
  );
}

/** The policy lets its pods connect to the pod on this port (no Egress policy type: everything is allowed). */
export function egressAllowed(np: Obj, to: Pod, port: Port, protocol = 'TCP'): boolean {
  if (!np.spec.policyTypes?.includes('Egress')) return true;
  return (np.spec.egress ?? []).some(
    (rule: Obj) => portMatches(rule, port, protocol) && (!rule.to || rule.to.some((peer: Obj) => peerMatches(peer, to, np.metadata.namespace))),
  );
}

/** `from` may connect to `to` on this port as far as `to`'s side is concerned: no Ingress policy selects `to`, or one admits it. */
export function reachable(ms: Obj[], from: Pod, to: Pod, port: Port, protocol = 'TCP'): boolean {
  const policies = ms.filter(
    (o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === to.namespace && (o.spec.policyTypes ?? ['Ingress']).includes('Ingress') && selects(o.spec.podSelector.matchLabels, to.labels),
  );
  return policies.length === 0 || policies.some((np) => admitted(np, from, port, protocol));
}

/** The container port behind a Service port (a number, or a name resolved on the pods the Service selects). */
export function servicePort(ms: Obj[], ns: string, service: string, port: number): { number: number; name?: string } {
  const svc = ms.find((o) => o.kind === 'Service' && o.metadata.namespace === ns && o.metadata.name === service);
  if (!svc) throw new Error(`no Service ${ns}/${service}`);
  const p = svc.spec.ports.find((x: Obj) => x.port === port);
  if (!p) throw new Error(`Service ${ns}/${service} has no port ${port}`);
  const target = p.targetPort ?? port;
  if (typeof target === 'number') return { number: target };
  for (const { owner, spec } of podSpecs(ms)) {
    if (owner.metadata.namespace !== ns || !selects(svc.spec.selector, owner.spec.template?.metadata?.labels)) continue;
    for (const c of spec.containers) for (const cp of c.ports ?? []) if (cp.name === target) return { number: cp.containerPort, name: cp.name };
  }
  throw new Error(`Service ${ns}/${service}:${port}: no container port named ${target}`);
}

/** The pod template of a rendered workload, as a Pod. */
export function podOf(ms: Obj[], ns: string, name: string): Pod {
  const found = podSpecs(ms).find(({ owner }) => owner.metadata.namespace === ns && owner.metadata.name === name);
  if (!found) throw new Error(`no workload ${ns}/${name}`);
  const owner = found.owner;
  const labels = owner.spec.template?.metadata?.labels ?? owner.spec.jobTargetRef.template.metadata.labels;
  return { labels, namespace: ns };
}

/** The policy that selects this pod (exactly one), with Ingress among its types. */
export function policyFor(ms: Obj[], pod: Pod): Obj {
  const nps = ms.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === pod.namespace && selects(o.spec.podSelector.matchLabels, pod.labels));
  expect(nps.map((n) => n.metadata.name), JSON.stringify(pod)).toHaveLength(1);
  expect(nps[0].spec.policyTypes).toContain('Ingress');
  return nps[0];
}
