import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportEnvironments } from '../../tools/tanka/index.js';

const basic = path.resolve('tests/fixtures/tanka/basic');
const env = (p: string) => path.join(basic, 'environments', p);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tkts-export-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const outDir = () => path.join(tmp, `out${n++}`);

/** Every file under dir with its content, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

const staticFiles = [
  'apps-v1.Deployment-web.yaml',
  'example.com-v1.Widget-global.yaml',
  'rbac.authorization.k8s.io-v1.ClusterRole-forced.yaml',
  'rbac.authorization.k8s.io-v1.ClusterRole-reader.yaml',
  'v1.ConfigMap-cm-a.yaml',
  'v1.ConfigMap-cm-b.yaml',
  'v1.ConfigMap-empty-ns.yaml',
  'v1.ConfigMap-env-info.yaml',
  'v1.ConfigMap-from-list.yaml',
  'v1.ConfigMap-other-ns.yaml',
  'v1.Namespace-apps.yaml',
  'v1.Secret-from-list.yaml',
  'v1.Service-web.yaml',
];

describe('export', () => {
  it('writes one yaml.v2 document per object with the default names, and manifest.json', async () => {
    const out = outDir();
    await exportEnvironments({ outDir: out, paths: [env('static')], parallel: 1 });
    const files = snapshot(out);
    expect(Object.keys(files).sort()).toEqual([...staticFiles, 'manifest.json'].sort());
    expect(files['v1.Service-web.yaml']).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    owner: platform\n  labels:\n    app.kubernetes.io/name: not-used-when-set\n' +
        '    tanka.dev/environment: 186ab73ed8ae37a23b8ea5554050267477c9b5676e49e1e4\n    tier: backend\n  name: web\n  namespace: apps\n' +
        'spec:\n  ports:\n  - port: 80\n    targetPort: 8080\n  selector:\n    app.kubernetes.io/name: web\n',
    );
    // 4-space JSON, sorted keys, no trailing newline
    expect(files['manifest.json']).toBe(
      '{\n' + staticFiles.map((f) => `    "${f}": "environments/static/main.jsonnet"`).join(',\n') + '\n}',
    );
  });

  it('makes subfolders from literal / in --format, turns / in values into -, prints <no value>, knows env', async () => {
    const out = outDir();
    await exportEnvironments({
      outDir: out,
      paths: [env('static')],
      format: '{{env.metadata.name}}/{{.metadata.namespace}}/{{.apiVersion}}-{{.kind}}-{{.metadata.name}}',
      extension: 'yml',
      parallel: 1,
    });
    const files = Object.keys(snapshot(out)).sort();
    expect(files).toContain('environments-static/apps/apps-v1-Deployment-web.yml');
    expect(files).toContain('environments-static/<no value>/rbac.authorization.k8s.io-v1-ClusterRole-reader.yml');
    // an empty namespace: the doubled / collapses in the folder; manifest.json keeps it, as tk writes it
    expect(files).toContain('environments-static/v1-ConfigMap-empty-ns.yml');
    expect(JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'))['environments-static//v1-ConfigMap-empty-ns.yml']).toBe(
      'environments/static/main.jsonnet',
    );
  });

  it('refuses a non-empty folder without a merge strategy, and leaves it as it was', async () => {
    const out = outDir();
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'keep.txt'), 'x');
    await expect(exportEnvironments({ outDir: out, paths: [env('static')], parallel: 1 })).rejects.toThrow(
      `output dir \`${out}\` not empty. Pass a different --merge-strategy to ignore this`,
    );
    expect(snapshot(out)).toEqual({ 'keep.txt': 'x' });
  });

  it('fail-on-conflicts stops at an existing file; replace-envs replaces the environment\'s files', async () => {
    const out = outDir();
    await exportEnvironments({ outDir: out, paths: [env('static')], parallel: 1 });
    const first = snapshot(out);
    await expect(exportEnvironments({ outDir: out, paths: [env('static')], mergeStrategy: 'fail-on-conflicts', parallel: 1 })).rejects.toThrow(
      /file '.*' already exists\. Aborting/,
    );
    expect(snapshot(out)).toEqual(first);
    // another environment merges in
    await exportEnvironments({ outDir: out, paths: [env('inline')], mergeStrategy: 'fail-on-conflicts', parallel: 1 });
    expect(Object.keys(snapshot(out))).toContain('v1.ConfigMap-settings.yaml');
    // replace-envs: re-export static with fewer objects; its old files go, inline's stay
    await exportEnvironments({ outDir: out, paths: [env('static')], mergeStrategy: 'replace-envs', parallel: 1, load: { targets: ['Deployment/.*'] } });
    const after = snapshot(out);
    expect(Object.keys(after).sort()).toEqual(
      ['apps-v1.Deployment-web.yaml', 'example.com-v1.Numbers-numbers.yaml', 'manifest.json', 'v1.ConfigMap-settings.yaml'].sort(),
    );
    expect(JSON.parse(after['manifest.json'])).toEqual({
      'apps-v1.Deployment-web.yaml': 'environments/static/main.jsonnet',
      'example.com-v1.Numbers-numbers.yaml': 'environments/inline/main.jsonnet',
      'v1.ConfigMap-settings.yaml': 'environments/inline/main.jsonnet',
    });
  });

  it('a failed export (one environment fails) leaves the output folder untouched', async () => {
    const out = outDir();
    await exportEnvironments({ outDir: out, paths: [env('inline')], parallel: 1 });
    const before = snapshot(out);
    const err = (await exportEnvironments({ outDir: out, paths: [env('static'), env('multi')], recursive: true, mergeStrategy: 'replace-envs', parallel: 1 }).catch(
      (e: Error) => e,
    )) as Error;
    expect(err.message).toContain('Errors occurred during parallel processing');
    expect(err.message).toContain('zzz-broken');
    expect(err.message).toMatch(/main\.jsonnet:18:\d+/);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('tkts-export'))).toEqual([]);
  });

  it('-r exports every environment; parallel workers give the same files as one thread', async () => {
    const seq = outDir();
    const par = outDir();
    const healthy = [env('static'), env('inline'), env('precedence')];
    await exportEnvironments({ outDir: seq, paths: healthy, recursive: true, parallel: 1 });
    await exportEnvironments({ outDir: par, paths: healthy, recursive: true, parallel: 3 });
    const a = snapshot(seq);
    expect(Object.keys(a)).toHaveLength(13 + 2 + 1 + 1);
    expect(snapshot(par)).toEqual(a);
    expect(JSON.parse(a['manifest.json'])['v1.ConfigMap-precedence.yaml']).toBe('environments/precedence/main.jsonnet');
  });

  it('without -r, several inline environments need --name', async () => {
    await expect(exportEnvironments({ outDir: outDir(), paths: [env('multi')], parallel: 1 })).rejects.toThrow(
      'Please use --name to export a single environment or --recursive to export multiple environments.',
    );
    const out = outDir();
    await exportEnvironments({ outDir: out, paths: [env('multi')], name: 'multi-b', parallel: 1 });
    expect(Object.keys(snapshot(out)).sort()).toEqual(['manifest.json', 'v1.ConfigMap-in-b.yaml']);
  });
});

describe('export options', () => {
  it('--skip-manifest writes no manifest.json; --merge-deleted-envs removes a deleted environment\'s files', async () => {
    const out = outDir();
    await exportEnvironments({ outDir: out, paths: [env('inline')], parallel: 1, skipManifest: true });
    expect(Object.keys(snapshot(out)).sort()).toEqual(['example.com-v1.Numbers-numbers.yaml', 'v1.ConfigMap-settings.yaml']);
    const out2 = outDir();
    await exportEnvironments({ outDir: out2, paths: [env('inline')], parallel: 1 });
    await exportEnvironments({
      outDir: out2,
      paths: [env('precedence')],
      parallel: 1,
      mergeStrategy: 'fail-on-conflicts',
      mergeDeletedEnvs: ['environments/inline/main.jsonnet'],
    });
    expect(Object.keys(snapshot(out2)).sort()).toEqual(['manifest.json', 'v1.ConfigMap-precedence.yaml']);
    expect(JSON.parse(snapshot(out2)['manifest.json'])).toEqual({ 'v1.ConfigMap-precedence.yaml': 'environments/precedence/main.jsonnet' });
  });
});

describe('worker pool', () => {
  it('returns results in job order, errors as values, with workers only', async () => {
    const { runEnvironmentJobs, workerScript } = await import('../../tools/tanka/pool.js');
    expect(workerScript()).not.toBeNull(); // dist/ is built before the tests
    const results = await runEnvironmentJobs(
      [
        { path: env('precedence') },
        { path: env('multi'), name: 'zzz-broken' },
        { path: env('multi'), name: 'multi-b', render: { format: '{{.kind}}', extension: 'yaml' } },
      ],
      2,
      { useMainThread: false },
    );
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1].ok === false && results[1].error).toMatch(/zzz-broken[\s\S]*main\.jsonnet:18:/);
    expect(results[2].ok && results[2].files).toEqual([{ name: 'ConfigMap.yaml', key: 'ConfigMap.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: in-b\n  namespace: ns-b\n' }]);
  });
});
