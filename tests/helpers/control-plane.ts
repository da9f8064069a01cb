/**
 * A real Kubernetes control plane (etcd + kube-apiserver on 127.0.0.1) shared by every test of one Vitest run.
 *
 * Contract (other tests code against it):
 *   const cp = await controlPlane();
 *   // cp.kubeconfig  path of a kubeconfig (context "test", user with the admin token)
 *   // cp.server      https://127.0.0.1:PORT
 *   // cp.token       bearer token of a system:masters user
 *   // cp.caFile      CA certificate that signed the API server's serving certificate
 *   // cp.dataDir     this control plane's folder (certs, etcd data, logs)
 *
 * - Lazy: started by the first test that calls controlPlane(); runs that need no cluster pay nothing.
 * - One per run: the globalSetup (control-plane.setup.ts) provides a per-run folder; the first worker to
 *   take the lock in it starts the control plane, the others wait for its info.json.
 * - Stopped by pid in the globalSetup's teardown, also when tests fail; a watchdog shell kills both
 *   processes if the Vitest process dies without tearing down (kill -9).
 * - The API server runs with --enable-aggregator-routing=true, so webhooks and aggregated APIs whose
 *   Services have no endpoints fail at once instead of dialing cluster IPs. Nothing listens beyond 127.0.0.1.
 * - Tools come from tests/helpers/ref-tools.ts (etcd, kube-apiserver, openssl); a missing one fails with one line.
 */
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startControlPlane, type ControlPlane } from './control-plane-process.js';

export { startControlPlane, stopControlPlane, type ControlPlane } from './control-plane-process.js';

/** Environment variable naming the per-run state folder (set by the globalSetup, inherited by workers). */
export const STATE_ENV = 'TKTS_CONTROL_PLANE_STATE';

declare module 'vitest' {
  export interface ProvidedContext {
    controlPlaneState: string;
  }
}

let shared: Promise<ControlPlane> | undefined;

/** The run's shared control plane, started on first use. */
export function controlPlane(): Promise<ControlPlane> {
  shared ??= sharedControlPlane();
  return shared;
}

function stateDir(): string {
  let dir: string | undefined;
  try {
    dir = inject('controlPlaneState');
  } catch {
    // not inside a Vitest worker
  }
  dir ??= process.env[STATE_ENV];
  if (!dir) throw new Error(`control plane: no state folder (register tests/helpers/control-plane.setup.ts as globalSetup or set ${STATE_ENV})`);
  return dir;
}

async function sharedControlPlane(): Promise<ControlPlane> {
  const dir = stateDir();
  mkdirSync(dir, { recursive: true });
  const infoFile = join(dir, 'info.json');
  const errorFile = join(dir, 'error');
  const lock = join(dir, 'lock');
  let mine = false;
  try {
    openSync(lock, 'wx');
    mine = true;
  } catch {
    // another worker is starting it
  }
  if (mine) {
    try {
      const owner = join(dir, 'owner-pid');
      const watch = existsSync(owner) ? Number(readFileSync(owner, 'utf8')) : undefined;
      const cp = await startControlPlane(join(dir, 'cluster'), watch);
      writeFileSync(`${infoFile}.tmp`, JSON.stringify(cp));
      renameSync(`${infoFile}.tmp`, infoFile);
      return cp;
    } catch (e) {
      writeFileSync(errorFile, (e as Error).message);
      throw e;
    }
  }
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (existsSync(infoFile)) return JSON.parse(readFileSync(infoFile, 'utf8')) as ControlPlane;
    if (existsSync(errorFile)) throw new Error(readFileSync(errorFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`control plane: another worker did not start it within 180 s (${dir})`);
}

