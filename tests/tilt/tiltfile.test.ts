// The Tiltfile, executed under Python with recording stand-ins for Tilt's builtins
// (tests/tilt/run_tiltfile.py). `local()` really runs the built toolkit
// (dist/tools/cli/main.js; `npm test` builds first), so what is asserted is what
// Tilt would apply.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Call = [string, unknown[], Record<string, unknown>];
interface Run {
  calls: Call[];
  failed: string | null;
}

const harness = path.resolve('tests/tilt/run_tiltfile.py');
const tiltfile = path.resolve('Tiltfile');
const cli = path.resolve('dist/tools/cli/main.js');

const k3sKubeconfig = path.resolve('tests/fixtures/tilt/kubeconfig-k3s.yaml');
// The toolkit renders once per suite; later runs reuse its output (the harness's localCache).
const localCache = fs.mkdtempSync(path.join(os.tmpdir(), 'tilt-local-cache-'));
afterAll(() => fs.rmSync(localCache, { recursive: true, force: true }));

function runTiltfile(options: { context: string; args?: Record<string, unknown>; env?: Record<string, string>; processEnv?: Record<string, string> }, file = tiltfile): Run {
  const opts = { env: {}, processEnv: { KUBECONFIG: k3sKubeconfig }, localCache, ...options };
  const out = execFileSync('python3', [harness, file, JSON.stringify(opts)], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return JSON.parse(out) as Run;
}
const callsOf = (run: Run, name: string) => run.calls.filter((c) => c[0] === name);

describe('Tiltfile', () => {
  let local: Run;
  let rendered: string;
  let src: string;
  beforeAll(() => {
    if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: build first (npx tsc -p .)`);
    rendered = execFileSync('node', [cli, 'show', 'environments/local'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    local = runTiltfile({ context: 'k3d-platform', env: { RAIBID_SRC: '/nonexistent/raibid-ci' } });
    src = fs.mkdtempSync(path.join(os.tmpdir(), 'raibid-ci-'));
    for (const c of ['server', 'agent']) {
      fs.mkdirSync(path.join(src, 'crates', c), { recursive: true });
      fs.writeFileSync(path.join(src, 'crates', c, 'Dockerfile'), 'FROM scratch\n');
    }
  });
  afterAll(() => fs.rmSync(src, { recursive: true, force: true }));

  it('loads without failing and allows the local context', () => {
    expect(local.failed).toBeNull();
    expect(callsOf(local, 'allow_k8s_contexts')).toEqual([['allow_k8s_contexts', ['k3d-platform'], {}]]);
  });

  it('applies the rendered environment as a Blob, identical to `show environments/local`', () => {
    const yamls = callsOf(local, 'k8s_yaml');
    expect(yamls).toHaveLength(1);
    const arg = yamls[0][1][0] as { blob?: string };
    expect(typeof arg).toBe('object'); // a Blob, not a file name
    expect(arg.blob).toBe(rendered);
    expect(callsOf(local, 'local')[0][1][0]).toBe('node dist/tools/cli/main.js tilt environments/local');
  });

  it('uses server-side apply and watches the sources', () => {
    expect(callsOf(local, 'update_settings')[0][2]).toMatchObject({ k8s_server_side_apply: 'true' });
    expect(callsOf(local, 'watch_file').map((c) => c[1][0])).toEqual(['lib', 'environments', 'chartfile.yaml']);
  });

  it('tells Tilt where the ScaledJob carries its image', () => {
    expect(callsOf(local, 'k8s_kind')).toEqual([
      ['k8s_kind', ['ScaledJob'], { image_json_path: ['{.spec.jobTargetRef.template.spec.containers[*].image}'], api_version: 'keda.sh/v1alpha1', pod_readiness: 'ignore' }],
    ]);
  });

  it('configures resources with labels, port forwards and deps', () => {
    const resources = callsOf(local, 'k8s_resource').map((c) => c[2]);
    const byName = (n: string) => resources.find((r) => (r.new_name ?? r.workload) === n);
    expect(byName('grafana')).toMatchObject({ workload: 'grafana', labels: ['grafana'], port_forwards: ['3000:3000'] });
    expect(byName('grafana')!.resource_deps).toEqual(expect.arrayContaining(['loki', 'tempo', 'mimir-gateway']));
    expect(byName('gitea')).toMatchObject({ labels: ['ci'], port_forwards: ['3001:3000'] });
    expect(byName('raibid-server')).toMatchObject({ port_forwards: ['8081:8080'] });
    expect(byName('raibid-server')!.resource_deps).toEqual(expect.arrayContaining(['redis', 'gitea', 'gitea-postgres']));
    expect(byName('loki')!.resource_deps).toContain('minio');
    expect(byName('crds')).toMatchObject({ new_name: 'crds', labels: ['infra'] });
    expect(byName('crds')!.workload).toBeUndefined();
    // every resource dep names a configured resource
    const names = new Set(resources.map((r) => (r.new_name ?? r.workload) as string));
    for (const r of resources) for (const d of r.resource_deps as string[]) expect(names).toContain(d);
  });

  it('uses the pinned raibid images when there is no source checkout', () => {
    expect(callsOf(local, 'docker_build')).toEqual([]);
  });

  it('runs every resource by default, and the named ones with `tilt up -- name...`; gives tilt ci time', () => {
    expect(callsOf(local, 'config.set_enabled_resources')).toEqual([]);
    expect(callsOf(local, 'ci_settings')[0][2]).toMatchObject({ readiness_timeout: '10m' });
    const run = runTiltfile({ context: 'orbstack', args: { 'to-run': ['grafana', 'loki'] } });
    expect(run.failed).toBeNull();
    expect(callsOf(run, 'config.set_enabled_resources')).toEqual([['config.set_enabled_resources', [['grafana', 'loki']], {}]]);
  });

  it('builds the raibid images from a checkout (--raibid-src), with live update when asked', () => {
    const run = runTiltfile({ context: 'default', args: { 'raibid-src': src, 'raibid-live-update': true } });
    expect(run.failed).toBeNull();
    expect(callsOf(run, 'local')[0][1][0]).toMatch(/^kubectl config view --minify/); // context "default": server checked, 127.0.0.1
    expect(callsOf(local, 'local').map((c) => c[1][0])).toEqual(['node dist/tools/cli/main.js tilt environments/local']); // k3d: no check
    expect(callsOf(local, 'default_registry')).toEqual([]);
    expect(callsOf(run, 'default_registry')).toEqual([]);
    const builds = callsOf(run, 'docker_build');
    expect(builds.map((b) => [b[1][0], b[1][1], b[2].dockerfile])).toEqual([
      ['ghcr.io/raibid-labs/raibid-server', src, path.join(src, 'crates/server/Dockerfile')],
      ['ghcr.io/raibid-labs/raibid-agent', src, path.join(src, 'crates/agent/Dockerfile')],
    ]);
    const steps = builds[0][2].live_update as unknown[][];
    expect(steps.map((s) => s[0])).toEqual(['fall_back_on', 'sync', 'run']);
    expect(steps[1]).toEqual(['sync', path.join(src, 'crates'), '/src/crates']);
  });

  it('finds the checkout through RAIBID_SRC too, and then rebuilds images without live update; TILT_REGISTRY sets the registry', () => {
    const run = runTiltfile({ context: 'kind-dev', env: { RAIBID_SRC: src, TILT_REGISTRY: 'localhost:5000' } });
    expect(run.failed).toBeNull();
    expect(callsOf(run, 'default_registry')).toEqual([['default_registry', ['localhost:5000'], {}]]);
    expect(callsOf(run, 'docker_build').map((b) => [b[1][0], b[2].live_update])).toEqual([
      ['ghcr.io/raibid-labs/raibid-server', []],
      ['ghcr.io/raibid-labs/raibid-agent', []],
    ]);
  });

  for (const context of ['arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'prod', 'gke_project_europe-west1_main', 'k3s-remote']) {
    it(`refuses the non-local context ${context} before rendering anything`, () => {
      const run = runTiltfile({ context });
      expect(run.failed).toContain(`Refusing to deploy: kubectl context "${context}" is not a local cluster`);
      expect(callsOf(run, 'local')).toEqual([]);
      expect(callsOf(run, 'k8s_yaml')).toEqual([]);
      expect(callsOf(run, 'allow_k8s_contexts')).toEqual([]);
    });
  }

  it('tracks the operator-run Prometheus pods and forwards 9090', () => {
    const prom = callsOf(local, 'k8s_resource').map((c) => c[2]).find((r) => (r.objects as string[]).includes('kps-prometheus:prometheus:mop'))!;
    expect(prom).toMatchObject({ port_forwards: ['9090:9090'], extra_pod_selectors: [{ 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': 'kps-prometheus' }] });
  });

  it('fails with a clear message when the toolkit is not built', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiltfile-'));
    try {
      fs.copyFileSync(tiltfile, path.join(dir, 'Tiltfile'));
      const run = runTiltfile({ context: 'k3d-x' }, path.join(dir, 'Tiltfile'));
      expect(run.failed).toContain('The toolkit is not built (dist/tools/cli/main.js is missing): run `npm ci`');
      expect(callsOf(run, 'local')).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts the context "default" only when its API server is on this machine (native k3s)', () => {
    const remote = runTiltfile({ context: 'default', processEnv: { KUBECONFIG: path.resolve('tests/fixtures/tilt/kubeconfig-remote-default.yaml') } });
    expect(remote.failed).toBe('Refusing to deploy: kubectl context "default" points at https://k8s.prod.example.com:6443, not at this machine (k3s serves https://127.0.0.1:6443).');
    expect(callsOf(remote, 'k8s_yaml')).toEqual([]);
    // the k3s kubeconfig (127.0.0.1) loads: see the --raibid-src test, which runs with context "default"
  });

  it('the harness rejects Python that is not Starlark', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiltfile-'));
    try {
      const file = path.join(dir, 'Tiltfile');
      fs.writeFileSync(file, "import os\nx = f'{1}'\n");
      expect(runTiltfile({ context: 'default' }, file).failed).toMatch(/not Starlark: Import at line 1; JoinedStr at line 2/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
