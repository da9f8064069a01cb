// Hostile and careless input to `tkts diff`: deep, aliased, binary, malformed or endless files,
// devices and fifos, folders that loop, environments whose data nests deeply. Every case ends in
// time, within the heap limit, with diff(1)'s exit codes (0 identical, 1 different, 2 an input that
// cannot be compared), names the file (file:line:column where there is one) and never shows
// JavaScript internals.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_TIMEOUT_MS, cleanup, CLI, expectClean, listTree, run, tempDir, writeTrapFiles } from './run.js';

const N = 20_000;
let dir = '';

const cm = (name: string, data = 'a: b', extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n  ${data}\n${extra}`;
const nest = (n: number, inner = '') => '['.repeat(n) + inner + ']'.repeat(n);
const spec = (name: string) => JSON.stringify({ apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', metadata: { name }, spec: { namespace: 'x' } });

const files: Record<string, string | Buffer> = {
  'ok.yaml': cm('ok'),
  'ok-changed.yaml': cm('ok', 'a: c'),
  // Go accepts 10,000 levels: one block map and 9,999 flow sequences is legal, one more is not.
  'legal.yaml': cm('deep', 'a: b', `extra: ${nest(9_999)}\n`),
  'legal-changed.yaml': cm('deep', 'a: b', `extra: ${nest(9_998, '[1]')}\n`),
  'too-deep.yaml': cm('deep', 'a: b', `extra: ${nest(10_000)}\n`),
  'deep-flow.yaml': nest(N),
  'deep.json': '{"a":'.repeat(N) + '1' + '}'.repeat(N),
  'deep-compact-seq.yaml': '- '.repeat(10_001) + 'x\n',
  'deep-block.yaml': Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + '\n',
  'alias-bomb.yaml': 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n',
  'invalid.yaml': 'a: [1\n',
  'invalid.json': '{"a":',
  'duplicate-keys.yaml': cm('dup') + 'data:\n  c: d\n',
  'binary.yaml': Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x1b, 0x5b]),
  'empty.yaml': '',
  'scalar.yaml': 'just a string\n',
  'list-of-scalars.yaml': '- 1\n- two\n- null\n- [a]\n',
  'no-kind.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n',
  'metadata-string.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: x\n',
  'huge-string.yaml': cm('huge', `big: "${'x'.repeat(1_000_000)}"`),
  'many-docs.yaml': Array.from({ length: 2_000 }, (_, i) => cm(`cm-${i}`)).join('---\n'),
};

beforeAll(() => {
  dir = tempDir('diff');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  writeTrapFiles(dir, (name) => cm(name));
  symlinkSync('self.yaml', join(dir, 'self.yaml'));
  writeFileSync(join(dir, 'jsonnetfile.json'), '{}');
  for (const [name, main] of Object.entries({
    'env-deep': `{ cm: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { deep: std.parseJson('${nest(9_990)}') } } }`,
    'env-deep-changed': `{ cm: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { deep: std.parseJson('${nest(9_989, '[1]')}') } } }`,
    'env-too-deep': `{ cm: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { deep: std.parseJson('${nest(9_999)}') } } }`,
  })) {
    mkdirSync(join(dir, 'environments', name), { recursive: true });
    writeFileSync(join(dir, 'environments', name, 'main.jsonnet'), main);
    writeFileSync(join(dir, 'environments', name, 'spec.json'), spec(name));
  }
});

afterAll(() => cleanup(dir));

interface Case {
  name: string;
  args: string[];
  codes?: number[];
  /** What stderr (stdout for exit 0 and 1) must show. */
  output?: RegExp;
}

const manifests = (a: string, b: string, output?: RegExp, codes = [2]): Case => ({ name: `${a} vs ${b}`, args: ['--manifests', a, b], output, codes });

const cases: Case[] = [
  manifests('ok.yaml', 'ok.yaml', /No differences \(1 identical objects\)/, [0]),
  manifests('ok.yaml', 'ok-changed.yaml', /~ data\.a: "b" → "c"/, [1]),
  { name: '10,000 levels (as deep as Go allows), identical', args: ['--manifests', 'legal.yaml', 'legal.yaml'], codes: [0], output: /^(?![\s\S]*max depth)[\s\S]*No differences \(1 identical objects\)/ },
  { name: '10,000 levels, one change at the bottom', args: ['--manifests', 'legal.yaml', 'legal-changed.yaml'], codes: [1], output: /~ extra: \[\[\[/ },
  manifests('legal.yaml', 'too-deep.yaml', /^Error: too-deep\.yaml:8:10007: exceeded max depth of 10000\n$/),
  manifests('deep-flow.yaml', 'ok.yaml', /^Error: deep-flow\.yaml:1:10001: exceeded max depth of 10000\n$/),
  manifests('ok.yaml', 'deep.json', /^Error: deep\.json:1:50001: exceeded max depth of 10000\n$/),
  manifests('deep-compact-seq.yaml', 'ok.yaml', /^Error: deep-compact-seq\.yaml:1:20001: exceeded max depth of 10000\n$/),
  manifests('deep-block.yaml', 'ok.yaml', /deep-block\.yaml/, [1, 2]),
  manifests('alias-bomb.yaml', 'ok.yaml', /alias-bomb\.yaml/),
  manifests('invalid.yaml', 'ok.yaml', /invalid\.yaml:\d+:\d+: /),
  manifests('ok.yaml', 'invalid.json', /invalid\.json:1:\d+: /),
  manifests('duplicate-keys.yaml', 'ok.yaml', /duplicate-keys\.yaml:\d+:\d+: .*data/),
  manifests('binary.yaml', 'ok.yaml', /binary\.yaml/),
  manifests('empty.yaml', 'empty.yaml', undefined, [0]),
  manifests('scalar.yaml', 'ok.yaml', /scalar\.yaml/),
  manifests('list-of-scalars.yaml', 'ok.yaml', /list-of-scalars\.yaml/),
  manifests('no-kind.yaml', 'ok.yaml', /no-kind\.yaml/, [1, 2]),
  manifests('metadata-string.yaml', 'ok.yaml', /metadata-string\.yaml/, [1, 2]),
  manifests('huge-string.yaml', 'ok.yaml', undefined, [1]),
  manifests('many-docs.yaml', 'many-docs.yaml', /No differences \(2000 identical objects\)/, [0]),
  manifests('/dev/zero', 'ok.yaml', /\/dev\/zero: not a regular file or folder/),
  manifests('fifo.yaml', 'ok.yaml', /fifo\.yaml: not a regular file or folder/),
  manifests('folder-with-fifo', 'ok.yaml', /pipe\.yaml: not a regular file or folder/),
  manifests('self.yaml', 'ok.yaml', /self\.yaml/),
  { name: 'a folder with a symlink loop (not followed)', args: ['--manifests', 'loop', 'ok.yaml'], codes: [1], output: /ConfigMap default\/in-loop/ },
  manifests('missing.yaml', 'ok.yaml', /missing\.yaml: no such file or folder/),
  { name: 'environments with data 9,990 levels deep (--max-stack 40000)', args: ['--max-stack', '40000', 'environments/env-deep', 'environments/env-deep-changed'], codes: [1], output: /~ data\.deep: \[\[\[/ },
  { name: 'an environment whose output nests beyond 10,000 levels (--max-stack 40000)', args: ['--max-stack', '40000', 'environments/env-deep', 'environments/env-too-deep'], output: /exceeded max depth/ },
  // go-jsonnet counts a frame per level it manifests: as deep as this, the default 500 frames are not enough (tk fails alike).
  { name: 'environments with data 9,990 levels deep, the default --max-stack', args: ['environments/env-deep', 'environments/env-deep-changed'], output: /max stack frames exceeded/ },
  { name: 'a --max-stack that is no number', args: ['--max-stack', 'lots', 'environments/env-deep', 'environments/env-deep-changed'], output: /invalid argument "lots" for "--max-stack" flag/ },
  { name: 'one argument', args: ['ok.yaml'], codes: [2], output: /expected two arguments/ },
  { name: 'an unknown flag', args: ['--no-such-flag', 'ok.yaml', 'ok.yaml'], codes: [2] },
];

describe('hostile input to tkts diff', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));
  for (const c of cases) {
    it.concurrent(c.name, async () => {
      const before = listTree(dir);
      const r = await run(CLI, ['diff', ...c.args], { cwd: dir });
      const stderr = expectClean(r, c.codes ?? [2]);
      if (c.output) expect(r.code === 2 ? stderr : r.stdout).toMatch(c.output);
      expect(listTree(dir).filter((f) => !f.startsWith('.cache'))).toEqual(before.filter((f) => !f.startsWith('.cache')));
    }, CASE_TIMEOUT_MS);
  }
});
