// `tilt ci` with the real Tilt against the real API server of the test control plane
// (tests/helpers/control-plane.ts). No Pod ever runs there, so the Tiltfile's `--apply-only`
// switch makes Tilt count a resource as ready once its YAML is applied; Tilt still applies each
// resource only after the resources it depends on. The API server refuses what comes too early
// (a custom resource before its CRD, an object before its Namespace), so a clean run shows that
// every object is accepted and that the dependencies give a real install order.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { controlPlane, freePort } from '../helpers/control-plane.js';
import { repoRoot, requireTool } from '../helpers/ref-tools.js';

const tilt = requireTool('tilt');
const kubectl = requireTool('kubectl');
const cli = path.join(repoRoot, 'dist/tools/cli/main.js');

interface UIResource {
  metadata: { name: string };
  status: {
    updateStatus?: string;
    buildHistory?: Array<{ startTime: string; finishTime: string; error?: string }>;
    k8sResourceInfo?: { displayNames?: string[] };
  };
}
interface PlanResource {
  name: string;
  workload?: string;
  objects: string[];
  attached: string[];
  resourceDeps: string[];
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('tilt ci against a real API server (--apply-only)', () => {
  let result: { code: number | null; output: string };
  let resources: Map<string, UIResource>;
  let plan: PlanResource[];

  beforeAll(async () => {
    const cp = await controlPlane();
    const dir = fs.mkdtempSync(path.join(cp.dataDir, 'tilt-ci-'));
    // The Tiltfile only deploys to local contexts: name the context as native k3s does.
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.copyFileSync(cp.kubeconfig, kubeconfig);
    const current = (await run(kubectl, ['--kubeconfig', kubeconfig, 'config', 'current-context'], process.env, 30_000)).output.trim();
    expect((await run(kubectl, ['--kubeconfig', kubeconfig, 'config', 'rename-context', current, 'default'], process.env, 30_000)).code).toBe(0);

    const planned = await run('node', [cli, 'tilt', 'environments/local'], process.env, 120_000);
    expect(planned.code, planned.output.slice(-2000)).toBe(0);
    plan = JSON.parse(planned.output).resources;

    const snapshot = path.join(dir, 'snapshot.json');
    const env = { ...process.env, TILT_DISABLE_ANALYTICS: '1', KUBECONFIG: kubeconfig, RAIBID_SRC: '/nonexistent/raibid-ci', PATH: `${path.dirname(kubectl)}${path.delimiter}${process.env.PATH}` };
    delete env.TILT_REGISTRY;
    const port = await freePort();
    result = await run(tilt, ['ci', '--host', '127.0.0.1', '--port', String(port), '--timeout', '10m', '--output-snapshot-on-exit', snapshot, '--', '--apply-only'], env, 11 * 60_000);
    const view = JSON.parse(fs.readFileSync(snapshot, 'utf8')).view as { uiResources: UIResource[] };
    resources = new Map(view.uiResources.filter((r) => r.metadata.name !== '(Tiltfile)').map((r) => [r.metadata.name, r]));
  }, 12 * 60_000);

  it('ends with success: every resource applied, none refused', () => {
    const failed = [...resources.values()].filter((r) => r.status.updateStatus !== 'ok').map((r) => `${r.metadata.name}: ${r.status.updateStatus} ${r.status.buildHistory?.[0]?.error ?? ''}`);
    expect(failed).toEqual([]);
    expect(result.output).toContain('SUCCESS. All workloads are healthy.');
    expect(result.code, result.output.slice(-3000)).toBe(0);
    expect([...resources.keys()].sort()).toEqual(plan.map((r) => r.name).sort());
  });

  it('applied exactly the objects planned for each resource', () => {
    // Tilt's display names are name:kind, lower case (no namespace).
    const short = (selector: string) => selector.split(/(?<!\\):/).slice(0, 2).join(':').replace(/\\:/g, ':');
    for (const r of plan) {
      const applied = resources.get(r.name)?.status.k8sResourceInfo?.displayNames ?? [];
      const want = [...r.objects, ...r.attached].map(short);
      for (const name of want) expect(applied, r.name).toContain(name);
      expect(applied.length, `${r.name}: ${applied.join(', ')}`).toBe(want.length + (r.workload ? 1 : 0));
    }
  });

  it('applied every resource only after the resources it depends on', () => {
    const built = (name: string) => resources.get(name)!.status.buildHistory![0];
    const early: string[] = [];
    for (const r of plan) {
      for (const dep of r.resourceDeps) {
        if (Date.parse(built(dep).finishTime) > Date.parse(built(r.name).startTime)) early.push(`${r.name} started before ${dep} finished`);
      }
    }
    expect(early).toEqual([]);
    // The order is real: namespaces and CRDs first, operators before their custom resources.
    const after = (r: string) => plan.find((p) => p.name === r)!.resourceDeps;
    expect(after('crds')).toEqual([]);
    expect(after('namespaces')).toEqual([]);
    for (const r of plan.filter((p) => !['crds', 'namespaces'].includes(p.name))) expect(after(r.name), r.name).toContain('namespaces');
    expect(after('raibid-agent')).toEqual(expect.arrayContaining(['crds', 'keda-operator', 'keda-admission-webhooks']));
  });
});
