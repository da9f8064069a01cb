// helmTemplate against the real helm binary, and kustomizeBuild against the real kubectl.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { evalJsonnet, loadEnvironment } from '../../tools/tanka/index.js';
import { tankaNatives } from '../../tools/tanka/natives/index.js';

const project = path.resolve('tests/fixtures/tanka/helm');
const env = (name: string) => path.join(project, 'environments', name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tkts-helm-'));
const log = path.join(tmp, 'helm-calls.log');
const cacheDir = path.join(tmp, 'cache');
let previous: string | undefined;

beforeAll(async () => {
  // A wrapper around the real helm that records each call, to see the cache work.
  const real = await helmBinary();
  const wrapper = path.join(tmp, 'helm');
  fs.writeFileSync(wrapper, `#!/bin/sh\necho "$@" >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  previous = process.env.TANKA_HELM_PATH;
  process.env.TANKA_HELM_PATH = wrapper;
});

afterAll(() => {
  if (previous === undefined) delete process.env.TANKA_HELM_PATH;
  else process.env.TANKA_HELM_PATH = previous;
  fs.rmSync(tmp, { recursive: true, force: true });
});

const templateCalls = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('template ')) : []);

describe('helmTemplate with the real helm', () => {
  it('renders the chart with Tanka\'s argv, names objects, and patches labels like tanka-util', async () => {
    const raw = (await evalJsonnet(env('chart'), { expr: 'demo', cacheDir })) as Record<string, any>;
    expect(Object.keys(raw).sort()).toEqual([
      'config_map_demo_config',
      'custom_resource_definition_widgets.example.com',
      'deployment_demo_web',
      'service_demo_web',
    ]);
    expect(templateCalls()[0]).toBe(
      // --no-hooks: lib/helm.libsonnet leaves hooks out unless a wrapper asks for them (README)
      `template --values - --api-versions=example.com/v1 --include-crds --skip-tests --kube-version=1.31.0 --no-hooks --namespace=demo-release -- demo ${path.join(project, 'charts/demo')}`,
    );
    expect(raw.deployment_demo_web.metadata.labels['app.kubernetes.io/managed-by']).toBe('Helmraiser');
    expect(raw.deployment_demo_web.spec.replicas).toBe(5); // deep-merged by the environment
    // values went through yaml.v3 (1000000 is written 1e+06), timestamps become RFC 3339 strings
    expect(raw.config_map_demo_config.data).toEqual({
      releaseNamespace: 'demo-release',
      kubeVersion: 'v1.31.0',
      hasWidgetApi: 'true',
      created: '2021-01-01T00:00:00Z',
      mode: 'fast',
      million: '1e+06',
    });
  });

  it('serves an unchanged chart from the disk cache; --no-cache runs helm again', async () => {
    const before = templateCalls().length;
    const { manifests } = await loadEnvironment(env('chart'), { cacheDir });
    expect(templateCalls().length).toBe(before); // cached by the first test
    // objects without a namespace get the environment's namespace, not the release's
    expect(manifests.map((m) => [m.kind, (m.metadata as any).namespace])).toEqual([
      ['ConfigMap', 'demo-env'],
      ['CustomResourceDefinition', undefined],
      ['Service', 'demo-env'],
      ['Deployment', 'demo-env'],
    ]);
    expect(fs.readdirSync(path.join(cacheDir, 'helm', 'template')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    await loadEnvironment(env('chart'), { cacheDir, noCache: true });
    expect(templateCalls().length).toBe(before + 1);
  });

  it('applies nameFormat, includeCRDs: false (any case), and keeps test hooks unless skipTests', async () => {
    const raw = (await evalJsonnet(env('name-format'), { expr: 'demo', noCache: true })) as Record<string, any>;
    expect(Object.keys(raw).sort()).toEqual(['configmap/nf-config', 'configmap/nf-optional', 'deployment/nf-web', 'pod/nf-test', 'service/nf-web']);
    expect(raw['deployment/nf-web'].metadata.labels['app.kubernetes.io/managed-by']).toBe('Helm');
  });

  it('rejects two objects with the same name key', async () => {
    await expect(evalJsonnet(env('duplicate-names'), { noCache: true })).rejects.toThrow(
      "Two resources share the same name 'nf-web'. Please adapt the name template '{{ .metadata.name }}'.",
    );
  });

  it('a helm failure carries helm\'s message, the chart and the values', async () => {
    const err = (await loadEnvironment(env('chart-error'), { noCache: true }).catch((e: Error) => e)) as Error;
    expect(err.message).toContain('values.database.host is required by the broken chart');
    expect(err.message).toContain(path.join(project, 'charts/broken'));
    expect(err.message).toContain('port: 5432');
    expect(err.message).toMatch(/environments\/chart-error\/main\.jsonnet|helm\.libsonnet:\d+/);
  });

  it('helm output that is not a valid Kubernetes object is rejected', async () => {
    await expect(loadEnvironment(env('invalid-output'), { noCache: true })).rejects.toThrow(
      'Parsing Helm output: Resource has missing or invalid fields:\n  - apiVersion: missing or not of string type',
    );
  });

  it('a missing chart says where it looked', async () => {
    await expect(loadEnvironment(env('missing-chart'), { noCache: true })).rejects.toThrow(
      `helmTemplate: Failed to find a chart at '${path.join(project, 'charts/does-not-exist')}'`,
    );
  });

  it('a missing helm binary says how to get one', async () => {
    const saved = process.env.TANKA_HELM_PATH;
    process.env.TANKA_HELM_PATH = path.join(tmp, 'no-such-helm');
    try {
      await expect(loadEnvironment(env('chart'), { noCache: true })).rejects.toThrow(/helm binary .*not found[\s\S]*HELM_BIN/);
    } finally {
      process.env.TANKA_HELM_PATH = saved;
    }
  });
});

describe('arguments never become options', () => {
  const natives = () => tankaNatives({ helmBin: () => process.env.TANKA_HELM_PATH!, cacheDir: null });
  const calledFrom = path.join(project, 'environments/chart/main.jsonnet');

  it('a release name that is an option is refused with helm\'s wording, and nothing runs', () => {
    const marker = path.join(tmp, 'post-renderer-ran');
    const script = path.join(tmp, 'post-renderer.sh');
    fs.writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\ncat\n`, { mode: 0o755 });
    const before = templateCalls().length;
    for (const name of [`--post-renderer=${script}`, '-x', 'Bad_Name', 'a'.repeat(54), '', 'a..b', 'x;touch y']) {
      const call = () => natives().helmTemplate.fn(name, '../../charts/demo', { calledFrom });
      expect(call).toThrow(
        name === ''
          ? 'Expanding Helm Chart: release name "": no name provided'
          : `Expanding Helm Chart: release name ${JSON.stringify(name)}: invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53`,
      );
    }
    expect(fs.existsSync(marker)).toBe(false);
    expect(templateCalls().length).toBe(before); // refused before helm starts
    // The longest valid name and a dotted one are accepted.
    expect(Object.keys(natives().helmTemplate.fn('a'.repeat(53), '../../charts/demo', { calledFrom }) as object).length).toBeGreaterThan(0);
    expect(Object.keys(natives().helmTemplate.fn('demo.v2', '../../charts/demo', { calledFrom }) as object).length).toBeGreaterThan(0);
  });

  it('a chart path or namespace that starts with "-" stays an argument', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'dash-'));
    fs.cpSync(path.join(project, 'charts/demo'), path.join(dir, '-chart'), { recursive: true });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      // calledFrom relative to the working directory: the chart path is "-chart" itself.
      const out = natives().helmTemplate.fn('demo', '-chart', { calledFrom: 'main.jsonnet', namespace: '--dry-run' }) as Record<string, any>;
      expect(out.deployment_demo_web.metadata.name).toBe('demo-web');
    } finally {
      process.chdir(cwd);
    }
    expect(templateCalls().at(-1)).toBe('template --values - --include-crds --namespace=--dry-run -- demo -chart');
  });

  it('a kustomization path that starts with "-" stays an argument', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'kz-'));
    fs.cpSync(path.resolve('tests/fixtures/tanka/kustomize/kustomize/base'), path.join(dir, '-base'), { recursive: true });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const out = natives().kustomizeBuild.fn('-base', { calledFrom: 'main.jsonnet' }) as Record<string, unknown>;
      expect(Object.keys(out).sort()).toEqual(['config_map_kz_settings', 'deployment_kz_worker']);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('kustomizeBuild with the real kubectl', () => {
  it('renders a kustomization and names the objects', async () => {
    const kz = path.resolve('tests/fixtures/tanka/kustomize/environments/default');
    const raw = (await evalJsonnet(kz, { expr: 'base' })) as Record<string, any>;
    expect(Object.keys(raw).sort()).toEqual(['config_map_kz_settings', 'deployment_kz_worker']);
    const { manifests } = await loadEnvironment(kz);
    expect(manifests.map((m) => `${m.kind}/${(m.metadata as any).name}/${(m.metadata as any).namespace}`)).toEqual([
      'ConfigMap/kz-settings/kz',
      'Deployment/kz-worker/kz',
    ]);
  });
});
