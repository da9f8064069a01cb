// The tests' caching helm (helm-cache.mjs) against the real helm: a hit gives the real helm's exact bytes
// and exit code without running it; any change to what helm reads (chart files, values on stdin or in a
// file, arguments) runs it again.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { cachingHelmDir } from './helm-cache.js';
import { repoRoot } from './ref-tools.js';

const shim = join(repoRoot, 'tests', 'helpers', 'helm-cache.mjs');
let tmp: string;
let realHelm: string;
let countingHelm: string;
let chart: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tkts-helm-cache-test-'));
  realHelm = await helmBinary();
  // The real helm, counting its runs.
  countingHelm = join(tmp, 'counting-helm');
  writeFileSync(countingHelm, `#!/bin/sh\necho run >> '${join(tmp, 'runs')}'\nexec '${realHelm}' "$@"\n`, { mode: 0o755 });
  chart = join(tmp, 'chart');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'values.yaml'), 'greeting: hello\n');
  writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** How many times the real helm ran so far. */
const runs = () => (existsSync(join(tmp, 'runs')) ? readFileSync(join(tmp, 'runs'), 'utf8').split('\n').filter(Boolean).length : 0);
const result = (r: ReturnType<typeof spawnSync>) => ({ status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) });

function cached(cache: string, args: string[], input = '') {
  const env = { ...process.env, TKTS_TEST_HELM_REAL: countingHelm, TKTS_TEST_HELM_CACHE: join(tmp, cache) };
  return result(spawnSync(process.execPath, [shim, ...args], { cwd: tmp, env, input, encoding: 'utf8' }));
}
const real = (args: string[], input = '') => result(spawnSync(realHelm, args, { cwd: tmp, input, encoding: 'utf8' }));

describe('caching helm for the tests\' tk', () => {
  it('replays the real helm\'s exact output for the same call without running it again', () => {
    const args = ['template', 'demo', chart, '--values', '-', '--namespace', 'ns'];
    const want = real(args, 'greeting: hi\n');
    expect(want.stdout).toContain('greeting: "hi"');
    const before = runs();
    expect(cached('same', args, 'greeting: hi\n')).toEqual(want);
    expect(cached('same', args, 'greeting: hi\n')).toEqual(want);
    expect(runs() - before).toBe(1);
  });

  it('runs helm again when a chart file, the values on stdin, a values file or an argument changes', () => {
    const values = join(tmp, 'values.yaml');
    writeFileSync(values, 'greeting: from-file\n');
    const base = ['template', 'demo', chart, '--values', '-', `--values=${values}`];
    const check = (args: string[], input: string) => {
      const before = runs();
      expect(cached('changes', args, input)).toEqual(real(args, input));
      expect(runs() - before).toBe(1);
    };
    check(base, 'other: 1\n');
    check(base, 'other: 2\n');
    writeFileSync(values, 'greeting: changed-file\n');
    check(base, 'other: 2\n');
    writeFileSync(join(chart, 'templates', 'cm.yaml'), readFileSync(join(chart, 'templates', 'cm.yaml'), 'utf8') + '  extra: "1"\n');
    check(base, 'other: 2\n');
    writeFileSync(join(chart, 'templates', 'new.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: new\n');
    check(base, 'other: 2\n');
    check([...base, '--namespace', 'other'], 'other: 2\n');
    // Unchanged since the last call: no run.
    const before = runs();
    expect(cached('changes', [...base, '--namespace', 'other'], 'other: 2\n')).toEqual(real([...base, '--namespace', 'other'], 'other: 2\n'));
    expect(runs() - before).toBe(0);
  });

  it('replays a failed render\'s error and exit code', () => {
    writeFileSync(join(chart, 'templates', 'required.yaml'), '{{ required "name is required" .Values.name }}\n');
    const args = ['template', 'demo', chart, '--values', '-'];
    const want = real(args, 'greeting: x\n');
    expect(want.status).toBe(1);
    expect(want.stderr).toContain('name is required');
    const before = runs();
    expect(cached('failure', args, 'greeting: x\n')).toEqual(want);
    expect(cached('failure', args, 'greeting: x\n')).toEqual(want);
    expect(runs() - before).toBe(1);
    rmSync(join(chart, 'templates', 'required.yaml'));
  });

  it('always runs helm for other subcommands', () => {
    const before = runs();
    expect(cached('other', ['version', '--short'])).toEqual(real(['version', '--short']));
    expect(cached('other', ['version', '--short'])).toEqual(real(['version', '--short']));
    expect(runs() - before).toBe(2);
  });

  it('is the helm on the PATH it hands to tk, in front of the real one', async () => {
    const dir = await cachingHelmDir();
    const args = ['template', 'demo', chart, '--values', '-'];
    const viaPath = spawnSync('helm', args, { cwd: tmp, input: 'greeting: path\n', encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    expect(result(viaPath)).toEqual(real(args, 'greeting: path\n'));
    expect(result(viaPath).stdout).toContain('greeting: "path"');
  });
});

