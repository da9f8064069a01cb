// Reading chart folders safely, and the folder lock between vendor runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../tools/charts/paths.js';
import { readTree } from '../../tools/charts/tree.js';
import { check, vendor, type VendorOptions } from '../../tools/charts/vendor.js';
import { rmrf, snapshot, tempDir } from './helpers.js';

const MIRROR = resolve(projectRoot(), process.env.CHART_MIRROR ?? '../shared/charts-mirror');
let dir: string;

beforeAll(() => { dir = tempDir('state'); });
afterAll(() => rmrf(dir));

describe('reading chart folders', () => {
  it('follows links inside the chart and refuses links out of it and special files', async () => {
    const c = join(dir, 'chart');
    mkdirSync(join(c, 'templates'), { recursive: true });
    writeFileSync(join(c, 'Chart.yaml'), 'name: c\n');
    symlinkSync('../Chart.yaml', join(c, 'templates', 'inner.yaml'));
    expect((await readTree(c)).get('templates/inner.yaml')!.data.toString()).toBe('name: c\n');
    symlinkSync('/etc/hostname', join(c, 'templates', 'outer.yaml'));
    await expect(readTree(c)).rejects.toThrow(/outer\.yaml: symbolic link leaves the chart folder/);
    rmrf(join(c, 'templates', 'outer.yaml'));
    execFileSync('mkfifo', [join(c, 'pipe')]);
    await expect(readTree(c)).rejects.toThrow(/pipe: not a regular file or folder/);
  });
});

describe('the charts folder lock', () => {
  function project(): VendorOptions {
    const p = tempDir('lockproj');
    mkdirSync(join(p, 'charts/.tkts'), { recursive: true });
    writeFileSync(join(p, 'chartfile.yaml'), 'repositories:\n  - name: minio\n    url: https://charts.min.io\nrequires:\n  - chart: minio/minio\n    version: 5.4.0\n');
    return { chartfile: join(p, 'chartfile.yaml'), mirror: MIRROR, env: {}, lockTimeoutMs: 300 };
  }

  it('waits for a live holder and gives up with a clear error', async () => {
    const o = project();
    const lock = join(o.chartfile, '..', 'charts/.tkts/lock');
    writeFileSync(lock, `${process.pid}@${hostname()}`);
    await expect(vendor(o)).rejects.toThrow(new RegExp(`another vendor run \\(${process.pid}@.*\\) holds .*lock; gave up after 0\\.3s`));
    await expect(check(o)).rejects.toThrow(/another vendor run/);
    expect(existsSync(join(o.chartfile, '..', 'charts/minio'))).toBe(false);
    rmrf(join(o.chartfile, '..'));
  });

  it('breaks the lock of a dead run and clears its staging folder', async () => {
    const o = project();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const state = join(o.chartfile, '..', 'charts/.tkts');
    writeFileSync(join(state, 'lock'), `${dead}@${hostname()}`);
    mkdirSync(join(state, 'staging-1-deadbeef/new-0'), { recursive: true });
    const res = await vendor(o);
    expect(res.vendored).toEqual(['minio']);
    expect(readdirSync(state).sort()).toEqual(['state.json']);
    rmrf(join(o.chartfile, '..'));
  });
});

describe('a run that fails while putting charts in place', () => {
  it('rolls back the charts it already swapped and keeps the old lock', async () => {
    const p = tempDir('rollback');
    mkdirSync(join(p, 'charts'), { recursive: true });
    const repos = 'repositories:\n  - name: minio\n    url: https://charts.min.io\n  - name: kedacore\n    url: https://kedacore.github.io/charts\n';
    writeFileSync(join(p, 'chartfile.yaml'), `${repos}requires:\n  - chart: minio/minio\n    version: 5.3.0\n`);
    const o: VendorOptions = { chartfile: join(p, 'chartfile.yaml'), mirror: MIRROR, env: {} };
    await vendor(o);
    // minio moves to 5.4.0 (swapped first); keda's folder cannot be created because
    // charts/blocked is a file, so the run fails after minio was already renamed into place.
    writeFileSync(join(p, 'charts/blocked'), 'not a folder\n');
    writeFileSync(join(p, 'chartfile.yaml'), `${repos}requires:\n  - chart: minio/minio\n    version: 5.4.0\n  - chart: kedacore/keda\n    version: 2.20.2\n    directory: blocked/keda\n`);
    const before = snapshot(join(p, 'charts'));
    const lock = readFileSync(join(p, 'chartfile.lock.json'), 'utf8');
    await expect(vendor(o)).rejects.toThrow(/blocked/);
    expect(snapshot(join(p, 'charts'))).toEqual(before);
    expect(readFileSync(join(p, 'chartfile.lock.json'), 'utf8')).toBe(lock);
    expect(readFileSync(join(p, 'charts/minio/Chart.yaml'), 'utf8')).toMatch(/version: 5\.3\.0/);
    rmrf(p);
  });
});
