// tk parity, differential: many small projects written into a temp folder, each command run by the real
// tk v0.38.0 and by tkts side by side, and stdout, stderr and the exit status compared byte for byte
// (export: the written trees too). Only cases where tk's output is deterministic are here: no panics,
// no Go map order, no log lines with timestamps. Differences kept on purpose are listed in the README's
// "Differences from tk" and are not exercised.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tree } from './tree.js';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { repoRoot, requireTool } from '../helpers/ref-tools.js';

const cli = resolve(repoRoot, 'dist/tools/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'tkts-parity-cases-'));
let env: NodeJS.ProcessEnv;
let tkBin: string;

// ---------------------------------------------------------------- fixture projects

const SPEC = (name: string, spec: object = { namespace: 'ns' }, extra: object = {}) =>
  JSON.stringify({ apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', metadata: { name }, spec, ...extra });
const CM = (name: string, extra = '') => `{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${name}'${extra} }, data: { k: 'v' } }`;
const INLINE = (name: string, data: string, spec = "{ namespace: 'ns-" + name + "' }", extra = '') =>
  `{ apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', metadata: { name: '${name}'${extra} }, spec: ${spec}, data: ${data} }`;

/** Project name -> file path -> content. Each project gets a jsonnetfile.json unless it has a tkrc.yaml. */
const projects: Record<string, Record<string, string>> = {
  spec: {
    'lib/objects.libsonnet': `{
  cm: ${CM('cm1')},
  ns: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'nsx' } },
  role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'cr' }, rules: [] },
  dep: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'other', labels: { a: 'b' } }, spec: { replicas: 1 } },
  sec: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { 'tanka.dev/namespaced': 'false' } } },
  crd: { apiVersion: 'x.io/v1', kind: 'Widget', metadata: { name: 'w', annotations: { 'tanka.dev/namespaced': 'true' } } },
}`,
    'environments/api/spec.json': SPEC('environments/api', { namespace: 'ns-a', apiServer: 'https://127.0.0.1:6443' }),
    'environments/ctx/spec.json': SPEC('ctx', {
      namespace: 'ns-b', injectLabels: true, contextNames: ['ctx-a', 'ctx-b'],
      resourceDefaults: { annotations: { 'a.b/c': 'd' }, labels: { l: 'v' } },
    }, { metadata: { name: 'ctx', labels: { team: 'x', tier: 'web' } } }),
    'environments/fields/spec.json': SPEC('fields', { namespace: 'ns-c', injectLabels: true, tankaEnvLabelFromFields: ['.metadata.name', '.spec.namespace'] }),
    'environments/nolabels/spec.json': SPEC('nolabels', { namespace: 'ns-c', injectLabels: false }),
    'environments/extra/spec.json': SPEC('extra', { namespace: 'ns-d', unknownKey: 1, diffStrategy: 'server', applyStrategy: 'server', expectVersions: { tanka: '>=0.20' } }, { data: { k: 1 } }),
    'environments/deprecated/spec.json': JSON.stringify({ apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', namespace: 'old', server: 'srv:1', team: 'a-team', spec: {} }),
    'environments/empty/spec.json': '{}',
    'environments/nometa/spec.json': '{"apiVersion":"tanka.dev/v1alpha1","kind":"Environment","metadata":{}}',
    'environments/case/spec.json': '{"APIVERSION":"tanka.dev/v1alpha1","Spec":{"NameSpace":"upper"}}',
    'environments/truncated/spec.json': '{"apiVersion": ',
    'environments/trailing/spec.json': '{"spec":{"namespace":"x"}} x',
    'environments/badchar/spec.json': '{"spec":{"namespace":"x",}}',
    'environments/wrongtype/spec.json': '{"spec":{"namespace":1}}',
    'environments/wrongbool/spec.json': '{"spec":{"injectLabels":"yes"}}',
    'environments/wronglabel/spec.json': '{"metadata":{"labels":{"a":1}}}',
    'environments/wrongstruct/spec.json': '{"spec":"x"}',
    'environments/toparray/spec.json': '[]',
    'environments/labeldata/spec.json': SPEC('labeldata', { namespace: 'n', injectLabels: true, tankaEnvLabelFromFields: ['.data'] }),
    'environments/labeldatax/spec.json': SPEC('labeldatax', { namespace: 'n', injectLabels: true, tankaEnvLabelFromFields: ['.data.x'] }),
    'environments/labelstruct/spec.json': SPEC('labelstruct', { namespace: 'n', injectLabels: true, tankaEnvLabelFromFields: ['.spec.resourceDefaults'] }),
    'environments/labelinter/spec.json': SPEC('labelinter', { namespace: 'n', injectLabels: true, tankaEnvLabelFromFields: ['.metadata.name.x'] }),
  },
  inline: {
    'environments/one/main.jsonnet': INLINE('one', `{ cm: ${CM('x')} }`),
    'environments/several/main.jsonnet': `{ a: ${INLINE('s1', `{ cm: ${CM('x')} }`)}, b: [${INLINE('s2', `{ cm: ${CM('y')} }`, "{ namespace: 'n2', apiServer: 'https://127.0.0.1:1' }", ", labels: { team: 'b' }")}] }`,
    'environments/prefix/main.jsonnet': `[${INLINE('foo', `{ cm: ${CM('a')} }`)}, ${INLINE('foo-bar', `{ cm: ${CM('b')} }`)}]`,
    'environments/nospec/main.jsonnet': `{ apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', metadata: { name: 'nospec' }, data: { cm: ${CM('x')} } }`,
    'environments/nested/main.jsonnet': `{ deep: { deeper: [{ x: ${INLINE('nested', `[${CM('x')}, [${CM('y')}]]`)} }] } }`,
    'environments/noenv/main.jsonnet': '{}',
    'environments/junk/main.jsonnet': `{ env: ${INLINE('junk', `{ cm: ${CM('x')} }`)}, junk: { foo: 'bar' } }`,
    'environments/prims/main.jsonnet': `{ env: ${INLINE('prims', `{ cm: ${CM('x')} }`)}, p: 'str', n: 3 }`,
    'environments/broken/main.jsonnet': `[${INLINE('ok', `{ cm: ${CM('x')} }`)}, ${INLINE('bad', "{ cm: error 'data of bad' }")}]`,
    'environments/dupname/main.jsonnet': `{ a: ${INLINE('same', '{}')}, b: ${INLINE('same', '{}')} }`,
    'environments/tlainline/main.jsonnet': `function(suffix='x') ${INLINE('tla', `{ cm: ${CM("cm-' + suffix + '")} }`)}`,
  },
  extract: {
    'environments/nested/main.jsonnet': `{ a: { b: { c: ${CM('abc')} } }, l: [[{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }]], e: {}, n: null }`,
    'environments/list/main.jsonnet': `{ l: { apiVersion: 'v1', kind: 'List', items: [${CM('i1')}, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }] } }`,
    // One problem only: with several, tk lists them in Go map order.
    'environments/listbad/main.jsonnet': "{ l: { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Secret', metadata: {} }] } }",
    'environments/nokind/main.jsonnet': "{ a: { b: { foo: 'bar', metadata: { name: 'x' } } } }",
    'environments/prims/main.jsonnet': "{ a: null, b: {}, c: [], d: 'str', e: 1 }",
    'environments/toparray/main.jsonnet': `[${CM('x')}, ${CM('y')}]`,
    'environments/dup/main.jsonnet': `{ a: ${CM('x')}, b: ${CM('x')} }`,
    'environments/emptyname/main.jsonnet': "{ a: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } }",
    'environments/badmeta/main.jsonnet': "{ a: { apiVersion: 'v1', kind: 'ConfigMap', metadata: 'x' } }",
    'environments/ksonnet/main.jsonnet': `{ a: ${CM('k')} + { __ksonnet: { x: 1 } }, b: { __ksonnet: {}, c: ${CM('c')} } }`,
    'environments/scoped/main.jsonnet': `{
  ns: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } },
  crb: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' } },
  crd: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'ws.x.io' } },
  pv: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' } },
  off: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'off', annotations: { 'tanka.dev/namespaced': 'false' } } },
  on: { apiVersion: 'x.io/v1', kind: 'Widget', metadata: { name: 'on', annotations: { 'tanka.dev/namespaced': 'true' } } },
  explicit: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'explicit', namespace: 'mine' } },
  emptyns: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'emptyns', namespace: '' } },
  order: [${CM('z-last')}, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a-first' } }, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } }],
}`,
    'environments/values/main.jsonnet': `{ cm: ${CM('values')} + { data: { f: 1.5, big: 1e21, small: 1e-7, neg: -0, s: 'yes', n: 'null', t: true, multi: 'a\\nb\\n', empty: '', colon: 'a: b', quote: "it's", unicode: 'héllo ✓', num: '012', oct: '0o17', ts: '2001-12-14' } } }`,
    'environments/err/main.jsonnet': "{\n  a: error 'boom',\n}\n",
    'environments/syntax/main.jsonnet': '{\n  a: ,\n}\n',
    'environments/import/main.jsonnet': "import 'nope.libsonnet'\n",
    'environments/deeperr/main.jsonnet': "{ a: [1, { b: { c: error 'deep' } }] }",
  },
  flags: {
    'environments/ext/main.jsonnet': "{ a: std.extVar('a'), b: std.extVar('b'), ns: std.extVar('tanka.dev/environment').spec.namespace, tk: (import 'tk').env.metadata.name }",
    'environments/tla/main.jsonnet': "function(x, y='d') { x: x, y: y }",
    'environments/fn/main.jsonnet': `function(name='dflt') { cm: ${CM("' + name + '")} }`,
    'ext.txt': 'from a file\n',
    'code.jsonnet': "{ k: 'code-file' }",
  },
  targets: {
    'environments/t/main.jsonnet': `{
  cm: ${CM('cm-one')}, cm2: ${CM('CM-Two')},
  dep: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } },
  svc: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } },
  ns: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'space' } },
}`,
  },
  export: {
    'environments/a/main.jsonnet': `{
  cm: ${CM('cm1')},
  dep: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'other', labels: { app: 'web' } } },
  role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader:all' } },
  odd: ${CM('with space')},
}`,
    'environments/b/main.jsonnet': `{ cm: ${CM('cm-b')}, ns: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } } }`,
    'environments/c/main.jsonnet': `{ cm: ${CM('cm1')} }`,
    'environments/inline/main.jsonnet': `[${INLINE('in-1', `{ cm: ${CM('i1')} }`)}, ${INLINE('in-2', `{ cm: ${CM('i2')} }`)}]`,
    'environments/broken/main.jsonnet': "{ cm: error 'broken env' }",
    'environments/nested/deeper/main.jsonnet': `{ cm: ${CM('deep')} }`,
  },
  jpath: {
    'lib/l.libsonnet': "'from root lib'",
    'lib/shadow.libsonnet': "'root lib shadow'",
    'vendor/v/v.libsonnet': "'from root vendor'",
    'vendor/shadow.libsonnet': "'root vendor shadow'",
    'environments/app/vendor/shadow.libsonnet': "'env vendor shadow'",
    'environments/app/local.libsonnet': "'from the env folder'",
    'environments/app/main.jsonnet': `{ cm: ${CM('jpath')} + { data: { l: import 'l.libsonnet', v: import 'v/v.libsonnet', s: import 'shadow.libsonnet', local_: import 'local.libsonnet', rel: import './local.libsonnet' } } }`,
    'environments/deep/er/main.jsonnet': `{ cm: ${CM('deeper')} + { data: { l: import 'l.libsonnet' } } }`,
    'environments/deep/er/spec.json': SPEC('deep/er'),
  },
  // Import paths that reach something other than a file: tk stops with Go's error instead of looking further.
  imports: {
    'lib/dir/x.libsonnet': "'x'",
    'lib/file.libsonnet': "'f'",
    'environments/dir/main.jsonnet': "{ a: import 'dir' }",
    'environments/slash/main.jsonnet': "{ a: importstr 'dir/' }",
    'environments/own/main.jsonnet': "{ a: import '' }",
    'environments/notdir/main.jsonnet': "{ a: import 'file.libsonnet/x' }",
    'environments/nul/main.jsonnet': "{ a: importbin 'a\\u0000b' }",
    'environments/dotdot/main.jsonnet': "{ a: import 'nope/../dir/x.libsonnet' }",
  },
  tkrc: {
    'tkrc.yaml': '',
    'lib/l.libsonnet': "'tkrc lib'",
    'environments/e/main.jsonnet': `{ cm: ${CM('tkrc')} + { data: { l: import 'l.libsonnet' } } }`,
    'environments/e/spec.json': SPEC('environments/e'),
  },
  labels: {
    'environments/a/main.jsonnet': `{ cm: ${CM('a')} }`,
    'environments/a/spec.json': SPEC('environments/a', { namespace: 'a' }, { metadata: { name: 'environments/a', labels: { team: 'red', tier: 'web' } } }),
    'environments/b/main.jsonnet': `{ cm: ${CM('b')} }`,
    'environments/b/spec.json': SPEC('environments/b', { namespace: 'b', apiServer: '127.0.0.1:6443' }, { metadata: { name: 'environments/b', labels: { team: 'blue' } } }),
    'environments/c/main.jsonnet': `[${INLINE('c-inline', `{ cm: ${CM('c')} }`, "{ namespace: 'c' }", ", labels: { team: 'red' }")}]`,
  },
};

// Static environments of the spec project share one main.jsonnet.
for (const file of Object.keys(projects.spec)) {
  if (file.endsWith('/spec.json')) projects.spec[file.replace('spec.json', 'main.jsonnet')] = "(import 'objects.libsonnet')";
}
// Every environment of these projects is static with a plain spec unless it has its own.
for (const p of ['extract', 'flags', 'targets', 'export', 'imports']) {
  for (const file of Object.keys(projects[p])) {
    const spec = file.replace('main.jsonnet', 'spec.json');
    if (file.endsWith('/main.jsonnet') && !file.includes('inline') && !(spec in projects[p])) {
      projects[p][spec] = SPEC(dirname(file), { namespace: 'ns' });
    }
  }
}

function writeProjects(): void {
  for (const [name, files] of Object.entries(projects)) {
    const dir = join(tmp, name);
    if (!('tkrc.yaml' in files)) files['jsonnetfile.json'] ??= '{}';
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), content);
    }
  }
}

// ---------------------------------------------------------------- running both tools

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(bin, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      done({ status, stdout, stderr });
    });
  });
}

