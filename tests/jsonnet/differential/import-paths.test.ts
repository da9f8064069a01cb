// Import paths against go-jsonnet v0.22.0, run live: where the search looks (the importing file's
// folder, then the -J paths right to left), how a path is joined (Go's filepath.Join: empty parts left
// out, the result cleaned), and that only a missing file lets the search go on: a folder, a file used as
// a folder or a NUL byte in the name ends it with Go's error text.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../helpers/ref-tools.js';
import { JSONNET_CLI } from '../../hostile/run.js';

const goJsonnet = requireTool('go-jsonnet');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-paths-'));
const files: Record<string, string> = {
  'main.jsonnet': "import 'lib.libsonnet'",
  'lib.libsonnet': "'next to the importer'",
  'here/x.jsonnet': "'in here/'",
  'a/lib.libsonnet': "'a'",
  'a/only-a.libsonnet': "'only in a'",
  'a/sub/x.jsonnet': "'a/sub/x'",
  'b/lib.libsonnet': "'b'",
  'b/sub/y.jsonnet': "'b/sub/y'",
  'b/file.txt': 'text\n',
  'nested/deeper/importer.jsonnet': "[import '../../lib.libsonnet', import '', import 'x']",
  'nested/deeper/x/keep': '',
};
for (const [file, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

function run(bin: string[], args: string[]) {
  const r = spawnSync(bin[0]!, [...bin.slice(1), ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sameAsGo(args: string[]): void {
  expect(run([process.execPath, JSONNET_CLI], args)).toEqual(run([goJsonnet], args));
}

const J = ['-J', 'a', '-J', 'b'];

describe('import paths, as go-jsonnet resolves them', () => {
  it.each([
    ["import 'lib.libsonnet'", []],
    ["import 'lib.libsonnet'", J],
    ["import 'only-a.libsonnet'", J],
    ["[import 'sub/x.jsonnet', import 'sub/y.jsonnet']", J],
    ["importstr 'file.txt'", J],
    ["importstr './b//file.txt'", []],
    ["importstr 'nope/../b/file.txt'", []],
    ["import 'here/x.jsonnet'", []],
    ["import 'missing.libsonnet'", J],
    ["import 'here'", []],
    ["import 'sub'", J],
    ["importstr 'sub/'", J],
    ["import ''", []],
    ["import ''", J],
    ["importstr '.'", []],
    ["importbin '/'", []],
    [`importstr '${dir}/'`, []],
    [`importstr '${dir}/b/file.txt'`, J],
    ["import 'file.txt/x'", J],
    ["import 'b/file.txt/'", []],
    ["import 'a\\u0000b'", []],
    ["importstr '\\u0000'", J],
    ["importbin 'a/\\u0000/lib.libsonnet'", J],
  ] as [string, string[]][])('%s %j', (code, flags) => sameAsGo([...flags, '-e', code]));

  it('from files: the importing file\'s folder first, then the -J paths', () => {
    sameAsGo(['main.jsonnet']);
    sameAsGo([...J, 'main.jsonnet']);
    sameAsGo(['nested/deeper/importer.jsonnet']);
    sameAsGo([path.join(dir, 'nested/deeper/importer.jsonnet')]);
  });
});
