/**
 * Starting and stopping one real control plane (etcd + kube-apiserver on 127.0.0.1, fresh openssl
 * certificates, token auth, RBAC, --enable-aggregator-routing=true) in a folder. No Vitest here, so
 * benchmarks use it too; tests use the shared one from control-plane.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:https';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { requireTool } from './ref-tools.js';

export interface ControlPlane {
  kubeconfig: string;
  server: string;
  token: string;
  caFile: string;
  dataDir: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nobody listens on right now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`control plane: ${cmd} ${args.join(' ')} failed: ${(r.stderr || r.stdout || String(r.error)).trim()}`);
}

/** A CA, a serving certificate for 127.0.0.1/localhost and a service-account key pair, made with openssl. */
function makeCerts(dir: string): void {
  const openssl = requireTool('openssl');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\n');
  run(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=tkts-test-ca'], dir);
  run(openssl, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kube-apiserver'], dir);
  run(openssl, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext'], dir);
  run(openssl, ['genrsa', '-out', 'sa.key', '2048'], dir);
  run(openssl, ['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

/** Starts a detached process logging to dir/<name>.log and records its pid in dir/pids. */
function startProcess(dir: string, name: string, cmd: string, args: string[]): number {
  const log = openSync(join(dir, `${name}.log`), 'a');
  const child = spawn(cmd, args, { cwd: dir, detached: true, stdio: ['ignore', log, log] });
  child.unref();
  if (!child.pid) throw new Error(`control plane: could not start ${cmd}`);
  writeFileSync(join(dir, 'pids'), `${child.pid}\n`, { flag: 'a' });
  return child.pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function logTail(dir: string, name: string): string {
  const file = join(dir, `${name}.log`);
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n');
}

function readyz(server: string, caFile: string, token: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(`${server}/readyz`, { ca: readFileSync(caFile), headers: { authorization: `Bearer ${token}` }, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(res.statusCode === 200 ? body : `HTTP ${res.statusCode}`));
    });
    req.on('error', (e) => resolve(e.message));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/**
 * Starts etcd and kube-apiserver in dir (created fresh), waits for /readyz and writes a kubeconfig.
 * `watch` is a pid whose death makes a watchdog kill both processes (default: none).
 */
export async function startControlPlane(dir: string, watch?: number): Promise<ControlPlane> {
  const etcd = requireTool('etcd');
  const apiserver = requireTool('kube-apiserver');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  makeCerts(dir);
  const token = randomBytes(24).toString('hex');
  writeFileSync(join(dir, 'tokens.csv'), `${token},admin,admin,system:masters\n`);
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];

  const pids: number[] = [];
  pids.push(
    startProcess(dir, 'etcd', etcd, [
      '--name=test',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=test=http://127.0.0.1:${peerPort}`,
      '--quota-backend-bytes=4294967296',
    ]),
  );
  pids.push(
    startProcess(dir, 'kube-apiserver', apiserver, [
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--service-cluster-ip-range=10.96.0.0/12',
      '--endpoint-reconciler-type=none',
      `--cert-dir=${dir}`,
      `--tls-cert-file=${join(dir, 'server.crt')}`,
      `--tls-private-key-file=${join(dir, 'server.key')}`,
      `--client-ca-file=${join(dir, 'ca.crt')}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--allow-privileged=true',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      // Mandatory here: webhooks and aggregated APIs resolve to (absent) endpoints, never to cluster IPs.
      '--enable-aggregator-routing=true',
      '--profiling=false',
    ]),
  );
  if (watch) startWatchdog(dir, watch, pids);

  const server = `https://127.0.0.1:${apiPort}`;
  const caFile = join(dir, 'ca.crt');
  const deadline = Date.now() + 150_000;
  let last = '';
  for (;;) {
    for (const [i, name] of ['etcd', 'kube-apiserver'].entries()) {
      if (!alive(pids[i])) throw new Error(`control plane: ${name} exited: ${logTail(dir, name)}`);
    }
    last = await readyz(server, caFile, token);
    if (last === 'ok') break;
    if (Date.now() > deadline) {
      stopControlPlane(dir);
      throw new Error(`control plane: ${server}/readyz not ok after 150 s (${last}); see ${dir}/kube-apiserver.log`);
    }
    await sleep(250);
  }

  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: test',
      '  cluster:',
      `    server: ${server}`,
      `    certificate-authority: ${caFile}`,
      'users:',
      '- name: admin',
      '  user:',
      `    token: ${token}`,
      'contexts:',
      '- name: test',
      '  context:',
      '    cluster: test',
      '    user: admin',
      'current-context: test',
      '',
    ].join('\n'),
  );
  return { kubeconfig, server, token, caFile, dataDir: dir };
}

/** A shell that kills the control plane's processes once `watch` is gone (covers kill -9 of Vitest). */
function startWatchdog(dir: string, watch: number, pids: number[]): void {
  const script = `while kill -0 ${watch} 2>/dev/null; do sleep 2; done; kill ${pids.join(' ')} 2>/dev/null; sleep 5; kill -9 ${pids.join(' ')} 2>/dev/null; true`;
  const child = spawn('sh', ['-c', script], { cwd: dir, detached: true, stdio: 'ignore' });
  child.unref();
  if (child.pid) writeFileSync(join(dir, 'pids'), `${child.pid}\n`, { flag: 'a' });
}

/** Pids recorded under dir (every control plane below it), in start order. */
function recordedPids(dir: string): number[] {
  const pids: number[] = [];
  for (const file of [join(dir, 'pids'), join(dir, 'cluster', 'pids')]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) if (/^\d+$/.test(line)) pids.push(Number(line));
  }
  return pids;
}

/** Stops the processes recorded in dir (or dir/cluster) by pid: SIGTERM, then SIGKILL after 10 s. */
export function stopControlPlane(dir: string): number[] {
  const pids = recordedPids(dir);
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (pids.some(alive) && Date.now() < deadline) spawnSync('sleep', ['0.1']);
  for (const pid of pids) if (alive(pid)) signal(pid, 'SIGKILL');
  return pids;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
