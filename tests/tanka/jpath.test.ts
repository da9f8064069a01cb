import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createImporter, findBase, findRoot, jpaths, NoBaseError, NoRootError, resolvePaths } from '../../tools/tanka/jpath.js';

const fixture = path.resolve('tests/fixtures/tanka/basic');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tkts-jpath-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('project root and base dir', () => {
  it('finds root by jsonnetfile.json, base by main.jsonnet, entrypoint absolute', () => {
    const p = resolvePaths(path.join(fixture, 'environments/static'));
    expect(p).toEqual({
      root: fixture,
      base: path.join(fixture, 'environments/static'),
      entrypoint: path.join(fixture, 'environments/static/main.jsonnet'),
    });
    // a file path: its own name is the entrypoint
    expect(resolvePaths(path.join(fixture, 'lib/sub/importer.libsonnet')).entrypoint).toBe(path.join(fixture, 'lib/sub/importer.libsonnet'));
  });

  it('prefers tkrc.yaml anywhere above over a closer jsonnetfile.json', () => {
    fs.mkdirSync(path.join(tmp, 'a/b/env'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'tkrc.yaml'), '');
    fs.writeFileSync(path.join(tmp, 'a/b/jsonnetfile.json'), '{}');
    fs.writeFileSync(path.join(tmp, 'a/b/env/main.jsonnet'), '{}');
    expect(findRoot(path.join(tmp, 'a/b/env'))).toBe(tmp);
    expect(findBase(path.join(tmp, 'a/b/env'), tmp)).toBe(path.join(tmp, 'a/b/env'));
  });

  it('reports a missing root and a missing base with Tanka\'s messages', () => {
    expect(() => findRoot('/')).toThrow(NoRootError);
    expect(() => findRoot('/')).toThrow("unable to identify the project root.\nTried to find 'tkrc.yaml' or 'jsonnetfile.json'");
    expect(() => findBase(path.join(fixture, 'lib'), fixture)).toThrow(NoBaseError);
  });
});

describe('import resolution', () => {
  const root = fixture;
  const base = path.join(fixture, 'environments/precedence');
  const importer = createImporter(root, base);
  const main = path.join(base, 'main.jsonnet');
  const found = (from: string, p: string) => importer(from, p)?.foundAt;

  it('orders: importing dir, base, root/lib, base/vendor, root/vendor', () => {
    expect(jpaths(root, base)).toEqual([path.join(root, 'vendor'), path.join(base, 'vendor'), path.join(root, 'lib'), base]);
    expect(found(main, 'one.libsonnet')).toBe(path.join(base, 'one.libsonnet'));
    expect(found(main, 'two.libsonnet')).toBe(path.join(root, 'lib/two.libsonnet'));
    expect(found(main, 'three.libsonnet')).toBe(path.join(base, 'vendor/three.libsonnet'));
    expect(found(main, 'four.libsonnet')).toBe(path.join(root, 'vendor/four.libsonnet'));
    expect(found(path.join(root, 'lib/sub/importer.libsonnet'), 'five.libsonnet')).toBe(path.join(root, 'lib/sub/five.libsonnet'));
    expect(found(main, 'five.libsonnet')).toBe(path.join(base, 'five.libsonnet'));
    expect(found(main, 'missing.libsonnet')).toBeUndefined();
  });

  it('joins lexically and serves `tk` from memory', () => {
    expect(found(main, '../precedence/./one.libsonnet')).toBe(path.join(base, 'one.libsonnet'));
    expect(importer(main, 'tk')).toEqual({ foundAt: '<internal>/tk.libsonnet', content: '{ env: std.extVar("tanka.dev/environment") }' });
  });
});
