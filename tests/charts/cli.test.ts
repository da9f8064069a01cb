// The `charts` and `vendor` commands, run in-process through the CLI's main(argv).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from '../../tools/cli/main.js';
import { projectRoot } from '../../tools/charts/paths.js';
import { rmrf, tempDir } from './helpers.js';

const MIRROR = resolve(projectRoot(), process.env.CHART_MIRROR ?? '../shared/charts-mirror');
const charts = (argv: string[]) => main(['charts', ...argv]);
const vendorCmd = (argv: string[]) => main(['vendor', ...argv]);
let dir: string;
let cf: string;

function capture(): { out: () => string; err: () => string; restore: () => void } {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { out += String(c); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => { err += String(c); return true; });
  return { out: () => out, err: () => err, restore: () => { o.mockRestore(); e.mockRestore(); } };
}

async function runCaptured(fn: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  try {
    const code = await fn(argv);
    return { code, out: c.out(), err: c.err() };
  } finally {
    c.restore();
  }
}

beforeAll(() => {
  dir = tempDir('cli');
  cf = join(dir, 'chartfile.yaml');
});
afterAll(() => rmrf(dir));

describe('tkts charts / tkts vendor', () => {
  it('init, add-repo, add (which vendors), config, check', async () => {
    expect((await runCaptured(charts, ['init', '--chartfile', cf])).code).toBe(0);
    const again = await runCaptured(charts, ['init', '--chartfile', cf]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists. Aborting');

    expect((await runCaptured(charts, ['add-repo', 'minio', 'https://charts.min.io', '--chartfile', cf])).code).toBe(0);
    expect((await runCaptured(charts, ['add-repo', 'bad name', 'https://x', '--chartfile', cf])).code).toBe(2);
    const dup = await runCaptured(charts, ['add-repo', 'minio', 'https://x', '--chartfile', cf]);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('repository "minio" already exists');

    const bad = await runCaptured(charts, ['add', 'minio/minio@latest', '--chartfile', cf]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"latest" in "minio/minio@latest" is not a semantic version');
    const unknownRepo = await runCaptured(charts, ['add', 'nope/minio@5.4.0', '--chartfile', cf, '--no-vendor']);
    expect(unknownRepo.code).toBe(1);
    expect(unknownRepo.err).toContain('repository "nope" not found for chart "nope/minio"');

    const added = await runCaptured(charts, ['add', 'minio/minio@5.4.0:object-store', '--chartfile', cf, '--mirror', MIRROR]);
    expect(added.err).toContain('charts: 1 vendored, 0 unchanged, lock file updated');
    expect(added.code).toBe(0);
    expect(existsSync(join(dir, 'charts/object-store/Chart.yaml'))).toBe(true);
    expect(readFileSync(cf, 'utf8')).toContain('- chart: minio/minio\n    version: 5.4.0\n    directory: object-store\n');

    const config = await runCaptured(charts, ['config', '--chartfile', cf]);
    expect(config.out).toContain('directory: object-store');

    expect((await runCaptured(vendorCmd, ['--check', '--chartfile', cf])).code).toBe(0);
    writeFileSync(join(dir, 'charts/object-store/values.yaml'), 'x: 1\n');
    const failed = await runCaptured(vendorCmd, ['--check', '--chartfile', cf]);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/error: minio\/minio@5\.4\.0: files in .*object-store differ from the lock/);
    const restored = await runCaptured(vendorCmd, ['--chartfile', cf, '--mirror', MIRROR]);
    expect(restored.code).toBe(0);
    expect(restored.err).toContain('differs from the lock; restoring it');
  });

  it('vendor installs the Jsonnet dependencies beside the charts; --check covers both', async () => {
    const jbMirror = process.env.JSONNET_MIRROR ?? resolve(projectRoot(), '../shared/jsonnet-mirror');
    const p = tempDir('cli-jb');
    const pcf = join(p, 'chartfile.yaml');
    expect((await runCaptured(charts, ['init', '--chartfile', pcf])).code).toBe(0);
    writeFileSync(join(p, 'jsonnetfile.json'), JSON.stringify({ version: 1, legacyImports: true, dependencies: [
      { source: { git: { remote: 'https://github.com/prometheus/node_exporter.git', subdir: 'docs/node-mixin' } }, version: 'master' },
    ] }));
    const first = await runCaptured(vendorCmd, ['--chartfile', pcf, '--mirror', MIRROR, '--jsonnet-mirror', jbMirror]);
    expect(first.err).toMatch(/jsonnet: 5 vendored, 0 unchanged, lock file updated/);
    expect(first.code).toBe(0);
    expect((await runCaptured(vendorCmd, ['--check', '--chartfile', pcf])).code).toBe(0);
    writeFileSync(join(p, 'vendor/github.com/prometheus/node_exporter/docs/node-mixin/mixin.libsonnet'), '{}');
    const failed = await runCaptured(vendorCmd, ['--check', '--chartfile', pcf]);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/error: github\.com\/prometheus\/node_exporter\/docs\/node-mixin: files in vendor\/.* differ from the lock/);
    const frozen = await runCaptured(vendorCmd, ['--frozen', '--chartfile', pcf, '--mirror', MIRROR, '--jsonnet-mirror', jbMirror]);
    expect(frozen.code).toBe(0);
    expect(frozen.err).toContain('differs from the lock; restoring it');
    expect((await runCaptured(vendorCmd, ['--check', '--chartfile', pcf])).code).toBe(0);
    rmrf(p);
  });

  it('usage errors exit 2', async () => {
    expect((await runCaptured(vendorCmd, ['--bogus'])).code).toBe(2);
    expect((await runCaptured(vendorCmd, ['--parallel', '0'])).code).toBe(2);
    expect((await runCaptured(charts, ['frobnicate'])).code).toBe(2);
    const help = await runCaptured(charts, ['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('add-repo <name> <url>');
  });
});
