// `validate --manifests`: loading YAML/JSON (multi-document, Lists), line
// numbers, the reporters and the exit codes, through the CLI's main().
import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { main } from '../../tools/cli/main.js';
import { loadManifests, parseManifestText } from '../../tools/validate/manifests.js';
import { FIXTURES, MIRROR } from './helpers.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(['validate', '--mirror', MIRROR, '--config', join(FIXTURES, 'validate.config.json'), ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

const clean = join(FIXTURES, 'manifests/clean');
const broken = join(FIXTURES, 'manifests/broken');

describe('manifests', () => {
  it('reads multi-document YAML and JSON Lists with file and line of each object', () => {
    const r = loadManifests([join(FIXTURES, 'manifests')], FIXTURES);
    expect(r.problems).toEqual([]);
    expect(r.inputs.map((i) => `${i.source!.file}:${i.source!.line} ${(i.object as { kind: string }).kind}`)).toEqual([
      'manifests/broken/deploy.yaml:2 Deployment',
      'manifests/broken/deploy.yaml:23 Service',
      'manifests/broken/list.json:5 ConfigMap',
      'manifests/clean/app.yaml:2 ServiceAccount',
      'manifests/clean/app.yaml:14 ConfigMap',
      'manifests/clean/app.yaml:32 ExternalSecret',
      'manifests/clean/app.yaml:54 Deployment',
      'manifests/clean/app.yaml:122 Service',
      'manifests/clean/app.yaml:141 PodDisruptionBudget',
    ]);
    expect(r.inputs[0]!.source!.locate!(['spec', 'tempalte'])).toEqual({ line: 19, column: 5 });
  });

  it('invalid YAML is a finding with a line, not an exception', () => {
    const r = loadManifests([join(FIXTURES, 'bad-yaml')], FIXTURES);
    expect(r.inputs).toEqual([]);
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems[0]).toMatchObject({ rule: 'input', severity: 'error', file: 'bad-yaml/bad.yaml' });
    expect(r.problems.map((p) => p.line)).toContain(5); // duplicate key "name"
  });

  it('an alias bomb is a finding, not a hang or a crash', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const r = parseManifestText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n${lines.join('\n')}\n`, 'bomb.yaml');
    expect(r.inputs).toEqual([]);
    expect(r.problems[0]!.message).toMatch(/cannot read document: .*alias/i);
  });

  it('empty documents are skipped', () => {
    expect(parseManifestText('---\n---\n# nothing\n', 'x.yaml').inputs).toEqual([]);
  });
});

describe('validate --manifests', () => {
  it('exit 0 and a summary table on clean manifests', async () => {
    const r = await cli(['--manifests', clean]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^environment\s+objects\s+errors\s+warnings\s+time\n\(manifests\)\s+6\s+0\s+0\s+[\d.]+m?s\ntotal \(1 environment\)\s+6\s+0\s+0\s+[\d.]+m?s\n$/);
  });

  it('exit 1 with findings grouped by object, with field path and file:line', async () => {
    const r = await cli(['--manifests', broken]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\n  Deployment app\/api \(.*deploy\.yaml:2\)\n/); // where the object starts
    expect(r.out).toContain('    error   spec.tempalte: unknown field "tempalte" (did you mean "template"?) (schema.unknown-field) [');
    expect(r.out).toMatch(/deploy\.yaml:19\]/);
    expect(r.out).toContain('data.ADMIN_PASSWORD: ConfigMap key "ADMIN_PASSWORD" looks like a credential (no-configmap-credentials)');
    expect(r.out).toMatch(/\(manifests\)\s+3\s+\d+\s+\d+/);
  });

  it('--format json', async () => {
    const r = await cli(['--manifests', broken, '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.summary).toMatchObject({ environments: 1, objects: 3 });
    const typo = j.findings.find((f: { rule: string }) => f.rule === 'schema.unknown-field');
    expect(typo).toMatchObject({ path: 'spec.tempalte', file: expect.stringMatching(/deploy\.yaml$/), line: 19, column: 5, object: { kind: 'Deployment', name: 'api', namespace: 'app' } });
    expect(typo.reason).toMatch(/unknown fields/);
  });

  it('--format github', async () => {
    const r = await cli(['--manifests', broken, '--format', 'github']);
    expect(r.code).toBe(1);
    const line = r.out.split('\n').find((l) => l.includes('tempalte'))!;
    expect(line).toMatch(/^::error file=.*deploy\.yaml,line=19,col=5,title=schema.unknown-field%3A Deployment app\/api::Deployment app\/api spec.tempalte: unknown field "tempalte" \(did you mean "template"\?\)$/);
  });

  it('--format junit', async () => {
    const r = await cli(['--manifests', broken, '--format', 'junit']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="validate"/);
    expect(r.out).toContain('<testcase classname="manifests" name="Deployment app/api"><failure');
    expect(r.out).toContain('spec.tempalte: unknown field &quot;tempalte&quot;');
  });

  it('invalid YAML: exit 1 with the file and line', async () => {
    const r = await cli(['--manifests', join(FIXTURES, 'bad-yaml')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/error .*bad\.yaml:5:\d+: /);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['--manifests'])).code).toBe(2);
    expect((await cli(['--format', 'xml', '--manifests', clean])).code).toBe(2);
    expect((await cli(['--bogus'])).code).toBe(2);
    const missing = await cli(['--manifests', '/nonexistent/file.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('no such file or folder');
  });

  it('an unpinned Kubernetes version is a clear error (exit 2)', async () => {
    const r = await cli(['--manifests', clean, '--kube-version', '1.20']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no pinned OpenAPI definitions for Kubernetes 1\.20/);
  });

  it('a corrupted mirror is refused (sha256)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-openapi-'));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'v1.30.0'));
    writeFileSync(join(dir, 'v1.30.0/_definitions.json'), '{"definitions":{}}');
    const r = await cli(['--manifests', clean, '--kube-version', '1.30', '--mirror', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/sha256 mismatch/);
  });
});

describe('validate <environments>', () => {
  const project = join(FIXTURES, 'project');
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it('evaluates every environment, applies production rules where they belong, reports evaluation failures', async () => {
    process.chdir(project);
    const r = await cli(['--no-vendor-check', '--no-fmt-check', '--parallel', '1', '--format', 'json', join(project, 'environments')]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.environments.map((e: { environment: string; objects: number; errors: number; kubernetesVersion: string }) => `${e.environment} ${e.kubernetesVersion} ${e.objects} ${e.errors}`)).toEqual([
      'environments/dev 1.32.0 2 0',
      'environments/production 1.30.0 2 2', // spec.json expectVersions.kubernetes
    ]);
    expect(j.findings.map((f: { rule: string; environment?: string; message: string }) => `${f.environment} ${f.rule}`).sort()).toEqual([
      'environments/broken environment',
      'environments/production production-pdb',
      'environments/production production-replicas',
    ]);
    // Objects carry the environment's namespace (Tanka's spec.namespace).
    expect(j.findings.find((f: { rule: string }) => f.rule === 'production-pdb').object.namespace).toBe('app');
    // ...and the Jsonnet field that defined them (relative to the working directory).
    expect(j.findings.find((f: { rule: string }) => f.rule === 'production-replicas')).toMatchObject({ file: 'environments/app.libsonnet', line: 9 });
  });

  it('one environment, clean: exit 0, skipped checks are reported as skipped', async () => {
    process.chdir(project);
    const r = await cli(['--no-vendor-check', join(project, 'environments/dev')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^(ok|skipped)\s+jsonnetfmt --test/);
    expect(r.out).toMatch(/environments\/dev\s+2\s+0\s+0/);
  });
});
