import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalJsonnet, findEnvironments, listEnvironments, loadEnvironment } from '../../tools/tanka/index.js';

const basic = path.resolve('tests/fixtures/tanka/basic');
const bad = path.resolve('tests/fixtures/tanka/bad');
const env = (p: string) => path.join(basic, 'environments', p);
const kindName = (m: { kind?: unknown; metadata?: unknown }) => `${m.kind}/${(m.metadata as { name: string }).name}`;

describe('static environments', () => {
  it('evaluates with tk.env, std.thisFile absolute, and the spec applied', async () => {
    const { env: e, manifests } = await loadEnvironment(env('static'));
    expect(e.metadata).toEqual({ name: 'environments/static', namespace: 'environments/static/main.jsonnet', labels: { team: 'platform' } });
    expect(e.spec.apiServer).toBe('https://127.0.0.1:6443');
    const info = manifests.find((m) => kindName(m) === 'ConfigMap/env-info')!;
    expect(info.data).toEqual({
      name: 'environments/static',
      namespace: 'environments/static/main.jsonnet',
      apiServer: 'https://127.0.0.1:6443',
      team: 'platform',
      thisFileAbsolute: 'true',
    });
  });

  it('resolves imports in Tanka order and std.thisFile of imported files', async () => {
    const { manifests } = await loadEnvironment(env('precedence'));
    expect(manifests[0].data).toEqual({
      one: 'base', two: 'root/lib', three: 'base/vendor', four: 'root/vendor', five: 'importing dir', importerThisFile: 'true',
    });
    // spec.namespace "" disables namespace defaulting
    expect(manifests[0].metadata).toEqual({ name: 'precedence' });
  });

  it('filters with targets (regex, case-insensitive, ! excludes)', async () => {
    const only = await loadEnvironment(env('static'), { targets: ['deployment/web', 'configmap/cm-.*'] });
    expect(only.manifests.map(kindName)).toEqual(['ConfigMap/cm-a', 'ConfigMap/cm-b', 'Deployment/web']);
    const without = await loadEnvironment(env('static'), { targets: ['!configmap/.*'] });
    expect(without.manifests.some((m) => m.kind === 'ConfigMap')).toBe(false);
    expect(without.manifests.some((m) => m.kind === 'Deployment')).toBe(true);
  });
});

describe('inline environments', () => {
  it('loads a single inline environment from .data', async () => {
    const { env: e, manifests } = await loadEnvironment(env('inline'));
    expect(e.metadata).toEqual({ name: 'inline', namespace: 'environments/inline/main.jsonnet', labels: { cluster: 'home' } });
    expect(manifests.map(kindName)).toEqual(['ConfigMap/settings', 'Numbers/numbers']);
  });

  it('selects by --name: substring, exact match wins, errors list the names', async () => {
    const a = await loadEnvironment(env('multi'), { name: 'multi-a' });
    expect(a.env.metadata.name).toBe('multi-a');
    expect(a.manifests.map((m) => [kindName(m), (m.metadata as { namespace: string }).namespace])).toEqual([['ConfigMap/in-a', 'ns-a']]);
    expect((await loadEnvironment(env('multi'), { name: 'ab' })).env.metadata.name).toBe('multi-ab');
    expect((await loadEnvironment(env('multi'), { name: 'multi-b' })).env.metadata.name).toBe('multi-b');
    await expect(loadEnvironment(env('multi'), { name: 'multi' })).rejects.toThrow(
      'found multiple Environments in "' + env('multi') + '" matching "multi". Provide a more specific name',
    );
    // Without --name the whole entrypoint is evaluated, as tk does, so a broken environment fails it.
    await expect(loadEnvironment(env('multi'))).rejects.toThrow(/^evaluating jsonnet: RUNTIME ERROR: the data of zzz-broken is evaluated only when selected/);
    await expect(loadEnvironment(env('multi'), { name: 'nope' })).rejects.toThrow('found no matching environments');
    // the unselected environment's data is never evaluated; the selected one's error names it
    await expect(loadEnvironment(env('multi'), { name: 'zzz-broken' })).rejects.toThrow(/the data of zzz-broken is evaluated only when selected[\s\S]*main\.jsonnet:18:/);
  });

  it('tk.env is an error in inline environments, only when read', async () => {
    await expect(evalJsonnet(env('inline'), { expr: 'metadata.name' })).resolves.toBe('inline');
  });
});

