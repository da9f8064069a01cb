/**
 * Vitest globalSetup for the shared control plane (see control-plane.ts): makes a per-run state folder, hands
 * it to the workers (provide + environment variable), and at the end stops whatever a worker started there,
 * by pid, then removes the folder. Costs nothing when no test asks for a control plane.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { STATE_ENV, stopControlPlane } from './control-plane.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tkts-control-plane-'));
  // The watchdog stops the control plane when this process dies without tearing down.
  writeFileSync(join(dir, 'owner-pid'), String(process.pid));
  project.provide('controlPlaneState', dir);
  process.env[STATE_ENV] = dir;
  // kubectl caches API discovery per host:port under ~/.kube/cache for hours: a later control plane on a
  // port an earlier one used would inherit its custom resource types (tk prune then asks for kinds the new
  // server does not have). One cache per run, and per control plane where tests set KUBECACHEDIR themselves.
  process.env.KUBECACHEDIR = join(dir, 'kube-cache');
  return () => {
    stopControlPlane(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
