// Mirror mode against the real offline mirror (../shared/charts-mirror, or CHART_MIRROR):
// every chart of the project's chartfile.yaml, verified against the committed lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadChartfile } from '../../tools/charts/chartfile.js';
import { projectRoot } from '../../tools/charts/paths.js';
import { check, vendor, type VendorOptions } from '../../tools/charts/vendor.js';
import { helm, rmrf, snapshot, tempDir } from './helpers.js';

const ROOT = projectRoot();
const MIRROR = resolve(ROOT, process.env.CHART_MIRROR ?? '../shared/charts-mirror');
let work: string;
let project: string;

function opts(extra: Partial<VendorOptions> = {}): VendorOptions {
  return { chartfile: join(project, 'chartfile.yaml'), mirror: MIRROR, env: {}, ...extra };
}

async function vendorError(o: VendorOptions): Promise<string> {
  try {
    await vendor(o);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('vendor succeeded unexpectedly');
}

beforeAll(() => {
  work = tempDir('mirror');
  project = join(work, 'project');
  mkdirSync(join(project, 'charts'), { recursive: true });
  cpSync(join(ROOT, 'chartfile.yaml'), join(project, 'chartfile.yaml'));
  cpSync(join(ROOT, 'chartfile.lock.json'), join(project, 'chartfile.lock.json'));
});

afterAll(() => {
  rmrf(work);
});

describe('vendoring the project\'s charts from the offline mirror', () => {
  it('vendors every chart of chartfile.yaml exactly as the committed lock pins it', async () => {
    const cf = await loadChartfile(join(project, 'chartfile.yaml'));
    expect(cf.requires.length).toBeGreaterThanOrEqual(12);
    const lockBefore = readFileSync(join(project, 'chartfile.lock.json'), 'utf8');
    const res = await vendor(opts({ frozen: true }));
    expect(res.vendored.sort()).toEqual(cf.requires.map((r) => r.directory).sort());
    expect(res.lockChanged).toBe(false);
    expect(readFileSync(join(project, 'chartfile.lock.json'), 'utf8')).toBe(lockBefore);
    for (const r of cf.requires) {
      const meta = parse(readFileSync(join(project, 'charts', r.directory, 'Chart.yaml'), 'utf8'));
      expect(`${meta.name}@${meta.version}`).toBe(`${r.name}@${r.version}`);
    }
    // Dependencies resolved from the mirror by repository URL, Chart.lock pins and constraints.
    const deps = (dir: string): string[] => readdirSync(join(project, 'charts', dir, 'charts')).sort();
    expect(deps('kube-prometheus-stack')).toEqual(['crds', 'grafana', 'kube-state-metrics', 'prometheus-node-exporter', 'prometheus-windows-exporter']);
    expect(deps('loki')).toEqual(['minio', 'rollout-operator']);
    expect(deps('external-secrets')).toEqual(['bitwarden-sdk-server']);

    expect(await check({ chartfile: join(project, 'chartfile.yaml') })).toEqual({ problems: [], warnings: [] });
    const warm = await vendor(opts({ frozen: true }));
    expect(warm.vendored).toEqual([]);
    expect(warm.unchanged).toHaveLength(cf.requires.length);
  });

  it('resolves dependencies of dependencies (gitea: Bitnami sub-charts and their common library)', async () => {
    // The project no longer deploys this chart; it is the mirror's deepest dependency tree.
    const nested = join(work, 'nested');
    mkdirSync(join(nested, 'charts'), { recursive: true });
    writeFileSync(join(nested, 'chartfile.yaml'), [
      'version: 1', 'directory: charts', 'repositories:', '  - name: gitea-charts', '    url: https://dl.gitea.com/charts',
      'requires:', '  - chart: gitea-charts/gitea', '    version: 0.0.0', '',
    ].join('\n'));
    await vendor({ chartfile: join(nested, 'chartfile.yaml'), mirror: MIRROR, env: {} });
    expect(readdirSync(join(nested, 'charts/gitea/charts')).sort()).toEqual(['postgresql', 'postgresql-ha', 'valkey', 'valkey-cluster']);
    expect(parse(readFileSync(join(nested, 'charts/gitea/charts/postgresql/charts/common/Chart.yaml'), 'utf8')).version).toBe('2.31.4');
    const h = tempDir('helmhome');
    expect(await helm(h, ['template', 'g', join(nested, 'charts/gitea')])).toContain('kind: StatefulSet');
    rmrf(h);
  });

  it('produces charts helm template renders, dependencies included', async () => {
    const h = tempDir('helmhome');
    const kps = await helm(h, ['template', 'k', join(project, 'charts/kube-prometheus-stack'), '--set', 'grafana.enabled=true']);
    expect(kps).toMatch(/name: k-grafana\b/);
    expect(kps).toMatch(/name: k-kube-state-metrics\b/);
    rmrf(h);
  });

  it('--check finds edits, missing charts and a stale lock; vendor restores from the mirror', async () => {
    const values = join(project, 'charts/loki/charts/minio/values.yaml');
    const original = readFileSync(values);
    writeFileSync(values, 'tampered: true\n');
    rmrf(join(project, 'charts/keda'));
    const res = await check({ chartfile: join(project, 'chartfile.yaml') });
    expect(res.problems).toHaveLength(2);
    expect(res.problems.join('\n')).toMatch(/grafana-community\/loki@18\.11\.0 -> minio@5\.4\.0: files in .* differ from the lock/);
    expect(res.problems.join('\n')).toMatch(/kedacore\/keda@2\.20\.2: .*keda is missing/);
    const fixed = await vendor(opts({ frozen: true }));
    expect(fixed.vendored.sort()).toEqual(['keda', 'loki']);
    expect(readFileSync(values)).toEqual(original);
    expect((await check({ chartfile: join(project, 'chartfile.yaml') })).problems).toEqual([]);
  });

  it('--frozen refuses a requirement the lock does not cover; a chart the mirror lacks is named', async () => {
    const text = readFileSync(join(project, 'chartfile.yaml'), 'utf8');
    try {
      writeFileSync(join(project, 'chartfile.yaml'), text.replace('version: 2.20.2', 'version: 2.20.3'));
      const before = snapshot(join(project, 'charts'));
      expect(await vendorError(opts({ frozen: true }))).toMatch(/chartfile\.yaml:\d+: kedacore\/keda@2\.20\.3 \(charts\/keda\) is not in the lock file/);
      expect(await vendorError(opts())).toMatch(/kedacore\/keda@2\.20\.3: chart "keda" version 2\.20\.3 of https:\/\/kedacore\.github\.io\/charts is not in the chart mirror .* \(it has: 2\.20\.2\)/);
      expect(snapshot(join(project, 'charts'))).toEqual(before);
      writeFileSync(join(project, 'chartfile.yaml'), `${text}  - chart: kedacore/http-add-on\n    version: 0.10.0\n`);
      expect(await vendorError(opts())).toMatch(/kedacore\/http-add-on@0\.10\.0: chart "http-add-on" of https:\/\/kedacore\.github\.io\/charts is not in the chart mirror/);
    } finally {
      writeFileSync(join(project, 'chartfile.yaml'), text);
    }
  });

  it('refuses mirror content that differs from SHA256SUMS or from the lock', async () => {
    // A private copy of part of the mirror that the test may damage.
    const m = join(work, 'mirror');
    mkdirSync(join(m, 'minio/minio'), { recursive: true });
    cpSync(join(MIRROR, 'minio/minio/5.4.0'), join(m, 'minio/minio/5.4.0'), { recursive: true });
    cpSync(join(MIRROR, 'repositories.yaml'), join(m, 'repositories.yaml'));
    const sums = readFileSync(join(MIRROR, 'SHA256SUMS'), 'utf8').split('\n').filter((l) => l.includes('./minio/minio/5.4.0/')).join('\n');
    writeFileSync(join(m, 'SHA256SUMS'), `${sums}\n`);
    const p = join(work, 'small');
    mkdirSync(join(p, 'charts'), { recursive: true });
    writeFileSync(join(p, 'chartfile.yaml'), 'repositories:\n  - name: minio\n    url: https://charts.min.io\nrequires:\n  - chart: minio/minio\n    version: 5.4.0\n');
    const o: VendorOptions = { chartfile: join(p, 'chartfile.yaml'), mirror: m, env: {} };
    await vendor(o);
    rmrf(join(p, 'charts/minio'));
    const file = join(m, 'minio/minio/5.4.0/values.yaml');
    chmodSync(file, 0o644);
    writeFileSync(file, `${readFileSync(file, 'utf8')}# changed\n`);
    expect(await vendorError(o)).toMatch(/chart mirror .*: minio\/minio\/5\.4\.0\/values\.yaml does not match SHA256SUMS/);
    rmrf(join(m, 'SHA256SUMS'));
    expect(await vendorError(o)).toMatch(/minio\/minio@5\.4\.0: minio@5\.4\.0 \(mirror:\/\/minio\/minio\/5\.4\.0\): content digest sha256:[0-9a-f]{64} differs from the lock \(sha256:[0-9a-f]{64}\); refusing it/);
    expect(readdirSync(join(p, 'charts'))).toEqual(['.tkts']);
  });
});