describe('discovery', () => {
  it('finds static and inline environments, skipping vendor/ and directories under an environment', async () => {
    const found = await findEnvironments(basic);
    expect(found.map((f) => [f.env.metadata.name, f.inline])).toEqual([
      ['environments/precedence', false],
      ['environments/static', false],
      ['environments/tla', false],
      ['inline', true],
      ['inline-tla', true],
      ['multi-a', true],
      ['multi-ab', true],
      ['multi-b', true],
      ['zzz-broken', true],
    ]);
    expect(found.every((f) => f.env.data === undefined)).toBe(true);
  });

  it('lists the environments of one entrypoint without evaluating data', async () => {
    const list = await listEnvironments(env('multi'));
    expect(list.map((f) => f.env.spec.namespace)).toEqual(['ns-a', 'ns-ab', 'ns-b', 'ns-z']);
  });
});

describe('external variables and top-level arguments', () => {
  it('passes ext vars and TLAs to a function entrypoint', async () => {
    const { manifests } = await loadEnvironment(env('tla'), {
      extVars: { greeting: { kind: 'string', value: 'hi' }, code: { kind: 'code', value: '1 + 2' } },
      tlas: { suffix: { kind: 'string', value: 'cli' }, replicas: { kind: 'code', value: '3' } },
    });
    expect(manifests[0].metadata).toEqual({ name: 'tla-cli', namespace: 'tla' });
    expect(manifests[0].data).toEqual({ greeting: 'hi', code: '3', replicas: '3' });
  });

  it('forwards TLAs through the inline environment scripts', async () => {
    const { manifests } = await loadEnvironment(env('inline-tla'), { name: 'inline-tla', tlas: { suffix: { kind: 'string', value: 'x' } } });
    expect((manifests[0].metadata as { name: string }).name).toBe('inline-tla-x');
  });
});

describe('eval', () => {
  it('returns raw JSON, with -e expressions and TLAs', async () => {
    expect(await evalJsonnet(env('precedence'), { expr: 'cm.data.one' })).toBe('base');
    expect(await evalJsonnet(env('static'), { expr: 'extras[1][0].metadata' })).toEqual({ name: 'cm-b' });
  });
});

describe('errors', () => {
  it('an evaluation error names the environment and file:line:column', async () => {
    const err = await loadEnvironment(path.join(bad, 'environments/eval-error')).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^evaluating jsonnet: RUNTIME ERROR: /);
    expect((err as Error).message).toMatch(/environments\/eval-error\/main\.jsonnet:7:\d+/);
    expect((err as Error).message).toContain('production');
  });

  it('output that is not a Kubernetes object names its path', async () => {
    await expect(loadEnvironment(path.join(bad, 'environments/not-manifest'))).rejects.toThrow(
      /found invalid Kubernetes object \(at \.components\.stray\): missing attribute "apiVersion"/,
    );
    await expect(loadEnvironment(path.join(bad, 'environments/bad-item'))).rejects.toThrow(/\.items/);
  });

  it('show refuses an Environment object among the resources of a static environment', async () => {
    await expect(loadEnvironment(path.join(bad, 'environments/mixed'))).rejects.toThrow(
      "found a tanka Environment resource. Check that you aren't using a spec.json and inline environments simultaneously",
    );
    // export does not check
    const { manifests } = await loadEnvironment(path.join(bad, 'environments/mixed'), { forExport: true });
    expect(manifests.map((m) => m.kind)).toEqual(['ConfigMap', 'Environment']);
  });

  it('a path that is neither a directory nor a name fails clearly', async () => {
    await expect(loadEnvironment(path.join(basic, 'lib'))).rejects.toThrow('Unable to identify the environments base directory');
  });
});

describe('discovery boundaries', () => {
  it('does not descend into a nested Tanka project (its own jsonnetfile.json)', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tkts-find-'));
    try {
      const spec = '{"spec": {"namespace": "x"}}';
      for (const dir of ['environments/a', 'tests/fixture/environments/b']) {
        fs.mkdirSync(path.join(root, dir), { recursive: true });
        fs.writeFileSync(path.join(root, dir, 'spec.json'), spec);
        fs.writeFileSync(path.join(root, dir, 'main.jsonnet'), '{}');
      }
      fs.writeFileSync(path.join(root, 'jsonnetfile.json'), '{}');
      fs.writeFileSync(path.join(root, 'tests/fixture/jsonnetfile.json'), '{}');
      expect((await findEnvironments(root)).map((f) => f.env.metadata.name)).toEqual(['environments/a']);
      // started inside it, the nested project is searched
      expect((await findEnvironments(path.join(root, 'tests/fixture'))).map((f) => f.env.metadata.name)).toEqual(['environments/b']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
