// NetworkPolicies for raibid-ci's data stores (issue 13, item 14): Valkey (the
// job queue), PostgreSQL and Gitea accept connections only from their clients.
import { describe, expect, it } from 'vitest';
import { find, manifests, type Obj } from '../platform/load.js';
import { admitted, podOf, policyFor, prometheus, traefik } from '../platform/network.js';

const ALL = ['local', 'dev', 'staging', 'production', 'production-canary'];

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
