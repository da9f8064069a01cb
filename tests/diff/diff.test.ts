import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { countsByKind, diffManifests, ENV_LABEL_PATH, isIdentical, MASK, type Json } from '../../tools/diff/index.js';
import { formatJson, formatText, lineDiff } from '../../tools/diff/format.js';
import { loadManifestObjects } from '../../tools/diff/load.js';
import { main } from '../../tools/cli/main.js';
import { exportEnvironments } from '../../tools/tanka/export.js';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const fixtures = join(import.meta.dirname, 'fixtures');
const a = () => loadManifestObjects(join(fixtures, 'a'));
const b = () => loadManifestObjects(join(fixtures, 'b'));
const labels: [string, string] = ['a', 'b'];

describe('diffManifests', () => {
  it('finds nothing between identical sides', () => {
    const r = diffManifests(a(), a());
    expect(isIdentical(r)).toBe(true);
    expect(r.identical).toBe(4);
  });

  it('reports added, removed and renamed objects', () => {
    const r = diffManifests(a(), b());
    expect(r.removed.map((x) => `${x.kind}/${x.name}`)).toEqual(['Service/legacy']);
    expect(r.added.map((x) => `${x.kind}/${x.name}`)).toEqual(['Ingress/web']); // unwrapped from a List
    expect(r.renamed).toMatchObject([{ kind: 'ConfigMap', renamedFrom: 'settings-v1', name: 'settings-v2' }]);
  });

  it('matches named array items by name, not position', () => {
    const d = diffManifests(a(), b()).changed.find((x) => x.kind === 'Deployment')!;
    const paths = Object.fromEntries(d.changes.map((c) => [c.path, c]));
    expect(Object.keys(paths).sort()).toEqual([
      'spec.replicas',
      'spec.template.spec.containers[name=server].env[name=FEATURE_X]',
      'spec.template.spec.containers[name=server].env[name=LOG_LEVEL].value',
      'spec.template.spec.containers[name=server].image',
    ]);
    expect(paths['spec.replicas']).toEqual({ path: 'spec.replicas', op: 'changed', old: 1, new: 3 });
    expect(paths['spec.template.spec.containers[name=server].env[name=FEATURE_X]']).toMatchObject({ op: 'added', new: { name: 'FEATURE_X', value: 'on' } });
  });

  it('compares arrays without names by position and scalar arrays whole', () => {
    const x = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { l: [{ a: 1 }, { a: 2 }], hosts: ['x', 'y'] } }] as Json[];
    const y = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { l: [{ a: 1 }, { a: 3 }, { a: 4 }], hosts: ['x', 'z'] } }] as Json[];
    expect(diffManifests(x, y).changed[0].changes).toEqual([
      { path: 'data.hosts', op: 'changed', old: ['x', 'y'], new: ['x', 'z'] },
      { path: 'data.l[1].a', op: 'changed', old: 2, new: 3 },
      { path: 'data.l[2]', op: 'added', new: { a: 4 } },
    ]);
  });

  it('masks Secret data and stringData, in text and JSON', () => {
    const r = diffManifests(a(), b());
    const s = r.changed.find((x) => x.kind === 'Secret')!;
    expect(s.changes).toEqual([
      { path: 'data.password', op: 'changed', old: MASK, new: MASK },
      { path: 'stringData.token', op: 'changed', old: MASK, new: MASK },
    ]);
    for (const out of [formatText(r, { labels }), formatJson(r, { labels })]) {
      expect(out).not.toMatch(/aHVudGVy|c2VjcmV0|token-value/);
    }
    expect(formatText(r, { labels })).toContain('data.password: (secret value changed)');
  });

  it('masks a whole data map added to a Secret', () => {
    const x = [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }] as Json[];
    const y = [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'dmFsdWU=' } }] as Json[];
    expect(diffManifests(x, y).changed[0].changes).toEqual([{ path: 'data', op: 'added', new: { k: MASK } }]);
  });

  it('matches objects across API versions of a group and reports the version change', () => {
    const x = [{ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'n' } }] as Json[];
    const y = [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'n' } }] as Json[];
    const r = diffManifests(x, y);
    expect(r.added).toEqual([]);
    expect(r.changed[0].changes).toEqual([{ path: 'apiVersion', op: 'changed', old: 'autoscaling/v1', new: 'autoscaling/v2' }]);
  });

  it('ignores the tanka.dev/environment label unless asked not to', () => {
    const mk = (h: string) => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { 'tanka.dev/environment': h } } }] as Json[];
    expect(isIdentical(diffManifests(mk('1'), mk('2')))).toBe(true);
    expect(diffManifests(mk('1'), mk('2'), { ignorePaths: [] }).changed[0].changes[0].path).toBe(ENV_LABEL_PATH);
  });

  it('rejects duplicate objects and objects without a name', () => {
    const o = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect(() => diffManifests([o, o], [])).toThrow(/A: ConfigMap c appears twice/);
    expect(() => diffManifests([], [{ kind: 'ConfigMap' }])).toThrow(/B: object #1: an object needs/);
  });

  it('counts per kind', () => {
    expect(countsByKind(diffManifests(a(), b()))).toEqual([
      { kind: 'ConfigMap', added: 0, removed: 0, changed: 0, renamed: 1, identical: 0 },
      { kind: 'Deployment', added: 0, removed: 0, changed: 1, renamed: 0, identical: 0 },
      { kind: 'Ingress', added: 1, removed: 0, changed: 0, renamed: 0, identical: 0 },
      { kind: 'Secret', added: 0, removed: 0, changed: 1, renamed: 0, identical: 0 },
      { kind: 'Service', added: 0, removed: 1, changed: 0, renamed: 0, identical: 0 },
    ]);
  });
});

