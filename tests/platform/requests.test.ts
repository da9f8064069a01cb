// What each environment asks of the cluster (issue 13, item 12): the sum of
// resource requests of every long-running pod (Deployments and StatefulSets
// by replicas, DaemonSets once per node, the Prometheus and Alertmanager the
// operator runs, with its config-reloader sidecar), printed per environment.
// `local` must fit a 4-CPU / 8-GiB home-lab machine running k3s with room
// for two raibid agent jobs.
import { describe, expect, it } from 'vitest';
import { find, manifests, type Obj } from './load.js';

const ENVS = ['local', 'dev', 'staging', 'production', 'production-canary'];
const MACHINE = { cpu: 4, memory: 8 * 2 ** 30 };
// k3s on one node: its server process, CoreDNS, metrics-server, Traefik, local-path (measured requests, rounded up)
const K3S = { cpu: 0.2, memory: 256 * 2 ** 20 };
// prometheus-operator's default requests for the config-reloader it adds to each Prometheus/Alertmanager pod
const RELOADER = { cpu: 0.01, memory: 50 * 2 ** 20 };

export const cpu = (q: unknown): number => (q == null ? 0 : String(q).endsWith('m') ? Number(String(q).slice(0, -1)) / 1000 : Number(q));
export function memory(q: unknown): number {
  if (q == null) return 0;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(q));
  if (!m) throw new Error(`not a memory quantity: ${q}`);
  const unit: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(m[1]) * (m[2] ? unit[m[2]] : 1);
}

type Total = { cpu: number; memory: number; pods: number };
const podRequests = (containers: Obj[]) => containers.reduce<{ cpu: number; memory: number }>(
  (t, c) => ({ cpu: t.cpu + cpu(c.resources?.requests?.cpu), memory: t.memory + memory(c.resources?.requests?.memory) }), { cpu: 0, memory: 0 });

/** Requests of every long-running pod, summed (one node for DaemonSets). */
export function totalRequests(ms: Obj[]): Total {
  const t: Total = { cpu: 0, memory: 0, pods: 0 };
  const add = (n: number, r: { cpu: number; memory: number }) => { t.cpu += n * r.cpu; t.memory += n * r.memory; t.pods += n; };
  for (const o of ms) {
    if (o.kind === 'Deployment' || o.kind === 'StatefulSet') add(o.spec.replicas ?? 1, podRequests(o.spec.template.spec.containers));
    if (o.kind === 'DaemonSet') add(1, podRequests(o.spec.template.spec.containers));
    if (o.kind === 'Prometheus' || o.kind === 'Alertmanager') {
      const main = podRequests([{ resources: o.spec.resources }]);
      add(o.spec.replicas ?? 1, { cpu: main.cpu + RELOADER.cpu, memory: main.memory + RELOADER.memory });
    }
  }
  return t;
}

const gib = (b: number) => (b / 2 ** 30).toFixed(2);

describe('resource requests per environment', () => {
  it('prints the totals of every environment', async () => {
    const rows: string[] = ['environment          pods    CPU   memory (GiB)'];
    for (const env of ENVS) {
      const t = totalRequests(await manifests(env));
      expect(t.pods, env).toBeGreaterThan(20);
      rows.push(`${env.padEnd(20)} ${String(t.pods).padStart(4)} ${t.cpu.toFixed(2).padStart(6)}   ${gib(t.memory).padStart(6)}`);
    }
    console.log(rows.join('\n'));
  });

  it('local fits a 4-CPU / 8-GiB machine running k3s, with room for two agent jobs', async () => {
    const ms = await manifests('local');
    const t = totalRequests(ms);
    const agent = podRequests(find(ms, 'ScaledJob', 'raibid', 'raibid-agent')!.spec.jobTargetRef.template.spec.containers);
    expect(agent.cpu).toBeGreaterThanOrEqual(1);
    const used = { cpu: K3S.cpu + t.cpu + 2 * agent.cpu, memory: K3S.memory + t.memory + 2 * agent.memory };
    console.log(`local: platform ${t.cpu.toFixed(2)} CPU / ${gib(t.memory)} GiB + k3s + two agents = ${used.cpu.toFixed(2)} CPU / ${gib(used.memory)} GiB of ${MACHINE.cpu} / ${gib(MACHINE.memory)}`);
    expect(used.cpu).toBeLessThanOrEqual(MACHINE.cpu);
    expect(used.memory).toBeLessThanOrEqual(MACHINE.memory);
  });

  it('counts replicas, DaemonSets once and the operator-run pods (the sum can exceed the machine)', () => {
    const pod = (c: string, m: string) => ({ containers: [{ resources: { requests: { cpu: c, memory: m } } }] });
    const t = totalRequests([
      { kind: 'Deployment', spec: { replicas: 3, template: { spec: pod('1', '1Gi') } } },
      { kind: 'DaemonSet', spec: { template: { spec: pod('500m', '512Mi') } } },
      { kind: 'Prometheus', spec: { replicas: 2, resources: { requests: { cpu: '1', memory: '2Gi' } } } },
    ]);
    expect(t.pods).toBe(6);
    expect(t.cpu).toBeCloseTo(3 + 0.5 + 2 * 1.01);
    expect(gib(t.memory)).toBe(gib(3 * 2 ** 30 + 2 ** 29 + 2 * (2 ** 31 + 50 * 2 ** 20)));
    expect(t.cpu + K3S.cpu + 2).toBeGreaterThan(MACHINE.cpu);
  });
});
