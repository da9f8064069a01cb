// The run cache's key: the content of the files and folders that produced an entry, so an edit (a byte, a
// new file, a rename) is a new entry and the same content is the same entry.
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { contentDigest, runCacheDir } from './run-cache.js';

const tmp = mkdtempSync(join(tmpdir(), 'tkts-run-cache-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('keys entries by the content of what produced them', () => {
  const lib = join(tmp, 'lib');
  mkdirSync(join(lib, 'sub'), { recursive: true });
  writeFileSync(join(lib, 'a.libsonnet'), '{ a: 1 }');
  writeFileSync(join(lib, 'sub', 'b.libsonnet'), '{ b: 2 }');
  const inputs = [lib, join(tmp, 'main.jsonnet')];
  writeFileSync(inputs[1], 'import "lib/a.libsonnet"');
  const seen = new Set<string>();
  const digest = () => contentDigest(inputs);
  const changed = () => {
    const d = digest();
    expect(seen.has(d), 'same digest after a change').toBe(false);
    seen.add(d);
  };
  changed();
  expect(digest()).toBe([...seen][0]);
  writeFileSync(join(lib, 'sub', 'b.libsonnet'), '{ b: 3 }');
  changed();
  writeFileSync(join(lib, 'c.libsonnet'), '');
  changed();
  renameSync(join(lib, 'c.libsonnet'), join(lib, 'd.libsonnet'));
  changed();
  writeFileSync(inputs[1], 'import "lib/d.libsonnet"');
  changed();
  // A linked folder counts with its content (vendored charts may be links).
  const elsewhere = join(tmp, 'elsewhere');
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, 'x.yaml'), 'x: 1');
  symlinkSync(elsewhere, join(lib, 'linked'));
  changed();
  writeFileSync(join(elsewhere, 'x.yaml'), 'x: 2');
  changed();
});

it('hands out one folder per kind inside the run folder', () => {
  const a = runCacheDir('one');
  expect(runCacheDir('one')).toBe(a);
  expect(runCacheDir('two')).not.toBe(a);
  expect(a.startsWith(tmpdir())).toBe(true);
});
