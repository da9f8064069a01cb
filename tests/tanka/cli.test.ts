// The built `tkts` command (dist/tools/cli/main.js; `npm test` builds first).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmBinary } from '../../tools/charts/helm-binary.js';

const cli = path.resolve('dist/tools/cli/main.js');
const fixtures = path.resolve('tests/fixtures/tanka');
const basic = (p: string) => path.join(fixtures, 'basic/environments', p);
const expected = (name: string) => fs.readFileSync(path.join(fixtures, 'expected', name), 'utf8');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tkts-cli-'));
let helm = '';

function tkts(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    // HELM_BIN: the helm unpacked once in the shared cache, not again in this test's cache folder
    env: { ...process.env, HELM_BIN: helm, TKTS_CACHE_DIR: path.join(tmp, 'cache'), ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  helm = await helmBinary();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('tkts show', () => {
  it('prints what tk show prints (static, inline, helm chart)', () => {
    const s = tkts(['show', basic('static'), '--dangerous-allow-redirect']);
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    expect(s.stdout).toBe(expected('static.yaml'));
    expect(tkts(['show', basic('inline')]).stdout).toBe(expected('inline.yaml'));
    expect(tkts(['show', path.join(fixtures, 'helm/environments/chart')]).stdout).toBe(expected('helm-chart.yaml'));
  });

  it('accepts tk flags: -t (repeatable, comma-split), -V, -A, --tla-code, --name', () => {
    const t = tkts(['show', basic('static'), '-t', 'service/web,deployment/web', '--target=namespace/.*']);
    expect(t.stdout.match(/^kind: .*/gm)).toEqual(['kind: Namespace', 'kind: Service', 'kind: Deployment']);
    const tla = tkts(['show', basic('tla'), '-V', 'greeting=hi', '--ext-code', 'code={a: 1}', '-A', 'suffix=x', '--tla-code', 'replicas=2']);
    expect(tla.code).toBe(0);
    expect(tla.stdout).toContain('  code: \'{"a": 1}\'\n');
    expect(tla.stdout).toContain('  greeting: hi\n');
    expect(tla.stdout).toContain('  name: tla-x\n');
    expect(tla.stdout).toContain('  replicas: "2"\n');
    expect(tkts(['show', basic('multi'), '--name', 'multi-b']).stdout).toContain('name: in-b');
  });

  it('exits 1 with the error on failure, 2 on usage errors', () => {
    const bad = tkts(['show', path.join(fixtures, 'bad/environments/eval-error')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error: evaluating jsonnet: RUNTIME ERROR: /);
    expect(bad.stderr).toMatch(/main\.jsonnet:7:\d+/);
    const usage = tkts(['show']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: tkts show <path>');
    expect(tkts(['show', basic('static'), '--no-such-flag']).code).toBe(2);
    expect(tkts(['frobnicate']).code).toBe(2);
  });

  it('without any helm binary, says how to get one', () => {
    const r = tkts(['show', path.join(fixtures, 'helm/environments/chart'), '--no-cache'], {
      HELM_BIN: path.join(tmp, 'missing-helm'),
      TANKA_HELM_PATH: '',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HELM_BIN');
    expect(r.stderr).toContain('To get helm');
  });
});

describe('tkts eval, env list, export', () => {
  it('eval prints Go-style indented JSON', () => {
    const r = tkts(['eval', basic('precedence'), '-e', 'cm.metadata']);
    expect(r.stdout).toBe('{\n  "name": "precedence"\n}'); // no trailing newline, as tk
  });

  it('env list prints the table, --names, --json', () => {
    const table = tkts(['env', 'list', path.join(fixtures, 'basic')]).stdout.split('\n');
    // Go's tabwriter pads every cell, the last one too.
    expect(table[0]).toBe('NAME                       NAMESPACE     SERVER                    ');
    expect(table[2]).toBe('environments/static        apps          https://127.0.0.1:6443    ');
    expect(tkts(['env', 'list', path.join(fixtures, 'basic'), '--names']).stdout).toBe(
      'environments/precedence\nenvironments/static\nenvironments/tla\ninline\ninline-tla\nmulti-a\nmulti-ab\nmulti-b\nzzz-broken\n',
    );
    const json = JSON.parse(tkts(['env', 'list', basic('static'), '--json']).stdout);
    expect(json[0].metadata.name).toBe('environments/static');
    expect(tkts(['env', 'list', basic('static'), '--json']).stdout).toMatch(/^\[\{"apiVersion":"tanka.dev\/v1alpha1","kind":"Environment","metadata":/);
    expect(tkts(['env', 'list', path.join(fixtures, 'basic'), '--names', '-l', 'cluster=home']).stdout).toBe('inline\n');
  });

  it('export -r writes the files of every environment in parallel', () => {
    const out = path.join(tmp, 'out');
    const r = tkts(['export', out, basic('static'), basic('inline'), '-r', '-p', '2']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out)).toHaveLength(13 + 2 + 1);
    const again = tkts(['export', out, basic('static')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not empty');
    expect(tkts(['export', path.join(tmp, 'fresh'), basic('static'), basic('inline')]).stderr).toContain('recursive flag is required');
  });
});
