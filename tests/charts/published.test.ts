// Chart locks valid upstream: ../shared/charts-mirror/published/minio holds minio 5.3.0 and
// 5.4.0 exactly as https://charts.min.io publishes them. Served over loopback as a caching proxy
// of that repository would serve it (TKTS_REPO_<NAME>_PROXY), the committed lock's entry must
// verify, a lock made from the mirror's tree must verify against the published archive and
// the other way round, and the mirror records the upstream archive digest it knows.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLockfile } from '../../tools/charts/lockfile.js';
import { projectRoot } from '../../tools/charts/paths.js';
import { vendor, type VendorOptions } from '../../tools/charts/vendor.js';
import { rmrf, snapshot, tempDir } from './helpers.js';

const MIRROR = resolve(projectRoot(), process.env.CHART_MIRROR ?? '../shared/charts-mirror');
const PUBLISHED = join(MIRROR, 'published/minio');
const CHARTFILE = 'version: 1\nrepositories:\n  - name: minio\n    url: https://charts.min.io/\nrequires:\n  - chart: minio/minio\n    version: 5.4.0\n';

function requirePublished(): void {
  if (!existsSync(join(PUBLISHED, 'index.yaml'))) throw new Error(`${PUBLISHED} not found (set CHART_MIRROR to the chart mirror)`);
}

/** Serves published/minio as charts.min.io's paths (/index.yaml, /helm-releases/<archive>). */
function proxyServer(requests: string[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const file = path === '/index.yaml' ? 'index.yaml' : /^\/helm-releases\/(minio-[\d.]+\.tgz)$/.exec(path)?.[1];
    if (!file) { res.writeHead(404).end(); return; }
    const data = readFileSync(join(PUBLISHED, file));
    res.writeHead(200, { 'content-length': data.length }).end(data);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

function project(lock?: string): string {
  const dir = tempDir('published');
  writeFileSync(join(dir, 'chartfile.yaml'), CHARTFILE);
  if (lock) writeFileSync(join(dir, 'chartfile.lock.json'), lock);
  return dir;
}

describe('chart locks against the published minio archives', () => {
  let proxy: string;
  let server: Server;
  const requests: string[] = [];
  const viaProxy = (dir: string, extra: Partial<VendorOptions> = {}): VendorOptions => ({
    chartfile: join(dir, 'chartfile.yaml'), env: { TKTS_REPO_MINIO_PROXY: proxy }, ...extra,
  });
  const viaMirror = (dir: string, extra: Partial<VendorOptions> = {}): VendorOptions => ({ chartfile: join(dir, 'chartfile.yaml'), mirror: MIRROR, env: {}, ...extra });

  // An empty archive cache: the archives must come through the proxy, not from earlier runs.
  const savedCache = process.env.TKTS_CACHE_DIR;
  const cache = tempDir('published-cache');
  beforeAll(async () => {
    process.env.TKTS_CACHE_DIR = cache;
    requirePublished();
    ({ url: proxy, server } = await proxyServer(requests));
  });
  afterAll(async () => {
    if (savedCache === undefined) delete process.env.TKTS_CACHE_DIR;
    else process.env.TKTS_CACHE_DIR = savedCache;
    rmrf(cache);
    await new Promise<void>((r) => server?.close(() => r()));
  });

  it("the committed lock's minio entry verifies against the published archive, unchanged", async () => {
    const committed = JSON.parse(readFileSync(join(projectRoot(), 'chartfile.lock.json'), 'utf8'));
    const entry = committed.charts.find((c: { chart: string }) => c.chart === 'minio/minio');
    expect(entry.version).toBe('5.4.0');
    // The mirror knew the published archive: the lock records its upstream digest too.
    expect(entry.archiveDigest).toBe(`sha256:${createHash('sha256').update(readFileSync(join(PUBLISHED, 'minio-5.4.0.tgz'))).digest('hex')}`);
    const lockText = `${JSON.stringify({ ...committed, charts: [{ ...entry, directory: 'minio' }] }, null, 2)}\n`;
    const dir = project(lockText);
    const before = requests.length;
    const res = await vendor(viaProxy(dir, { frozen: true }));
    expect(res).toMatchObject({ vendored: ['minio'], lockChanged: false });
    expect(requests.slice(before)).toEqual(['/index.yaml', '/helm-releases/minio-5.4.0.tgz']);
    expect(readFileSync(join(dir, 'chartfile.lock.json'), 'utf8')).toBe(lockText);
    rmrf(dir);
  });

  it('a lock from the mirror verifies against the archive, and one from the archive against the mirror', async () => {
    const fromMirror = project();
    await vendor(viaMirror(fromMirror));
    const mirrorLock = (await readLockfile(join(fromMirror, 'chartfile.lock.json')))!.charts[0]!;
    // The mirror knows the published archive of this release and records its digest.
    const upstream = `sha256:${createHash('sha256').update(readFileSync(join(PUBLISHED, 'minio-5.4.0.tgz'))).digest('hex')}`;
    expect(mirrorLock).toMatchObject({ source: 'mirror://minio/minio/5.4.0', archiveDigest: upstream });

    const a = project(readFileSync(join(fromMirror, 'chartfile.lock.json'), 'utf8'));
    expect(await vendor(viaProxy(a, { frozen: true }))).toMatchObject({ vendored: ['minio'], lockChanged: false });
    expect(snapshot(join(a, 'charts/minio'))).toEqual(snapshot(join(fromMirror, 'charts/minio')));

    const fromArchive = project();
    await vendor(viaProxy(fromArchive));
    const archiveLock = (await readLockfile(join(fromArchive, 'chartfile.lock.json')))!.charts[0]!;
    expect(archiveLock).toMatchObject({ source: 'https://charts.min.io/helm-releases/minio-5.4.0.tgz', archiveDigest: upstream, treeDigest: mirrorLock.treeDigest });
    const b = project(readFileSync(join(fromArchive, 'chartfile.lock.json'), 'utf8'));
    expect(await vendor(viaMirror(b, { frozen: true }))).toMatchObject({ vendored: ['minio'], lockChanged: false });
    for (const d of [fromMirror, a, fromArchive, b]) rmrf(d);
  });

  it('refuses an archive whose content differs from the lock, naming both sources, and changes nothing', async () => {
    const fromMirror = project();
    await vendor(viaMirror(fromMirror));
    const lock = JSON.parse(readFileSync(join(fromMirror, 'chartfile.lock.json'), 'utf8'));
    // The same entry claiming other content: what a mirror tree with unreleased changes looks like.
    lock.charts[0].treeDigest = `sha256:${'0'.repeat(64)}`;
    delete lock.charts[0].archiveDigest;
    const dir = project(`${JSON.stringify(lock, null, 2)}\n`);
    await expect(vendor(viaProxy(dir, { frozen: true }))).rejects.toThrow(/minio@5\.4\.0 \(https:\/\/charts\.min\.io\/helm-releases\/minio-5\.4\.0\.tgz\): content digest sha256:[0-9a-f]{64} differs from the lock .*the lock was made from mirror:\/\/minio\/minio\/5\.4\.0/);
    expect(existsSync(join(dir, 'charts/minio'))).toBe(false);
    rmrf(fromMirror);
    rmrf(dir);
  });
});