const runTk = (args: string[], cwd: string) => run(tkBin, args, cwd);
const runTkts = (args: string[], cwd: string) => run(process.execPath, [cli, ...args], cwd);

/**
 * tk lists an object's missing fields in Go map order, which changes run to run (tkts has its own fixed
 * order; README, Differences from tk): that list is compared sorted, everything else byte for byte.
 */
function sortMissingFields(stderr: string): string {
  return stderr.replace(/(has missing or invalid fields:\n)((?:  - [^\n]*\n)+)/g, (_, head: string, list: string) => head + list.split('\n').filter(Boolean).sort().map((l) => `${l}\n`).join(''));
}

/** tk and tkts print the same bytes on stdout and stderr and exit with the same status. */
async function same(project: string, args: string[]): Promise<Run> {
  const cwd = join(tmp, project);
  const [tk, tkts] = await Promise.all([runTk(args, cwd), runTkts(args, cwd)]);
  expect(tk.stderr, `tk ${args.join(' ')} panicked: not a parity case`).not.toMatch(/^panic:|"level":/m);
  expect({ status: tkts.status, stdout: tkts.stdout, stderr: sortMissingFields(tkts.stderr) }, `tkts ${args.join(' ')} in ${project}`)
    .toEqual({ ...tk, stderr: sortMissingFields(tk.stderr) });
  return tk;
}


