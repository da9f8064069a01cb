// The Tiltfile, loaded by the real Tilt (`tilt alpha tiltfile-result`): what Tilt itself makes
// of it, resource by resource. `local()` really runs the built toolkit (dist/; `npm test` builds
// first), so what is asserted is what `tilt up` would apply. No cluster is contacted.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repoRoot, requireTool } from '../helpers/ref-tools.js';

const tilt = requireTool('tilt');
const kubectl = requireTool('kubectl');
const cli = path.join(repoRoot, 'dist/tools/cli/main.js');
const fixtures = path.join(repoRoot, 'tests/fixtures/tilt');
const k3s = path.join(fixtures, 'kubeconfig-k3s.yaml'); // context "default" on 127.0.0.1
const mixed = path.join(fixtures, 'kubeconfig-mixed.yaml'); // k3d-platform (current) and remote contexts
const raibidSrc = path.join(fixtures, 'raibid-ci');

type Obj = Record<string, any>;
interface Manifest {
  Name: string;
  Labels: Record<string, string>;
  ResourceDependencies: string[] | null;
  ImageTargets: Obj[];
  DeployTarget: Obj;
}
interface TiltfileResult {
  Manifests: Manifest[];
  EnabledManifests: string[];
  ConfigFiles: string[];
  VersionSettings: { CheckUpdates: boolean };
  CISettings: { timeout: string; readinessTimeout: string };
  DefaultRegistry: { host: string } | null;
  Error: unknown;
}

interface Load {
  code: number | null;
  result?: TiltfileResult;
  /** The `fail(...)` message when the Tiltfile refused to load. */
  failure?: string;
  stderr: string;
}

/** `tilt alpha tiltfile-result` offline: no analytics, the given kubeconfig, Tiltfile args after `--`. */
function loadTiltfile(opts: { kubeconfig: string; context?: string; args?: string[]; env?: Record<string, string>; file?: string }): Load {
  const env: Record<string, string | undefined> = { ...process.env, TILT_DISABLE_ANALYTICS: '1', KUBECONFIG: opts.kubeconfig, ...opts.env };
  if (!opts.env?.RAIBID_SRC) env.RAIBID_SRC = '/nonexistent/raibid-ci';
  if (!opts.env?.TILT_REGISTRY) delete env.TILT_REGISTRY;
  env.PATH = `${path.dirname(kubectl)}${path.delimiter}${env.PATH}`;
  const file = opts.file ?? path.join(repoRoot, 'Tiltfile');
  const argv = ['alpha', 'tiltfile-result', '-f', file, ...(opts.context ? ['--context', opts.context] : []), ...(opts.args?.length ? ['--', ...opts.args] : [])];
  const r = spawnSync(tilt, argv, { cwd: path.dirname(file), env, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 170_000 });
  const failure = /Error in fail: (.*)/.exec(r.stderr)?.[1];
  return { code: r.status, result: r.status === 0 ? (JSON.parse(r.stdout) as TiltfileResult) : undefined, failure, stderr: r.stderr };
}

function loaded(load: Load): TiltfileResult {
  expect(load.code, load.stderr.slice(-2000)).toBe(0);
  return load.result!;
}
const byName = (res: TiltfileResult, name: string) => {
  const m = res.Manifests.find((x) => x.Name === name);
  if (!m) throw new Error(`no resource ${name} in ${res.Manifests.map((x) => x.Name).join(', ')}`);
  return m;
};
const objectsOf = (m: Manifest): Obj[] => parseAllDocuments(m.DeployTarget.yaml as string).map((d) => d.toJS() as Obj).filter(Boolean);
const keyOf = (o: Obj) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
const forwards = (m: Manifest) => ((m.DeployTarget.portForwardTemplateSpec?.forwards ?? []) as Obj[]).map((f) => `${f.localPort}:${f.containerPort}`);
const containersOf = (o: Obj): Obj[] => (o.kind === 'ScaledJob' ? o.spec.jobTargetRef.template.spec.containers : o.spec.template.spec.containers);

