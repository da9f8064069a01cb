// `tilt ci` with the real Tilt against a real API server. No Pod ever runs there, so the Tiltfile's
// `--apply-only` switch makes Tilt count a resource as ready once its YAML is applied; Tilt still applies
// each resource only after the resources it depends on. The API server refuses what comes too early (a
// custom resource before its CRD, an object before its Namespace), so a clean run shows that every object
// is accepted and that the dependencies give a real install order.
//
// Two choices keep this test deterministic:
// - Its own control plane, not the run's shared one: a first install is only a test of the install order
//   on an empty cluster (another test's CRDs or namespaces would hide a missing dependency), and nothing
//   else may touch the objects while Tilt applies them.
// - What Tilt did is read from its log (in the exit snapshot: one span per build, timestamped lines), not
//   from the snapshot's resource statuses: those are updated asynchronously and, on a busy machine, still
//   say `in_progress` for the last resources when `tilt ci` has already reported success and exited.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startControlPlane, stopControlPlane, type ControlPlane } from '../helpers/control-plane-process.js';
import { repoRoot, requireTool } from '../helpers/ref-tools.js';

const tilt = requireTool('tilt');
const kubectl = requireTool('kubectl');
const cli = path.join(repoRoot, 'dist/tools/cli/main.js');
const MINUTES = 60_000;

interface PlanResource {
  name: string;
  workload?: string;
  objects: string[];
  attached: string[];
  resourceDeps: string[];
}

interface LogSegment {
  spanId?: string;
  time: string;
  text: string;
  level?: string;
}

