// Deeply nested input on the Tanka path (issue 14): with --max-stack raised, real tk v0.38.0 reads,
// evaluates and prints data nested up to Go's limit of 10,000 levels (JSON and YAML through tk's
// natives, std.parseJson, an imported JSON file, a Jsonnet value built by recursion); tkts must give
// the same bytes, which takes more stack than a JavaScript thread has by default (tkts moves the
// work to a thread with a larger stack). Beyond Go's limit, the error is tk's. Each command runs in
// both tools side by side and stdout, stderr and the exit status are compared byte for byte
// (export: the written trees too). tk takes about 10 s per run at this depth.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tree } from './tree.js';
import { repoRoot, requireTool } from '../helpers/ref-tools.js';

const cli = resolve(repoRoot, 'dist/tools/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'tkts-deep-input-'));
let tkBin: string;

/** Levels of the nested arrays: with the ConfigMap around them, just under Go's 10,000. */
const D = 9_990;
const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
const configMap = (deep: string) => `{ cm: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { deep: ${deep} } } }`;

const envs: Record<string, string> = {
  'native-json': configMap("std.native('parseJson')(importstr '../../deep.json')"),
  'native-yaml': configMap("std.native('parseYaml')(importstr '../../deep.json')[0]"),
  'std-json': configMap("std.parseJson(importstr '../../deep.json')"),
  'import-json': configMap("import '../../deep.json'"),
  'jsonnet-value': `local f(n) = if n == 0 then [] else [f(n - 1)];\n${configMap(`f(${D - 1})`)}`,
  // Deep input, a small result: tk needs no --max-stack for it.
  shallow: `{ cm: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 's' }, data: { n: std.toString(std.length(std.native('parseYaml')(importstr '../../deep.json')[0])) } } }`,
  // Deep input whose result is small (eval prints JSON indented per level: quadratic at full depth).
  flatten: "{ n: std.length(std.flattenDeepArray(std.native('parseYaml')(importstr '../../deep.json'))) }",
  // Beyond Go's limit.
  'native-yaml-beyond': "{ n: std.native('parseYaml')(importstr '../../beyond.json') }",
  'native-json-beyond': "{ n: std.native('parseJson')(importstr '../../beyond.json') }",
  'std-json-beyond': "{ n: std.parseJson(importstr '../../beyond.json') }",
  // The output itself nests 10,001 levels: tk's reading of its own JSON refuses it.
  'output-beyond': "{ n: [import '../../limit.json'] }",
  // Around the default --max-stack (500): go-jsonnet counts a frame per level it manifests.
  'output-497': configMap(nest(497)),
  'output-498': configMap(nest(498)),
};

beforeAll(() => {
  tkBin = requireTool('tk');
  writeFileSync(join(tmp, 'jsonnetfile.json'), '{}');
  writeFileSync(join(tmp, 'deep.json'), nest(D));
  writeFileSync(join(tmp, 'limit.json'), nest(9_999));
  writeFileSync(join(tmp, 'beyond.json'), nest(10_001));
  for (const [name, main] of Object.entries(envs)) {
    mkdirSync(join(tmp, 'environments', name), { recursive: true });
    writeFileSync(join(tmp, 'environments', name, 'main.jsonnet'), main);
    const spec = { apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', metadata: { name }, spec: { namespace: 'x' } };
    writeFileSync(join(tmp, 'environments', name, 'spec.json'), JSON.stringify(spec));
  }
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(bin, args, { cwd: tmp, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, PAGER: '' } }, (err, stdout, stderr) => {
      const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      done({ status, stdout, stderr });
    });
  });
}

// tk's show and eval only read the project, and take about 10 s at this depth: a command asked twice
// (show of import-json: compared with tkts', then with tkts' export) runs once.
const tkRuns = new Map<string, Promise<Run>>();
function tkReading(args: string[]): Promise<Run> {
  if (args[0] !== 'show' && args[0] !== 'eval') throw new Error(`tk ${args[0]} writes: run it each time`);
  const key = JSON.stringify(args);
  let r = tkRuns.get(key);
  if (!r) tkRuns.set(key, (r = run(tkBin, args)));
  return r;
}