/** The object without the fields Go's `omitempty` drops or adds (null, false, 0, '', [] and {}), at any depth. */
function withoutEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutEmpty);
  if (v === null || typeof v !== 'object') return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    const y = withoutEmpty(x);
    const empty = y === null || y === false || y === 0 || y === '' || (typeof y === 'object' && Object.keys(y as Obj).length === 0);
    if (!empty) out[k] = y;
  }
  return out;
}

interface PlanResource { name: string; labels: string[]; portForwards: string[]; resourceDeps: string[] }

describe('Tiltfile under the real Tilt', () => {
  let plan: { yaml: string; resources: PlanResource[] };
  let plain: TiltfileResult;
  beforeAll(() => {
    if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: build first (npx tsc -p .)`);
    const r = spawnSync('node', [cli, 'tilt', 'environments/local'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 30 });
    expect(r.status, r.stderr).toBe(0);
    plan = JSON.parse(r.stdout);
    plain = loaded(loadTiltfile({ kubeconfig: k3s }));
  });

  it('loads on native k3s (context "default" on 127.0.0.1) with update checks off and tilt ci timeouts', () => {
    expect(plain.Error).toBeNull();
    expect(plain.VersionSettings.CheckUpdates).toBe(false);
    expect(plain.CISettings).toEqual({ timeout: '30m0s', readinessTimeout: '10m0s' });
    for (const f of ['Tiltfile', 'lib', 'environments', 'chartfile.yaml']) expect(plain.ConfigFiles).toContain(path.join(repoRoot, f));
    expect(plain.EnabledManifests).toEqual(plain.Manifests.map((m) => m.Name));
  });

  it('has one resource per planned resource, with its labels, dependencies and port forwards', () => {
    expect(plain.Manifests.map((m) => m.Name).sort()).toEqual(plan.resources.map((r) => r.name).sort());
    for (const r of plan.resources) {
      const m = byName(plain, r.name);
      expect(Object.keys(m.Labels), r.name).toEqual(r.labels);
      expect([...(m.ResourceDependencies ?? [])].sort(), r.name).toEqual(r.resourceDeps);
      expect(forwards(m), r.name).toEqual(r.portForwards);
      expect(m.DeployTarget.serverSideApply, r.name).toBe(true);
    }
    expect(new Set(plain.Manifests.flatMap((m) => Object.keys(m.Labels)))).toEqual(new Set(['infra', 'storage', 'logs', 'traces', 'metrics', 'grafana', 'collection', 'ci']));
    expect(forwards(byName(plain, 'grafana'))).toEqual(['3000:3000']);
    expect(forwards(byName(plain, 'gitea'))).toEqual(['3001:3000']);
    expect(forwards(byName(plain, 'raibid-server'))).toEqual(['8081:8080']);
    expect(plain.Manifests.flatMap(forwards)).toContain('9090:9090');
    expect(byName(plain, 'raibid-server').ResourceDependencies).toEqual(expect.arrayContaining(['redis', 'gitea', 'gitea-postgres', 'namespaces']));
    expect(byName(plain, 'grafana').ResourceDependencies).toEqual(expect.arrayContaining(['loki', 'tempo', 'mimir-gateway']));
  });

  it('applies every rendered object exactly once, as rendered', () => {
    const rendered = parseAllDocuments(plan.yaml).map((d) => d.toJS() as Obj);
    const applied = plain.Manifests.flatMap(objectsOf);
    expect(applied.map(keyOf).sort()).toEqual(rendered.map(keyOf).sort());
    // Tilt re-encodes objects through Kubernetes' Go types (empty fields come and go, quantities are
    // canonical: 1000m is 1), so compare what identifies and configures them: metadata and images.
    const byKey = new Map(rendered.map((o) => [keyOf(o), o]));
    const images = (o: Obj) => (o.spec?.template?.spec?.containers ?? o.spec?.jobTargetRef?.template?.spec?.containers ?? []).map((c: Obj) => `${c.name}=${c.image}`);
    for (const o of applied) {
      const r = byKey.get(keyOf(o))!;
      expect(withoutEmpty(o.metadata), keyOf(o)).toEqual(withoutEmpty(r.metadata));
      expect(images(o), keyOf(o)).toEqual(images(r));
    }
  });

  it('injects images into the KEDA ScaledJob and does not wait for its pods', () => {
    const agent = byName(plain, 'raibid-agent').DeployTarget;
    expect(agent.imageLocators).toEqual([{ objectSelector: { apiVersionRegexp: '(?i)keda.sh/v1alpha1', kindRegexp: '(?i)ScaledJob' }, path: '{.spec.jobTargetRef.template.spec.containers[*].image}' }]);
    expect(agent.PodReadinessMode).toBe('ignore');
  });

  it('uses the pinned raibid images when there is no raibid-ci checkout', () => {
    expect(plain.Manifests.flatMap((m) => m.ImageTargets ?? [])).toEqual([]);
    const server = objectsOf(byName(plain, 'raibid-server')).find((o) => o.kind === 'Deployment')!;
    expect(containersOf(server)[0]).toMatchObject({ image: 'ghcr.io/raibid-labs/raibid-server:0.1.0', securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true } });
  });

  describe('with a raibid-ci checkout (--raibid-src)', () => {
    let dev: TiltfileResult;
    beforeAll(() => {
      dev = loaded(loadTiltfile({ kubeconfig: mixed, args: ['--raibid-src', raibidSrc] }));
    });

    it('builds the server and agent from the development image, with live update', () => {
      const dockerfile = fs.readFileSync(path.join(repoRoot, 'tilt/raibid-dev.Dockerfile'), 'utf8');
      for (const [resource, bin] of [['raibid-server', 'raibid-server'], ['raibid-agent', 'raibid-agent']]) {
        const targets = byName(dev, resource).ImageTargets;
        expect(targets, resource).toHaveLength(1);
        const t = targets[0];
        expect(t.selector).toBe(`ghcr.io/raibid-labs/${bin}`);
        expect(t.BuildDetails).toMatchObject({ context: raibidSrc, dockerfileContents: dockerfile, args: [`BIN=${bin}`] });
        expect(t.BuildDetails.contextIgnores).toContainEqual({ basePath: raibidSrc, patterns: ['**', '!crates', '!Cargo.toml', '!Cargo.lock'] });
        const rel = (p: string) => path.relative(repoRoot, path.join(raibidSrc, p));
        expect(t.LiveUpdateSpec).toMatchObject({
          stopPaths: [rel('Cargo.toml'), rel('Cargo.lock')],
          syncs: [{ localPath: rel('crates'), containerPath: '/src/crates' }],
          execs: [{ args: ['sh', '-c', `cd /src && cargo build --bin ${bin}`], triggerPaths: [path.join(raibidSrc, 'crates')] }],
        });
      }
      expect(dev.Manifests.filter((m) => m.ImageTargets?.length).map((m) => m.Name).sort()).toEqual(['raibid-agent', 'raibid-server']);
    });

    it('makes only the development containers writable (still non-root); everything else as rendered', () => {
      const before = new Map(plain.Manifests.flatMap(objectsOf).map((o) => [keyOf(o), o]));
      const changed: string[] = [];
      for (const o of dev.Manifests.flatMap(objectsOf)) {
        if (JSON.stringify(o) === JSON.stringify(before.get(keyOf(o)))) continue;
        changed.push(keyOf(o));
        const want = structuredClone(before.get(keyOf(o))!);
        for (const c of containersOf(want)) c.securityContext.readOnlyRootFilesystem = false;
        expect(o, keyOf(o)).toEqual(want);
        for (const c of containersOf(o)) expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      }
      expect(changed.sort()).toEqual(['Deployment/raibid/raibid-server', 'ScaledJob/raibid/raibid-agent']);
    });
  });

  it('builds the production images without live update when asked (--raibid-live-update=false, RAIBID_SRC), pushes to TILT_REGISTRY, and runs only the named resources', () => {
    const res = loaded(loadTiltfile({ kubeconfig: mixed, args: ['--raibid-live-update=false', 'grafana', 'raibid-server'], env: { RAIBID_SRC: raibidSrc, TILT_REGISTRY: 'localhost:5005' } }));
    // Tilt enables the named resources and everything they depend on.
    const deps = new Map(plan.resources.map((r) => [r.name, r.resourceDeps]));
    const closure = new Set<string>();
    const visit = (n: string) => {
      if (closure.has(n)) return;
      closure.add(n);
      for (const d of deps.get(n) ?? []) visit(d);
    };
    visit('grafana');
    visit('raibid-server');
    expect([...res.EnabledManifests].sort()).toEqual([...closure].sort());
    expect(res.EnabledManifests).not.toContain('raibid-agent');
    expect(res.DefaultRegistry?.host).toBe('localhost:5005');
    const t = byName(res, 'raibid-server').ImageTargets[0];
    expect(t.BuildDetails.dockerfileContents).toBe(fs.readFileSync(path.join(raibidSrc, 'crates/server/Dockerfile'), 'utf8'));
    expect(t.BuildDetails.args ?? []).toEqual([]);
    expect(t.LiveUpdateSpec?.syncs ?? []).toEqual([]);
    const server = objectsOf(byName(res, 'raibid-server')).find((o) => o.kind === 'Deployment')!;
    expect(containersOf(server)[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });

  describe('refuses clusters that are not local, before rendering anything', () => {
    for (const context of ['prod', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'gke_project_europe-west1_main', 'k3s-remote']) {
      it(`context ${context}`, () => {
        const r = loadTiltfile({ kubeconfig: mixed, context });
        expect(r.code).toBe(5);
        expect(r.failure).toBe(
          `Refusing to deploy: kubectl context "${context}" is not a local cluster. Allowed: default, rancher-desktop, docker-desktop, orbstack, or a name starting with k3d- or kind-. Switch with \`kubectl config use-context <local context>\`.`,
        );
        expect(r.stderr).not.toContain('tilt environments/local');
      });
    }

    it('context "default" pointing at another machine, as current context or through --context', () => {
      const message = 'Refusing to deploy: kubectl context "default" points at https://k8s.prod.example.com:6443, not at this machine (k3s serves https://127.0.0.1:6443).';
      const current = loadTiltfile({ kubeconfig: path.join(fixtures, 'kubeconfig-remote-default.yaml') });
      expect([current.code, current.failure]).toEqual([5, message]);
      // The kubeconfig's current context is the local k3d one; --context default must still be checked.
      const flag = loadTiltfile({ kubeconfig: mixed, context: 'default' });
      expect([flag.code, flag.failure]).toEqual([5, message]);
    });

    it('an unknown --context, by name', () => {
      const r = loadTiltfile({ kubeconfig: mixed, context: 'k3d-typo' });
      expect(r.code).toBe(5);
      expect(r.failure).toBe(
        'Refusing to deploy: kubectl context "k3d-typo" (from --context) is not in the kubeconfig. Contexts there: arn:aws:eks:eu-west-1:123456789012:cluster/prod, default, gke_project_europe-west1_main, k3d-platform, k3s-remote, prod.',
      );
    });

    it('a kubeconfig without a current context', () => {
      const r = loadTiltfile({ kubeconfig: path.join(fixtures, 'kubeconfig-no-current.yaml') });
      expect(r.code).toBe(5);
      expect(r.failure).toMatch(/^Refusing to deploy: no kubectl context is selected \(the kubeconfig has no current-context\)\. Contexts there: arn:aws.*, k3d-platform, k3s-remote, prod\. Pick one with `tilt up --context <local context>`/);
    });
  });

  it('fails with a clear message when the toolkit is not built', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiltfile-'));
    try {
      fs.copyFileSync(path.join(repoRoot, 'Tiltfile'), path.join(dir, 'Tiltfile'));
      const r = loadTiltfile({ kubeconfig: mixed, file: path.join(dir, 'Tiltfile') });
      expect(r.code).toBe(5);
      expect(r.failure).toBe('The toolkit is not built (dist/tools/cli/main.js is missing): run `npm ci` (or `npm run build`) first.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