let exports = 0;
/**
 * tk export and tkts export of the same arguments: same status, output and written tree. `before`
 * fills both output folders first (to test merging). Output folder names are replaced by OUT in messages.
 */
async function sameExport(project: string, args: string[], before?: Record<string, string>): Promise<Record<string, string>> {
  const cwd = join(tmp, project);
  const n = ++exports;
  const outs = [join(tmp, 'out', `tk-${n}`), join(tmp, 'out', `tkts-${n}`)];
  if (before) {
    for (const out of outs) {
      for (const [file, content] of Object.entries(before)) {
        mkdirSync(dirname(join(out, file)), { recursive: true });
        writeFileSync(join(out, file), content);
      }
    }
  }
  const [tk, tkts] = await Promise.all([runTk(['export', outs[0], ...args], cwd), runTkts(['export', outs[1], ...args], cwd)]);
  const clean = (r: Run, out: string) => ({ status: r.status, stdout: r.stdout.split(out).join('OUT'), stderr: r.stderr.split(out).join('OUT') });
  expect(tk.stderr, 'tk panicked: not a parity case').not.toMatch(/^panic:/m);
  expect(clean(tkts, outs[1]), `tkts export ${args.join(' ')} in ${project}`).toEqual(clean(tk, outs[0]));
  // A failed tk export leaves what it wrote before the failure; tkts writes all or nothing (README).
  const want = tree(outs[0]);
  if (tk.status === 0) expect(tree(outs[1])).toEqual(want);
  else expect(tree(outs[1])).toEqual(before ?? {});
  return want;
}

