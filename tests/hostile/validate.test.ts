// Hostile and careless input to `tkts validate --manifests`: deep, huge, aliased, binary or
// malformed files, folders that loop, CRDs whose patterns backtrack in JavaScript. Every case ends
// in time, within the heap limit, reports a finding that names the file (exit 1) or passes (exit 0),
// and never shows JavaScript internals.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_TIMEOUT_MS, cleanup, CLI, expectClean, listTree, run, tempDir, writeTrapFiles } from './run.js';

const N = 20_000;
let dir = '';

const cm = (name: string, data = 'a: b') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n  ${data}\n`;
const crd = (pattern: string) => JSON.stringify({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' }, scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { mode: { type: 'string', pattern } } } } } } }] },
});
// The same backtracking pattern in a CEL rule (x-kubernetes-validations), where the API server runs RE2.
const celCrd = (rule: string) => crd('.*').replace('"pattern":".*"', () => `"x-kubernetes-validations":[{"rule":${JSON.stringify(rule)},"message":"mode must be a run of a"}]`);
const widget = (mode: string) => JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec: { mode } });

const files: Record<string, string | Buffer> = {
  'deep-flow.yaml': '['.repeat(N) + ']'.repeat(N),
  'deep-block.yaml': Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + '\n',
  'deep.json': '{"a":'.repeat(N) + '1' + '}'.repeat(N),
  'deep-seq.yaml': Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + '-').join('\n') + ' x\n',
  // Go accepts 10,000 levels: one block map and 9,999 flow sequences is legal, one more is not.
  'deep-legal.yaml': cm('deep').replace('data:\n  a: b\n', `data:\n  a: b\nextra: ${'['.repeat(9_999)}${']'.repeat(9_999)}\n`),
  'deep-too-deep.yaml': cm('deep').replace('data:\n  a: b\n', `data:\n  a: b\nextra: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`),
  'deep-compact-seq.yaml': '- '.repeat(10_001) + 'x\n',
  'alias-bomb.yaml': 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n',
  'invalid.yaml': 'a: [1\n',
  'invalid.json': '{"a":',
  'duplicate-keys.yaml': cm('dup') + 'data:\n  c: d\n',
  'binary.yaml': Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x1b, 0x5b]),
  'empty.yaml': '',
  'only-separators.yaml': '---\n---\n---\n',
  'scalar.yaml': 'just a string\n',
  'list-of-scalars.yaml': '- 1\n- two\n- null\n',
  'kind-missing.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n',
  'apiversion-number.yaml': 'apiVersion: 1\nkind: ConfigMap\nmetadata:\n  name: x\n',
  'list-kind.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - 1\n  - null\n  - [a]\n',
  'huge-string.yaml': cm('huge', `big: "${'x'.repeat(1_000_000)}"`),
  'many-keys.yaml': cm('many', Array.from({ length: 10_000 }, (_, i) => `k${i}: v`).join('\n  ')),
  'many-docs.yaml': Array.from({ length: 2_000 }, (_, i) => cm(`cm-${i}`)).join('---\n'),
  'bom-crlf.yaml': '\ufeff' + cm('bom').replace(/\n/g, '\r\n'),
  'tabs.yaml': 'apiVersion: v1\n\tkind: ConfigMap\n',
  'redos.yaml': crd('^(a+)+$') + '\n---\n' + widget('a'.repeat(100_000) + '!'),
  'bad-pattern.yaml': crd('a(?=b)') + '\n---\n' + widget('ab'),
  'redos-cel.yaml': celCrd("self.matches('^(a+)+$')") + '\n---\n' + widget('a'.repeat(100_000) + '!'),
  'redos-cel-global.yaml': celCrd("matches(self, '^(a+)+$') && self != 'matches(x)'") + '\n---\n' + widget('a'.repeat(100_000) + '!'),
  'ok.yaml': cm('ok'),
};

beforeAll(() => {
  dir = tempDir('validate');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  writeTrapFiles(dir, (name) => cm(name));
  symlinkSync('self', join(dir, 'self'));
  mkdirSync(join(dir, 'no-manifests'));
  writeFileSync(join(dir, 'no-manifests', 'README.md'), '# nothing');
});

afterAll(() => cleanup(dir));

interface Case {
  name: string;
  args: string[];
  codes?: number[];
  stderr?: RegExp;
}

const file = (name: string, stderr?: RegExp, codes?: number[]): Case => ({ name, args: ['--manifests', name], stderr, codes });

const cases: Case[] = [
  file('deep-flow.yaml', /deep-flow\.yaml:1:10001: exceeded max depth of 10000/),
  file('deep-block.yaml', /deep-block\.yaml/),
  { name: 'deep-legal.yaml (10,000 levels, as deep as Go allows)', args: ['--manifests', 'deep-legal.yaml'], stderr: /^(?![\s\S]*max depth)[\s\S]*extra: unknown field "extra"/ },
  file('deep-too-deep.yaml', /deep-too-deep\.yaml:8:10007: exceeded max depth of 10000/),
  file('deep-compact-seq.yaml', /deep-compact-seq\.yaml:1:20001: exceeded max depth of 10000/),
  file('deep.json', /deep\.json:1:50001: exceeded max depth of 10000/),
  file('deep-seq.yaml', /deep-seq\.yaml/),
  file('alias-bomb.yaml', /alias-bomb\.yaml/),
  file('invalid.yaml', /invalid\.yaml:\d+:\d+/),
  file('invalid.json', /invalid\.json/),
  file('duplicate-keys.yaml', /duplicate-keys\.yaml/),
  file('binary.yaml', /binary\.yaml/),
  file('empty.yaml', undefined, [0, 1]),
  file('only-separators.yaml', undefined, [0, 1]),
  file('scalar.yaml', /scalar\.yaml/),
  file('list-of-scalars.yaml', /list-of-scalars\.yaml/),
  file('kind-missing.yaml', /kind-missing\.yaml/),
  file('apiversion-number.yaml', /apiversion-number\.yaml/),
  file('list-kind.yaml', /list-kind\.yaml/),
  file('huge-string.yaml', undefined, [0, 1]),
  file('many-keys.yaml', undefined, [0, 1]),
  file('many-docs.yaml', undefined, [0, 1]),
  file('bom-crlf.yaml', undefined, [0, 1]),
  file('tabs.yaml', /tabs\.yaml/),
  { name: 'a CRD pattern that backtracks in JavaScript', args: ['--manifests', 'redos.yaml'], stderr: /must match pattern/ },
  { name: 'a CEL rule whose regexp backtracks in JavaScript', args: ['--manifests', 'redos-cel.yaml'], stderr: /mode must be a run of a/ },
  { name: 'the same as a global matches() call', args: ['--manifests', 'redos-cel-global.yaml'], stderr: /mode must be a run of a/ },
  { name: 'a CRD pattern Go refuses', args: ['--manifests', 'bad-pattern.yaml'], stderr: /invalid or unsupported Perl syntax/ },
  { name: 'a folder with a symlink loop (each file read once)', args: ['--manifests', 'loop'], stderr: /^(?![\s\S]*in-loop[\s\S]*in-loop)[\s\S]*ConfigMap default\/in-loop/ },
  { name: 'a symlink to itself', args: ['--manifests', 'self'], stderr: /self/ },
  { name: 'a path that does not exist', args: ['--manifests', 'missing.yaml'], stderr: /missing\.yaml/ },
  { name: 'a device that never ends', args: ['--manifests', '/dev/zero'], stderr: /\/dev\/zero: not a regular file or folder/ },
  { name: 'a fifo', args: ['--manifests', 'fifo.yaml'], stderr: /fifo\.yaml: not a regular file or folder/ },
  { name: 'a folder with a fifo', args: ['--manifests', 'folder-with-fifo'], stderr: /pipe\.yaml: not a regular file or folder/ },
  { name: 'a folder without manifests', args: ['--manifests', 'no-manifests'], codes: [0, 1] },
  { name: 'an unknown --format', args: ['--manifests', 'ok.yaml', '--format', 'nope'], codes: [2] },
  { name: 'an unknown flag', args: ['--manifests', 'ok.yaml', '--no-such-flag'], codes: [2] },
];

describe('hostile input to tkts validate --manifests', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));
  for (const c of cases) {
    it.concurrent(c.name, async () => {
      const before = listTree(dir);
      const r = await run(CLI, ['validate', ...c.args], { cwd: dir });
      const output = expectClean(r, c.codes ?? [1]) + r.stdout;
      if (c.stderr) expect(output).toMatch(c.stderr);
      expect(listTree(dir)).toEqual(before);
    }, CASE_TIMEOUT_MS);
  }
});
