import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { controlPlane, startControlPlane, stopControlPlane, type ControlPlane } from './control-plane.js';
import { requireTool } from './ref-tools.js';

function get(cp: ControlPlane, path: string, token = cp.token): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = token ? { authorization: `Bearer ${token}` } : undefined;
    request(`${cp.server}${path}`, { ca: readFileSync(cp.caFile), headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

function kubectl(cp: ControlPlane, ...args: string[]) {
  return spawnSync(requireTool('kubectl'), ['--kubeconfig', cp.kubeconfig, ...args], { encoding: 'utf8' });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('shared control plane', () => {
  it('serves /readyz over TLS signed by its CA, on loopback, with token auth', async () => {
    const cp = await controlPlane();
    expect(cp.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(cp, '/readyz')).toEqual({ status: 200, body: 'ok' });
    // RBAC: an unknown token is refused, the admin token is not.
    expect((await get(cp, '/api/v1/namespaces', 'not-a-token')).status).toBe(401);
    expect((await get(cp, '/api/v1/namespaces')).status).toBe(200);
  });

  it('is one per run: a second call returns the same one', async () => {
    expect(await controlPlane()).toEqual(await controlPlane());
  });

  it('runs with aggregator routing, so absent webhook backends fail without dialing cluster IPs', async () => {
    const cp = await controlPlane();
    const cmdline = readFileSync(join(cp.dataDir, 'pids'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    expect(cmdline.some((c) => c.includes('kube-apiserver') && c.includes('--enable-aggregator-routing=true'))).toBe(true);
  });

  it('lets kubectl create a namespace', async () => {
    const cp = await controlPlane();
    const name = `cp-test-${process.pid}`;
    const created = kubectl(cp, 'create', 'namespace', name);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(kubectl(cp, 'get', 'namespace', name, '-o', 'jsonpath={.metadata.name}').stdout).toBe(name);
  });
});

describe('a private control plane', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tkts-cp-test-'));
  afterAll(() => {
    stopControlPlane(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is stopped by pid: etcd and kube-apiserver are gone afterwards', async () => {
    const cp = await startControlPlane(join(dir, 'cluster'));
    expect(kubectl(cp, 'get', '--raw', '/readyz').stdout).toBe('ok');
    const pids = readFileSync(join(cp.dataDir, 'pids'), 'utf8').split('\n').filter(Boolean).map(Number);
    expect(pids).toHaveLength(2);
    expect(pids.every(alive)).toBe(true);
    expect(stopControlPlane(dir)).toEqual(pids);
    // The processes are children of this worker: give Node a moment to reap them.
    for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(alive)).toEqual([]);
    expect(kubectl(cp, 'get', '--raw', '/readyz', '--request-timeout=2s').status).not.toBe(0);
  });
});
