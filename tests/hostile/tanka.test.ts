// Hostile and careless input to `tkts show/eval/export/env list`: every case ends in time, within
// the heap limit, with exit 1 (user-fixable) or 2 (usage), names what is wrong, never shows
// JavaScript internals, never runs a program and never writes outside the folder it was given.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_TIMEOUT_MS, cleanup, CLI, expectClean, listTree, run, tempDir } from './run.js';

const N = 20_000;
let dir = '';

const spec = (name: string, extra = '') =>
  `{"apiVersion":"tanka.dev/v1alpha1","kind":"Environment","metadata":{"name":"${name}"},"spec":{"namespace":"x"${extra}}}`;
const cm = (name: string) => `{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${name}' }, data: { a: 'b' } }`;

function env(name: string, main: string, specText: string | null = spec(name)): void {
  mkdirSync(join(dir, 'environments', name), { recursive: true });
  writeFileSync(join(dir, 'environments', name, 'main.jsonnet'), main);
  if (specText !== null) writeFileSync(join(dir, 'environments', name, 'spec.json'), specText);
}

beforeAll(() => {
  dir = tempDir('tanka');
  writeFileSync(join(dir, 'jsonnetfile.json'), '{}');
  writeFileSync(join(dir, 'a-file'), 'x');
  writeFileSync(join(dir, 'script.sh'), `#!/bin/sh\ntouch '${join(dir, 'program-ran')}'\ncat\n`, { mode: 0o755 });
  env('ok', `{ cm: ${cm('ok')} }`);
  mkdirSync(join(dir, 'environments', 'spec-dir', 'spec.json'), { recursive: true });
  writeFileSync(join(dir, 'environments', 'spec-dir', 'main.jsonnet'), '{}');
  env('spec-invalid', '{}', '{"apiVersion": ');
  env('spec-truncated-literal', '{}', '{"apiVersion": tru');
  env('spec-deep', '{}', '['.repeat(N) + ']'.repeat(N));
  env('spec-wrong-type', '{}', '{"apiVersion":"tanka.dev/v1alpha1","kind":"Environment","metadata":{"name":1},"spec":[]}');
  env('eval-error', "{ cm: error 'broken on purpose' }");
  env('deep-array', '['.repeat(N) + ']'.repeat(N));
  env('deep-object', 'local f(n) = if n == 0 then {} else { a: f(n - 1) }; { x: f(20000) }');
  env('redos', `{ cm: ${cm('x')} + { data: { m: std.toString(std.native('regexMatch')('^(a+)+$', std.repeat('a', 100000) + '!')) } } }`);
  env('bad-regex', "{ x: std.native('regexMatch')('a(?=b)', 'ab') }");
  env('parse-deep-yaml', `{ x: std.native('parseYaml')('${'['.repeat(N)}${']'.repeat(N)}') }`);
  env('parse-deep-json', `{ x: std.parseJson('${'['.repeat(N)}${']'.repeat(N)}') }`);
  env('release-name-flag', `{ x: std.native('helmTemplate')('--post-renderer=${join(dir, 'script.sh')}', './chart', { calledFrom: std.thisFile }) }`);
  mkdirSync(join(dir, 'environments', 'release-name-flag', 'chart'), { recursive: true });
  writeFileSync(join(dir, 'environments', 'release-name-flag', 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 1.0.0\n');
  env('not-objects', "{ a: 'string', b: 42 }");
  env('kind-missing', "{ a: { apiVersion: 'v1', metadata: { name: 'x' } } }");
  env('escaping-name', `{ cm: ${cm('../../../escaped')} }`);
  env('no-spec', `{ cm: ${cm('inline')} }`, null);
  mkdirSync(join(dir, 'environments', 'empty'), { recursive: true });
  env('import-zero', "{ x: importstr '/dev/zero' }");
  env('import-fifo', "{ x: import 'pipe.libsonnet' }");
  execFileSync('mkfifo', [join(dir, 'environments', 'import-fifo', 'pipe.libsonnet')]);
  mkdirSync(join(dir, 'environments', 'spec-fifo'), { recursive: true });
  writeFileSync(join(dir, 'environments', 'spec-fifo', 'main.jsonnet'), '{}');
  execFileSync('mkfifo', [join(dir, 'environments', 'spec-fifo', 'spec.json')]);
  env('import-dir', "{ x: import 'lib' }");
  mkdirSync(join(dir, 'environments', 'import-dir', 'lib'));
});

afterAll(() => cleanup(dir));

interface Case {
  name: string;
  args: string[];
  codes?: number[];
  stderr?: RegExp;
  /** Files the command may create (relative to the project); everything else must stay as it was. */
  writes?: RegExp;
}

const cases: Case[] = [
  // show
  { name: 'show: a path that does not exist', args: ['show', 'environments/missing'], stderr: /environments\/missing/ },
  { name: 'show: spec.json is a directory', args: ['show', 'environments/spec-dir'], stderr: /read .*environments\/spec-dir\/spec\.json: is a directory/ },
  { name: 'show: spec.json is not JSON', args: ['show', 'environments/spec-invalid'], stderr: /^Error: parsing spec\.json: unexpected end of JSON input\n$/ },
  { name: 'show: spec.json ends inside a literal (tk names the space Go reads at the end)', args: ['show', 'environments/spec-truncated-literal'], stderr: /^Error: parsing spec\.json: invalid character ' ' in literal true \(expecting 'e'\)\n$/ },
  { name: 'show: spec.json nested 20,000 deep', args: ['show', 'environments/spec-deep'], stderr: /^Error: parsing spec\.json: invalid character '\[' exceeded max depth\n$/ },
  { name: 'show: spec.json with wrong types', args: ['show', 'environments/spec-wrong-type'], stderr: /^Error: parsing spec\.json: json: cannot unmarshal number into Go struct field Metadata\.metadata\.name of type string\n$/ },
  { name: 'show: an evaluation error', args: ['show', 'environments/eval-error'], stderr: /broken on purpose/ },
  { name: 'show: 20,000 nested arrays', args: ['show', 'environments/deep-array'] },
  { name: 'show: a 20,000-deep object', args: ['show', 'environments/deep-object'] },
  { name: 'show: regexMatch that backtracks in JavaScript', args: ['show', 'environments/redos'], codes: [0] },
  { name: 'show: a regex Go refuses', args: ['show', 'environments/bad-regex'], stderr: /invalid or unsupported Perl syntax/ },
  { name: 'show: parseYaml of 20,000-deep YAML', args: ['show', 'environments/parse-deep-yaml'], stderr: /exceeded max depth/ },
  { name: 'show: parseJson of 20,000-deep JSON', args: ['show', 'environments/parse-deep-json'], stderr: /exceeded max depth/ },
  { name: 'show: a release name that is a helm option runs nothing', args: ['show', 'environments/release-name-flag'], stderr: /invalid release name/ },
  { name: 'show: values that are not Kubernetes objects', args: ['show', 'environments/not-objects'] },
  { name: 'show: an object without kind', args: ['show', 'environments/kind-missing'], stderr: /kind/ },
  { name: 'show: a folder without main.jsonnet', args: ['show', 'environments/empty'] },
  { name: 'show: a -t target Go refuses', args: ['show', 'environments/ok', '-t', 'a(?=b)'], stderr: /Error Parsing Regexp: Invalid Or Unsupported Perl Syntax/ },
  { name: 'show: a -t target that backtracks in JavaScript', args: ['show', 'environments/ok', '-t', `(a+)+${'a'.repeat(5000)}!`], codes: [0] },
  { name: 'show: two paths', args: ['show', 'environments/ok', 'environments/ok'], codes: [2] },
  { name: 'show: an unknown flag', args: ['show', '--no-such-flag', 'environments/ok'], codes: [2] },
  { name: 'show: a malformed --ext-str', args: ['show', '--ext-str', 'novalue', 'environments/ok'], codes: [2] },
  { name: 'eval: spec.json nested 20,000 deep', args: ['eval', 'environments/spec-deep'], stderr: /^Error: parsing spec\.json: invalid character '\[' exceeded max depth\n$/ },
  { name: 'show: a non-numeric --max-stack', args: ['show', '--max-stack', 'x', 'environments/ok'], codes: [2] },
  { name: 'show: importstr of a device that never ends', args: ['show', 'environments/import-zero'], stderr: /couldn't open import "\/dev\/zero": \/dev\/zero is not a regular file/ },
  { name: 'show: import of a fifo', args: ['show', 'environments/import-fifo'], stderr: /pipe\.libsonnet is not a regular file/ },
  { name: 'show: spec.json is a fifo', args: ['show', 'environments/spec-fifo'], stderr: /read .*environments\/spec-fifo\/spec\.json: not a regular file/ },
  { name: 'env list: spec.json is a fifo', args: ['env', 'list', 'environments/spec-fifo'], stderr: /spec\.json: not a regular file/ },
  { name: 'show: import of a folder', args: ['show', 'environments/import-dir'], stderr: /read \S*environments\/import-dir\/lib: is a directory/ },
  // eval
  { name: 'eval: a path that does not exist', args: ['eval', '/no/such/path'], stderr: /\/no\/such\/path|environments base directory/ },
  { name: 'eval: spec.json is a directory', args: ['eval', 'environments/spec-dir'], stderr: /spec\.json: is a directory/ },
  { name: 'eval: -e that does not parse', args: ['eval', 'environments/ok', '-e', '{{{'] },
  { name: 'eval: a 20,000-deep -e', args: ['eval', 'environments/ok', '-e', '['.repeat(N) + ']'.repeat(N)] },
  // env list
  { name: 'env list: a path that does not exist', args: ['env', 'list', '/missing/path'], stderr: /stat \/missing\/path: no such file or directory/ },
  { name: 'env list: spec.json is a directory', args: ['env', 'list', 'environments/spec-dir'], stderr: /spec\.json: is a directory/ },
  { name: 'env list: a file', args: ['env', 'list', 'a-file'], codes: [0, 1] },
  { name: 'env list: an unknown subcommand', args: ['env', 'delete'], codes: [2] },
  { name: 'env list: two paths', args: ['env', 'list', 'a', 'b'], codes: [2] },
  // export
  { name: 'export: the output is a file', args: ['export', 'a-file', 'environments/ok'], stderr: /output dir `a-file` is a file/ },
  { name: 'export: the output is below a file', args: ['export', 'a-file/out', 'environments/ok'], stderr: /a-file\/out.*not a directory/ },
  { name: 'export: object names with ../ stay inside the output folder', args: ['export', 'out-escape', 'environments/escaping-name'], codes: [0], writes: /^out-escape(\/|$)/ },
  { name: 'export: a --format that climbs out', args: ['export', 'out-format', 'environments/ok', '--format', '../../{{.metadata.name}}'], codes: [0, 1], writes: /^out-format(\/|$)/ },
  { name: 'export: an --extension with a slash', args: ['export', 'out-ext', 'environments/ok', '--extension', '../../x'], codes: [0, 1], writes: /^out-ext(\/|$)/ },
  { name: 'export: a failing environment writes nothing', args: ['export', 'out-fail', 'environments/eval-error'], stderr: /broken on purpose/ },
  { name: 'export: no paths', args: ['export', 'out'], codes: [2] },
  { name: 'export: a bad --merge-strategy', args: ['export', 'out', 'environments/ok', '--merge-strategy', 'x'], codes: [2] },
  { name: 'export: a non-numeric --parallel', args: ['export', 'out', 'environments/ok', '-p', 'x'], codes: [2] },
  { name: 'an unknown command', args: ['no-such-command'], codes: [2] },
];

describe('hostile input to tkts show/eval/export/env list', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));
  for (const c of cases) {
    it.concurrent(c.name, async () => {
      // Concurrent cases write into their own output folders (out-*, staged in .out-*.tkts-export-*) only:
      // those come and go while this case runs.
      const concurrent = (f: string) => /^\.?out-[a-z]+[.\w-]*(\/|$)/.test(f);
      const before = listTree(dir).filter((f) => !concurrent(f));
      const r = await run(CLI, c.args, { cwd: dir });
      const stderr = expectClean(r, c.codes ?? [1]);
      if (c.stderr) expect(stderr).toMatch(c.stderr);
      const added = listTree(dir).filter((f) => !before.includes(f) && !f.startsWith('.cache'));
      expect(added.filter((f) => !c.writes?.test(f) && !concurrent(f))).toEqual([]);
      expect(listTree(dir)).toEqual(expect.arrayContaining(before));
    }, CASE_TIMEOUT_MS);
  }
  it('no case ran a program', () => {
    expect(listTree(dir)).not.toContain('program-ran');
  });
});