/** One build of one resource, as its log span tells it. */
interface Build {
  start: number;
  finish?: number;
  /** Tilt's display names of the objects it applied (name:kind). */
  applied: string[];
  /** Lines logged at WARN or ERROR level, or that report a failure. */
  problems: string[];
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

/** Every build of every resource, from the snapshot's log (spans `build:N` name their resource). */
function buildsFromLog(spans: Record<string, { manifestName?: string }>, segments: LogSegment[]): Map<string, Build[]> {
  const builds = new Map<string, Build[]>();
  const bySpan = new Map<string, Build>();
  // Builds run in parallel, so their lines interleave: whether a span is listing its objects is per span.
  const listing = new Set<string>();
  for (const seg of segments) {
    const span = seg.spanId ?? '';
    const resource = spans[span]?.manifestName;
    if (!span.startsWith('build:') || !resource) continue;
    const time = Date.parse(seg.time);
    let build = bySpan.get(span);
    if (!build) {
      build = { start: time, applied: [], problems: [] };
      bySpan.set(span, build);
      builds.set(resource, [...(builds.get(resource) ?? []), build]);
    }
    for (const line of seg.text.split('\n').map((l) => l.trim())) {
      if (!line) continue;
      if (seg.level === 'WARN' || seg.level === 'ERROR' || /Build Failed|Tried to apply|Deleting|garbage collect/i.test(line)) build.problems.push(line);
      if (line.startsWith('Objects applied to cluster:')) listing.add(span);
      else if (listing.has(span) && line.startsWith('→ ')) build.applied.push(line.slice(2));
      else listing.delete(span);
      if (line.startsWith('DONE IN:')) build.finish = time;
    }
  }
  return builds;
}

describe('tilt ci against a real API server (--apply-only)', () => {
  let state: string;
  let cp: ControlPlane;
  let kubeconfig: string;
  let result: { code: number | null; output: string };
  let plan: PlanResource[];
  let yaml: string;
  let builds: Map<string, Build[]>;
  let log: string;
  const only = (name: string) => builds.get(name)![0];

  beforeAll(async () => {
    state = fs.mkdtempSync(path.join(os.tmpdir(), 'tkts-tilt-ci-'));
    cp = await startControlPlane(path.join(state, 'cluster'), process.pid);
    // The Tiltfile only deploys to local contexts: name the context as native k3s does.
    kubeconfig = path.join(state, 'kubeconfig');
    fs.copyFileSync(cp.kubeconfig, kubeconfig);
    const current = (await run(kubectl, ['--kubeconfig', kubeconfig, 'config', 'current-context'], process.env, 30_000)).output.trim();
    expect((await run(kubectl, ['--kubeconfig', kubeconfig, 'config', 'rename-context', current, 'default'], process.env, 30_000)).code).toBe(0);

    const planned = await run('node', [cli, 'tilt', 'environments/local'], process.env, 2 * MINUTES);
    expect(planned.code, planned.output.slice(-2000)).toBe(0);
    ({ resources: plan, yaml } = JSON.parse(planned.output));

    const snapshot = path.join(state, 'snapshot.json');
    const env: NodeJS.ProcessEnv = { ...process.env, TILT_DISABLE_ANALYTICS: '1', KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(path.dirname(kubeconfig), 'kube-cache'), RAIBID_SRC: '/nonexistent/raibid-ci', PATH: `${path.dirname(kubectl)}${path.delimiter}${process.env.PATH}` };
    delete env.TILT_REGISTRY;
    const port = await freePort();
    result = await run(tilt, ['ci', '--host', '127.0.0.1', '--port', String(port), '--timeout', '10m', '--output-snapshot-on-exit', snapshot, '--', '--apply-only'], env, 11 * MINUTES);
    expect(fs.existsSync(snapshot), result.output.slice(-3000)).toBe(true);
    const { logList } = JSON.parse(fs.readFileSync(snapshot, 'utf8')).view as { logList: { spans: Record<string, { manifestName?: string }>; segments: LogSegment[] } };
    builds = buildsFromLog(logList.spans, logList.segments);
    log = logList.segments.map((s) => s.text).join('');
  }, 15 * MINUTES);

  afterAll(() => {
    if (!state) return;
    stopControlPlane(state);
    fs.rmSync(state, { recursive: true, force: true });
  });

  it('ends with success: every resource applied once, none refused, nothing deleted', () => {
    expect(result.output).toContain('SUCCESS. All workloads are healthy.');
    expect(result.code, result.output.slice(-3000)).toBe(0);
    expect([...builds.keys()].sort()).toEqual(plan.map((r) => r.name).sort());
    const troubled = [...builds].filter(([, b]) => b.length !== 1 || b[0].finish === undefined || b[0].problems.length).map(([name, b]) => `${name}: ${b.length} builds; ${b.flatMap((x) => x.problems).join(' | ')}`);
    expect(troubled).toEqual([]);
    // Tilt deletes what it applied when a resource is disabled or its objects change: none of that here.
    expect(log).not.toMatch(/Deleting kubernetes objects|Beginning .*(garbage collecting|deleting)/);
  });

  it('leaves every object of the environment on the API server, and every namespace active', async () => {
    const file = path.join(state, 'local.yaml');
    fs.writeFileSync(file, yaml);
    const got = await run(kubectl, ['--kubeconfig', kubeconfig, 'get', '-f', file, '-o', 'name'], process.env, 2 * MINUTES);
    expect(got.code, got.output.slice(-3000)).toBe(0);
    const kinds = new Set(plan.flatMap((r) => r.objects).map((o) => o.split(/(?<!\\):/)[1]));
    expect(got.output.trim().split('\n').length).toBeGreaterThan(kinds.size);
    const namespaces = plan.find((r) => r.name === 'namespaces')!.objects.map((o) => o.split(':')[0]);
    const phases = await run(kubectl, ['--kubeconfig', kubeconfig, 'get', 'namespaces', ...namespaces, '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.phase} {end}'], process.env, 30_000);
    expect(phases.output.trim().split(' ').sort()).toEqual(namespaces.map((n) => `${n}=Active`).sort());
  });

  it('applied exactly the objects planned for each resource', () => {
    // Tilt's display names are name:kind, lower case (no namespace).
    const short = (selector: string) => selector.split(/(?<!\\):/).slice(0, 2).join(':').replace(/\\:/g, ':');
    for (const r of plan) {
      const applied = only(r.name).applied;
      const want = [...r.objects, ...r.attached].map(short);
      for (const name of want) expect(applied, r.name).toContain(name);
      expect(applied.length, `${r.name}: ${applied.join(', ')}`).toBe(want.length + (r.workload ? 1 : 0));
    }
  });

  it('applied every resource only after the resources it depends on', () => {
    const early: string[] = [];
    for (const r of plan) {
      for (const dep of r.resourceDeps) {
        if (only(dep).finish! > only(r.name).start) early.push(`${r.name} started before ${dep} finished`);
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