describe('formatText --summary', () => {
  it('tables the kinds that differ and lists wholly identical kinds in one line', () => {
    const extra = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'app' } };
    const out = formatText(diffManifests([...a(), extra], [...b(), extra]), { labels, summary: true });
    expect(out).toMatch(/^KIND\s+ADDED\s+REMOVED\s+CHANGED\s+RENAMED\s+IDENTICAL$/m);
    expect(out).toMatch(/^Deployment\s+0\s+0\s+1\s+0\s+0$/m);
    expect(out).toMatch(/^Service\s+0\s+1\s+0\s+0\s+0$/m);
    expect(out).not.toMatch(/^ServiceAccount\s/m);
    expect(out).toContain('Identical kinds (1): ServiceAccount 1');
    expect(out.trimEnd().split('\n').at(-1)).toBe('1 added, 1 removed, 2 changed, 1 renamed, 1 identical');
  });
});

describe('lineDiff', () => {
  it('shows removed before added lines with context', () => {
    expect(lineDiff('a\nb\nc\nd\ne\nf\ng', 'a\nb\nc\nD\ne\nf\ng', 1)).toEqual(['  ...', '  c', '- d', '+ D', '  e', '  ...']);
  });
});

describe('tkts diff', () => {
  it('exits 1 on differences both ways, 0 on identical, 2 on errors', async () => {
    const fa = join(fixtures, 'a');
    const fb = join(fixtures, 'b');
    const cli = (...args: string[]) => exec('node', [join(root, 'dist/tools/cli/main.js'), 'diff', ...args], { cwd: root }).then(
      (r) => ({ code: 0, ...r }),
      (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
    );
    const ab = await cli('--manifests', fa, fb);
    expect(ab.code).toBe(1);
    expect(ab.stdout).toContain(`Only in ${fa} (1):\n  - Service app/legacy (v1)`);
    expect(ab.stdout).toContain('~ spec.replicas: 1 → 3');
    const ba = await cli(fb, fa, '--json');
    expect(ba.code).toBe(1);
    const j = JSON.parse(ba.stdout);
    expect(j.removed.map((x: { name: string }) => x.name)).toEqual(['web']);
    expect(j.added.map((x: { name: string }) => x.name)).toEqual(['legacy']);
    expect(j.renamed[0]).toMatchObject({ renamedFrom: 'settings-v2', name: 'settings-v1' });
    expect((await cli(fa, fa)).code).toBe(0);
    const missing = await cli(fa, join(fixtures, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope: no such file or folder/);
    const bad = join(mkdtempSync(join(tmpdir(), 'diff-')), 'bad.yaml');
    writeFileSync(bad, 'apiVersion: v1\nkind: [\n');
    const parse = await cli(fa, bad);
    expect(parse.code).toBe(2);
    expect(parse.stderr).toMatch(/bad\.yaml:\d+:\d+: /);
    expect((await cli(fa)).code).toBe(2);
  });

  it('compares the real dev and staging environments, and an environment with its own export', async () => {
    // In this process, so dev is evaluated with the libraries already parsed (the upstream mixins
    // cost about a second of parsing and warm-up in every fresh process); the CLI's own
    // behaviour (exit codes, output) is covered by the fixture tests above.
    const captured = async (args: string[]): Promise<{ code: number; out: string }> => {
      let out = '';
      const write = process.stdout.write;
      process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
      try {
        return { code: await main(['diff', ...args]), out };
      } finally {
        process.stdout.write = write;
      }
    };
    const envs = await captured([join(root, 'environments/dev'), join(root, 'environments/staging'), '--json', '--summary']);
    expect(envs.code).toBe(1);
    const j = JSON.parse(envs.out);
    // staging uses external S3, dev runs MinIO; hostnames differ.
    expect(j.totals.removed).toBeGreaterThan(0);
    expect(j.kinds.find((k: { kind: string }) => k.kind === 'StatefulSet').removed).toBeGreaterThanOrEqual(1);
    expect(j.kinds.find((k: { kind: string }) => k.kind === 'Ingress').changed).toBeGreaterThanOrEqual(1);
    expect(j.totals.identical).toBeGreaterThan(j.totals.changed);

    const outDir = mkdtempSync(join(tmpdir(), 'diff-export-'));
    await exportEnvironments({ outDir, paths: [join(root, 'environments/dev')], parallel: 1 });
    const same = await captured([join(root, 'environments/dev'), outDir]);
    rmSync(outDir, { recursive: true, force: true });
    expect(same.out).toMatch(/No differences \(\d+ identical objects\)/);
    expect(same.code).toBe(0);
  });
});