/** tk and tkts print the same bytes and exit alike; returns tk's run. */
async function same(args: string[]): Promise<Run> {
  const [tk, tkts] = await Promise.all([tkReading(args), run(process.execPath, [cli, ...args])]);
  expect(tk.stderr, 'tk panicked: not a parity case').not.toMatch(/^panic:/m);
  expect(tkts, `tkts ${args.join(' ')}`).toEqual(tk);
  return tk;
}

const SHOW = ['show', '--dangerous-allow-redirect', '--max-stack', '40000'];

describe.concurrent('9,990 levels of nesting with --max-stack 40000, as tk', () => {
  for (const name of ['native-json', 'native-yaml', 'std-json', 'import-json', 'jsonnet-value']) {
    it(`show: ${name}`, async () => {
      const tk = await same([...SHOW, `environments/${name}`]);
      expect(tk.status).toBe(0);
      expect(tk.stdout).toContain('- - - - []\n');
    });
  }

  it('eval: parseYaml of the deep text, flattened', async () => {
    const tk = await same(['eval', '--max-stack', '40000', 'environments/flatten']);
    expect(tk.stdout).toBe('{\n  "n": 0\n}');
  });

  it("export: the file holds what tk show prints (tk export ignores --max-stack: README, Differences from tk)", async () => {
    const out = join(tmp, 'out');
    const [tk, tkts] = await Promise.all([
      tkReading([...SHOW, 'environments/import-json']),
      run(process.execPath, [cli, 'export', out, 'environments/import-json', '--max-stack', '40000']),
    ]);
    expect(tkts).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(tk.status).toBe(0);
    expect(tree(out)).toEqual({
      'manifest.json': '{\n    "v1.ConfigMap-c.yaml": "environments/import-json/main.jsonnet"\n}',
      'v1.ConfigMap-c.yaml': tk.stdout,
    });
  });
});

describe.concurrent('9,990 levels of input, a small result, the default --max-stack: as tk', () => {
  it('show', async () => {
    const tk = await same(['show', '--dangerous-allow-redirect', 'environments/shallow']);
    expect(tk.stdout).toContain('"n": "1"');
  });

  for (const parallel of ['1', '2']) {
    it(`export -p ${parallel}`, async () => {
      const outs = [join(tmp, `out-tk-${parallel}`), join(tmp, `out-tkts-${parallel}`)];
      const args = (out: string) => ['export', out, 'environments/shallow', 'environments/native-json-beyond', '-r', '-p', parallel];
      const [tk, tkts] = await Promise.all([run(tkBin, args(outs[0])), run(process.execPath, [cli, ...args(outs[1])])]);
      // One environment fails (beyond Go's limit), so nothing is written: tkts' export is all or nothing.
      expect({ ...tkts, stderr: tkts.stderr.split(outs[1]).join('OUT') }).toEqual({ ...tk, stderr: tk.stderr.split(outs[0]).join('OUT') });
      expect(tk.status).toBe(1);
      const [ok, okTkts] = [join(tmp, `ok-tk-${parallel}`), join(tmp, `ok-tkts-${parallel}`)];
      const okArgs = (out: string) => ['export', out, 'environments/shallow', '-p', parallel];
      const both = await Promise.all([run(tkBin, okArgs(ok)), run(process.execPath, [cli, ...okArgs(okTkts)])]);
      expect(both[1]).toEqual(both[0]);
      expect(tree(okTkts)).toEqual(tree(ok));
      expect(Object.keys(tree(ok))).toEqual(['manifest.json', 'v1.ConfigMap-s.yaml']);
    });
  }
});

describe.concurrent('output nested around the default --max-stack: as tk', () => {
  it.each([
    ['output-497', 0],
    ['output-498', 1],
  ])('eval: %s', async (name, status) => {
    const tk = await same(['eval', `environments/${name}`]);
    expect(tk.status).toBe(status);
  });
});

describe.concurrent("beyond Go's 10,000 levels: tk's error", () => {
  for (const name of ['native-yaml-beyond', 'native-json-beyond', 'std-json-beyond', 'output-beyond']) {
    it(`eval: ${name}`, async () => {
      const tk = await same(['eval', '--max-stack', '40000', `environments/${name}`]);
      expect(tk.status).toBe(1);
      expect(tk.stderr).toMatch(/exceeded max depth/);
    });
  }

  it('show with the default --max-stack: the value is nested too deeply for 500 frames either way', async () => {
    const tk = await same(['show', '--dangerous-allow-redirect', 'environments/native-yaml-beyond']);
    expect(tk.status).toBe(1);
  });
});
