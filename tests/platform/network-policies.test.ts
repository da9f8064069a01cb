// NetworkPolicies for the cluster's operators and MOP's remaining listeners (issue 13,
// item 14): cert-manager's and KEDA's webhooks and metrics, Alertmanager and
// kafka-exporter, egress included for the last two.
import { describe, expect, it } from 'vitest';
import { manifests, type Obj } from './load.js';
import { OUTSIDE, admitted, alertmanager, coreDns, egressAllowed, podOf, policyFor, prometheus } from './network.js';

const ALL = ['local', 'dev', 'staging', 'production', 'production-canary'];
const hasCertManager = (ms: Obj[]) => ms.some((o) => o.kind === 'Deployment' && o.metadata.namespace === 'cert-manager');
const hasKafka = (ms: Obj[]) => ms.some((o) => o.kind === 'Deployment' && o.metadata.name === 'kafka-exporter');

describe.each(ALL)('environments/%s', (env) => {
  it("cert-manager: the API server reaches the webhook, Prometheus the metrics, nothing else", async () => {
    const ms = await manifests(env);
    if (!hasCertManager(ms)) return expect(env).toBe('local');
    const grafana = podOf(ms, 'mop', 'grafana');
    for (const name of ['cert-manager', 'cert-manager-webhook', 'cert-manager-cainjector']) {
      const np = policyFor(ms, podOf(ms, 'cert-manager', name));
      expect(admitted(np, prometheus, 9402), name).toBe(true);
      expect(admitted(np, grafana, 9402), name).toBe(false);
      expect(admitted(np, OUTSIDE, 10250), name).toBe(name === 'cert-manager-webhook');
    }
  });

  it('KEDA: the API server reaches the webhooks and the metrics API, the metrics API the operator, Prometheus the metrics', async () => {
    const ms = await manifests(env);
    const pod = (name: string) => podOf(ms, 'keda', name);
    const operator = policyFor(ms, pod('keda-operator'));
    const metricsApi = policyFor(ms, pod('keda-operator-metrics-apiserver'));
    const webhooks = policyFor(ms, pod('keda-admission-webhooks'));
    expect(admitted(operator, pod('keda-operator-metrics-apiserver'), 9666)).toBe(true);
    expect(admitted(operator, podOf(ms, 'raibid', 'raibid-server'), 9666)).toBe(false);
    expect(admitted(operator, OUTSIDE, 9666)).toBe(false);
    expect(admitted(operator, prometheus, 8080)).toBe(true);
    expect(admitted(metricsApi, OUTSIDE, 6443)).toBe(true);
    expect(admitted(metricsApi, prometheus, 8080)).toBe(true);
    expect(admitted(metricsApi, OUTSIDE, 8080)).toBe(false);
    expect(admitted(webhooks, OUTSIDE, 9443)).toBe(true);
    expect(admitted(webhooks, OUTSIDE, 8080)).toBe(false);
  });

  it('Alertmanager: Prometheus and Grafana send to it, its replicas gossip; it sends only to DNS, its replicas and receivers', async () => {
    const ms = await manifests(env);
    const np = policyFor(ms, alertmanager);
    const grafana = podOf(ms, 'mop', 'grafana');
    expect(admitted(np, prometheus, 9093)).toBe(true);
    expect(admitted(np, grafana, 9093)).toBe(true);
    expect(admitted(np, podOf(ms, 'mop', 'alloy'), 9093)).toBe(false);
    expect(admitted(np, OUTSIDE, 9093)).toBe(false);
    for (const protocol of ['TCP', 'UDP']) {
      expect(admitted(np, alertmanager, 9094, protocol)).toBe(true);
      expect(egressAllowed(np, alertmanager, 9094, protocol)).toBe(true);
    }
    expect(egressAllowed(np, coreDns, 53, 'UDP')).toBe(true);
    // The receivers: SMTP (config's smarthost port), Slack, PagerDuty and the heartbeat over HTTPS.
    expect(egressAllowed(np, OUTSIDE, 587)).toBe(true);
    expect(egressAllowed(np, OUTSIDE, 443)).toBe(true);
    expect(egressAllowed(np, OUTSIDE, 22)).toBe(false);
    expect(egressAllowed(np, grafana, 3000)).toBe(false);
  });

  it('kafka-exporter: only Prometheus scrapes it, and it reaches only the brokers (and DNS)', async () => {
    const ms = await manifests(env);
    if (!hasKafka(ms)) return expect(['local', 'dev']).toContain(env);
    const np = policyFor(ms, podOf(ms, 'mop', 'kafka-exporter'));
    const kafka = podOf(ms, 'mop', 'kafka');
    expect(admitted(np, prometheus, 9308)).toBe(true);
    expect(admitted(np, podOf(ms, 'mop', 'grafana'), 9308)).toBe(false);
    expect(egressAllowed(np, kafka, 9092)).toBe(true);
    expect(egressAllowed(np, coreDns, 53, 'UDP')).toBe(true);
    expect(egressAllowed(np, kafka, 9093)).toBe(false);
    expect(egressAllowed(np, OUTSIDE, 443)).toBe(false);
    // The brokers' own policy admits the exporter.
    expect(admitted(policyFor(ms, kafka), podOf(ms, 'mop', 'kafka-exporter'), 9092)).toBe(true);
  });
});