beforeAll(async () => {
  tkBin = requireTool('tk');
  const helm = await helmBinary();
  env = { ...process.env, PATH: [dirname(helm), process.env.PATH].join(delimiter), HELM_BIN: helm, TKTS_CACHE_DIR: join(tmp, 'cache'), PAGER: '' };
  delete env.TANKA_DANGEROUS_ALLOW_REDIRECT;
  writeProjects();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SHOW = ['show', '--dangerous-allow-redirect'];

// ---------------------------------------------------------------- cases

describe.concurrent('spec.json variants', () => {
  const envs = Object.keys(projects.spec).filter((f) => f.endsWith('/spec.json')).map((f) => dirname(f));
  for (const e of envs.filter((x) => x !== 'environments/deprecated')) {
    it(`show ${e}`, () => same('spec', [...SHOW, e]));
  }
  it('deprecated top-level keys: same objects (tk logs its warnings as JSON lines with a time)', async () => {
    const cwd = join(tmp, 'spec');
    const args = [...SHOW, 'environments/deprecated'];
    const [tk, tkts] = await Promise.all([runTk(args, cwd), runTkts(args, cwd)]);
    expect([tkts.status, tkts.stdout]).toEqual([tk.status, tk.stdout]);
    expect(tk.stderr).toContain('`server` is deprecated, use `spec.apiServer` instead.');
    expect(tkts.stderr).toContain('`server` is deprecated, use `spec.apiServer` instead.');
  });
  it('eval of a static environment sees its spec (tk.env)', () => same('spec', ['eval', 'environments/ctx', '-e', 'cm']));
  it('env list --json and table over every valid one', async () => {
    for (const e of ['api', 'ctx', 'fields', 'extra', 'empty', 'nometa', 'case']) {
      await same('spec', ['env', 'list', `environments/${e}`, '--json']);
      await same('spec', ['env', 'list', `environments/${e}`]);
    }
  });
  it('env list over a folder with broken spec.json files: one error is reported as tk does', () => same('spec', ['env', 'list', 'environments/truncated']));
});

describe.concurrent('inline environments', () => {
  for (const e of ['one', 'several', 'prefix', 'nospec', 'nested', 'noenv', 'junk', 'prims', 'broken', 'dupname', 'tlainline']) {
    it(`show ${e}`, () => same('inline', [...SHOW, `environments/${e}`]));
    it(`eval ${e}`, () => same('inline', ['eval', `environments/${e}`]));
  }
  it('--name selects by substring; an exact match wins; errors list the names', async () => {
    await same('inline', [...SHOW, 'environments/several', '--name', 's2']);
    await same('inline', [...SHOW, 'environments/several', '--name', 's']);
    await same('inline', [...SHOW, 'environments/several', '--name', 'zz']);
    await same('inline', [...SHOW, 'environments/prefix', '--name', 'foo']);
    await same('inline', [...SHOW, 'environments/prefix', '--name', 'bar']);
    await same('inline', [...SHOW, 'environments/broken', '--name', 'ok']);
    await same('inline', [...SHOW, 'environments/broken', '--name', 'bad']);
    await same('inline', [...SHOW, 'environments/one', '--name', 'one', '-t', 'configmap/x']);
    await same('inline', [...SHOW, 'environments/tlainline', '-A', 'suffix=y']);
  });
  it('env list: text, --json, --names', async () => {
    for (const e of ['several', 'prefix', 'nested', 'junk', 'broken']) {
      await same('inline', ['env', 'list', `environments/${e}`]);
      await same('inline', ['env', 'list', `environments/${e}`, '--json']);
    }
    await same('inline', ['env', 'list', 'environments/several', '--names']);
  });
});

describe.concurrent('extracting objects', () => {
  const envs = Object.keys(projects.extract).filter((f) => f.endsWith('/main.jsonnet')).map((f) => dirname(f));
  for (const e of envs) {
    it(`show ${e}`, () => same('extract', [...SHOW, e]));
  }
  it('eval prints the raw JSON (no trailing newline) and its errors', async () => {
    for (const e of ['values', 'err', 'syntax', 'import', 'deeperr', 'toparray', 'prims']) await same('extract', ['eval', `environments/${e}`]);
  });
  it('eval -e', async () => {
    await same('extract', ['eval', 'environments/values', '-e', 'cm.data']);
    await same('extract', ['eval', 'environments/values', '-e', 'cm["metadata"]']);
    await same('extract', ['eval', 'environments/values', '-e', '["cm"].data.s']);
    await same('extract', ['eval', 'environments/values', '-e', 'nope']);
    await same('extract', ['eval', 'environments/values', '-e', '[cm']);
    await same('extract', ['eval', 'environments/err', '-e', 'a']);
  });
});

describe.concurrent('jsonnet flags', () => {
  it('--ext-str/-V, --ext-code and their -file variants', async () => {
    await same('flags', ['eval', 'environments/ext', '-V', 'a=1', '--ext-code', 'b=1+1']);
    await same('flags', ['eval', 'environments/ext', '--ext-str', 'a=x=y', '--ext-code', 'b={ x: [1] }']);
    await same('flags', ['eval', 'environments/ext', '--ext-str-file', 'a=ext.txt', '--ext-code-file', 'b=code.jsonnet']);
    await same('flags', ['eval', 'environments/ext', '-V', 'a=1']);
    await same('flags', ['eval', 'environments/ext', '-V', 'a=1', '--ext-code-file', 'b=missing.jsonnet']);
  });
  it('--tla-str/-A, --tla-code and their -file variants', async () => {
    await same('flags', ['eval', 'environments/tla', '-A', 'x=1']);
    await same('flags', ['eval', 'environments/tla', '--tla-code', 'x=[1]', '--tla-str', 'y=z']);
    await same('flags', ['eval', 'environments/tla', '--tla-str-file', 'x=ext.txt', '--tla-code-file', 'y=code.jsonnet']);
    await same('flags', ['eval', 'environments/tla']);
    await same('flags', ['eval', 'environments/tla', '-A', 'x=1', '-e', 'y']);
    await same('flags', [...SHOW, 'environments/fn', '-A', 'name=from-tla']);
    await same('flags', [...SHOW, 'environments/fn']);
  });
  it('--jsonnet-implementation go', () => same('flags', [...SHOW, 'environments/fn', '--jsonnet-implementation', 'go']));
});

describe.concurrent('-t/--target', () => {
  const t = (...targets: string[]) => same('targets', [...SHOW, 'environments/t', ...targets.flatMap((x) => ['-t', x])]);
  it('regexes on kind/name, case-insensitive', async () => {
    await t('configmap/cm-one');
    await t('ConfigMap/CM-.*');
    await t('.*/web');
    await t('deployment/web,namespace/space');
    await t('service/web', 'configmap/.*');
    await t('nothing/matches');
    await same('targets', [...SHOW, 'environments/t', '--target=service/.*']);
  });
  it('! excludes', async () => {
    await t('!configmap/.*');
    await t('!.*/web', '!namespace/space');
  });
  it('an invalid regex is an error', async () => {
    await t('(');
    await t('!(');
    await t('configmap/[');
  });
});

describe.concurrent('export', () => {
  it('default format, manifest.json', () => sameExport('export', ['environments/a']));
  it('--format with sprig and env', async () => {
    await sameExport('export', ['environments/a', '--format', '{{.metadata.namespace}}/{{.kind | lower}}-{{.metadata.name}}']);
    await sameExport('export', ['environments/a', '--format', '{{index .metadata.labels "app" | default "none"}}/{{.metadata.name | replace ":" "_"}}']);
    await sameExport('export', ['environments/a', '--format', '{{env.spec.namespace}}_{{env.metadata.name}}_{{.kind | upper}}-{{.metadata.name | snakecase}}']);
    await sameExport('export', ['environments/a', '--format', '{{.kind}}/{{.nope}}-{{.metadata.name}}']);
    await sameExport('export', ['environments/a', '--format', '{{.metadata.name | trunc 3}}-{{.kind | title}}-{{.kind | kebabcase}}']);
  });
  it('--extension and --skip-manifest', async () => {
    await sameExport('export', ['environments/a', '--extension', 'yml']);
    await sameExport('export', ['environments/a', '--skip-manifest']);
  });
  it('a bad template is an error, when parsed and when executed', async () => {
    await sameExport('export', ['environments/a', '--format', '{{.metadata.name']);
    await sameExport('export', ['environments/a', '--format', 'x/{{.metadata.name}}/{{ .kind | replace "a" }}']);
    await sameExport('export', ['environments/a', '--format', '{{.metadata.name}}\n{{ index .metadata.annotations "x" }}']);
  });
  it('several environments need -r; -r finds them below a folder', async () => {
    await sameExport('export', ['environments/a', 'environments/b']);
    await sameExport('export', ['environments/a', 'environments/b', '-r']);
    await sameExport('export', ['environments/nested', '-r', '--format', '{{env.metadata.name}}/{{.kind}}-{{.metadata.name}}']);
    await sameExport('export', ['environments/inline', '-r', '--format', '{{env.metadata.name}}/{{.kind}}-{{.metadata.name}}']);
  });
  it('conflicting file names are an error', async () => {
    // tk checks for the file and then writes it from parallel workers, so it fails or silently keeps one
    // of the two files, run to run (README, Differences from tk). tkts always fails, with tk's message.
    const args = ['environments/a', 'environments/c', '-r'];
    const n = ++exports;
    const outs = [join(tmp, 'out', `tk-${n}`), join(tmp, 'out', `tkts-${n}`)];
    const cwd = join(tmp, 'export');
    const [tk, tkts] = await Promise.all([runTk(['export', outs[0], ...args], cwd), runTkts(['export', outs[1], ...args], cwd)]);
    const conflict = (out: string) => `Error: file '${join(out, 'v1.ConfigMap-cm1.yaml')}' already exists. Aborting\n`;
    expect(tk.status === 0 || tk.stderr === conflict(outs[0]), tk.stderr).toBe(true);
    expect({ status: tkts.status, stdout: tkts.stdout, stderr: tkts.stderr }).toEqual({ status: 1, stdout: '', stderr: conflict(outs[1]) });
    expect(tree(outs[1])).toEqual({});
  });
  it('an environment that fails to evaluate', async () => {
    await sameExport('export', ['environments/broken']);
    await sameExport('export', ['environments/broken', '--format', '{{.metadata.name']);
  });
  it('inline environments: --name', async () => {
    await sameExport('export', ['environments/inline', '--name', 'in-2']);
    await sameExport('export', ['environments/inline', '-r', '--name', 'in-1']);
  });
  it('into a non-empty folder: refused, or merged with --merge-strategy', async () => {
    const previous = (await sameExport('export', ['environments/b']));
    await sameExport('export', ['environments/a'], previous);
    await sameExport('export', ['environments/a', '--merge-strategy', 'fail-on-conflicts'], previous);
    await sameExport('export', ['environments/b', '--merge-strategy', 'fail-on-conflicts'], previous);
    await sameExport('export', ['environments/b', '--merge-strategy', 'replace-envs', '--format', 'new-{{.metadata.name}}'], previous);
    await sameExport('export', ['environments/a', '--merge-strategy', 'replace-envs', '--merge-deleted-envs', 'environments/b/main.jsonnet'], previous);
  });
});

describe.concurrent('import paths and project roots', () => {
  it('lib/, vendor/, the environment\'s vendor/ and folder, in Tanka\'s order', () => same('jpath', ['eval', 'environments/app']));
  it('an environment in a nested folder, by folder and by main.jsonnet', async () => {
    await same('jpath', [...SHOW, 'environments/deep/er']);
    await same('jpath', [...SHOW, 'environments/deep/er/main.jsonnet']);
    await same('jpath', ['env', 'list', 'environments', '--json']);
  });
  it('an import reaching a folder, a file used as a folder or a NUL byte ends the search with Go\'s error', async () => {
    for (const e of ['dir', 'slash', 'own', 'notdir', 'nul', 'dotdot']) await same('imports', ['eval', `environments/${e}`]);
  });
  it('tkrc.yaml marks the root without a jsonnetfile.json', async () => {
    await same('tkrc', [...SHOW, 'environments/e']);
    await same('tkrc', ['env', 'list', '--json']);
  });
});

describe.concurrent('env list', () => {
  it('text, --json, --names over static and inline environments', async () => {
    await same('labels', ['env', 'list']);
    await same('labels', ['env', 'list', 'environments']);
    await same('labels', ['env', 'list', 'environments/', '--json']);
    await same('labels', ['env', 'list', '--names']);
  });
  it('-l label selectors', async () => {
    for (const sel of ['team=red', 'team!=red', 'team==blue', 'tier', '!tier', 'team=red,tier=web', 'team=green', 'team in (red,blue)', 'team notin (red),!tier']) {
      await same('labels', ['env', 'list', '-l', sel]);
      await same('labels', ['env', 'list', '--json', '-l', sel]);
    }
  });
});
