// Vendoring from a real OCI registry: Debian's docker-registry (distribution 2.8) on
// 127.0.0.1 (port chosen at run time), charts pushed with the real `helm push`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { vendor } from '../../tools/charts/vendor.js';
import { readLockfile } from '../../tools/charts/lockfile.js';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { requireTool } from '../helpers/ref-tools.js';
import { vendorOpts as opts, vendorError, copyFixture, helm, packDir, rmrf, sha256, snapshot, startRegistry, tempDir, type Registry } from './helpers.js';

let root: string;
let registry: Registry;
let secured: Registry;
const savedCache = process.env.TKTS_CACHE_DIR;
const savedHelm = process.env.HELM_BIN;
const archives = new Map<string, Buffer>();

function project(chartfile: string): string {
  const dir = tempDir('oci-proj');
  writeFileSync(join(dir, 'chartfile.yaml'), chartfile);
  mkdirSync(join(dir, 'charts'));
  return dir;
}

const chartfile = (host: string, requires: string): string =>
  `version: 1\nrepositories:\n  - name: oci\n    url: oci://${host}/charts\nrequires:\n${requires}`;

beforeAll(async () => {
  root = tempDir('oci');
  // Unpack helm once into the normal cache before pointing the archive cache at a temp folder.
  process.env.HELM_BIN ??= await helmBinary();
  process.env.TKTS_CACHE_DIR = join(root, 'cache');
  registry = await startRegistry(join(root, 'registry'));
  const build = join(root, 'build');
  mkdirSync(build);
  await Promise.all(['0.1.0', '0.1.5', '0.2.0', '0.3.0+build.1'].map(async (v) => {
    const src = tempDir('child');
    copyFixture('child', src);
    await helm(root, ['package', join(src, 'child'), '--version', v, '-d', build]);
    rmrf(src);
  }));
  const src = tempDir('parent');
  const parentDir = copyFixture('parent', src, `oci://${registry.host}/charts`);
  writeFileSync(join(build, 'parent-1.0.0.tgz'), packDir(parentDir, 'parent'));
  rmrf(src);
  await Promise.all(readdirSync(build).map(async (f) => {
    archives.set(f, readFileSync(join(build, f)));
    await helm(root, ['push', join(build, f), `oci://${registry.host}/charts`, '--plain-http']);
  }));
  // A second registry that demands a username and password (htpasswd with a bcrypt hash, the only kind
  // the registry accepts), made by Apache's htpasswd as the registry's documentation does.
  writeFileSync(join(root, 'htpasswd'), execFileSync(requireTool('htpasswd'), ['-nbB', 'robot', 's3cret']));
  secured = await startRegistry(join(root, 'secured'), { htpasswd: join(root, 'htpasswd') });
  await helm(root, ['registry', 'login', secured.host, '--username', 'robot', '--password', 's3cret', '--insecure']);
  await helm(root, ['push', join(build, 'child-0.2.0.tgz'), `oci://${secured.host}/charts`, '--plain-http']);
});

afterAll(async () => {
  await registry?.stop();
  await secured?.stop();
  process.env.TKTS_CACHE_DIR = savedCache;
  if (savedCache === undefined) delete process.env.TKTS_CACHE_DIR;
  if (savedHelm === undefined) delete process.env.HELM_BIN;
  rmrf(root);
});

/**
 * A registry front that speaks the token flow (as ghcr.io or Docker Hub do): requests without
 * a bearer token get a challenge naming /token, which trades basic credentials for a token.
 */
async function tokenFront(upstream: string): Promise<{ host: string; tokenRequests: string[]; close(): Promise<void> }> {
  const tokenRequests: string[] = [];
  let host = '';
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/token') {
      tokenRequests.push(url.search);
      if (req.headers.authorization !== `Basic ${Buffer.from('robot:s3cret').toString('base64')}`) {
        res.writeHead(401).end('bad credentials');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'tok-123' }));
      return;
    }
    if (req.headers.authorization !== 'Bearer tok-123') {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="test-registry",scope="repository:charts/child:pull"` }).end();
      return;
    }
    const up = await fetch(`http://${upstream}${url.pathname}${url.search}`, { headers: { accept: String(req.headers.accept ?? '*/*') } });
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'docker-content-digest', 'link']) {
      const v = up.headers.get(h);
      if (v) headers[h] = v;
    }
    res.writeHead(up.status, headers).end(Buffer.from(await up.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host, tokenRequests, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

describe('vendoring from an OCI registry', () => {
  it('trades credentials for a bearer token when the registry asks', async () => {
    const front = await tokenFront(registry.host);
    try {
      const dir = project(chartfile(front.host, '  - chart: oci/child\n    version: 0.2.0\n'));
      expect(await vendorError(dir)).toMatch(/HTTP 401 fetching http:\/\/127\.0\.0\.1:\d+\/token\?service=test-registry&scope=repository%3Acharts%2Fchild%3Apull/);
      const res = await vendor(opts(dir, { env: { TKTS_REPO_OCI_USERNAME: 'robot', TKTS_REPO_OCI_PASSWORD: 's3cret' } }));
      expect(res.vendored).toEqual(['child']);
      expect(front.tokenRequests.at(-1)).toBe('?service=test-registry&scope=repository%3Acharts%2Fchild%3Apull');
      rmrf(dir);
    } finally {
      await front.close();
    }
  });

  it('pulls charts by tag, resolves dependencies from the tag list, and locks the layer digest', async () => {
    const dir = project(chartfile(registry.host, '  - chart: oci/parent\n    version: 1.0.0\n  - chart: oci/child\n    version: 0.3.0+build.1\n'));
    const res = await vendor(opts(dir));
    expect(res.vendored.sort()).toEqual(['child', 'parent']);
    expect(parse(readFileSync(join(dir, 'charts/parent/charts/child/Chart.yaml'), 'utf8')).version).toBe('0.1.5');
    expect(parse(readFileSync(join(dir, 'charts/child/Chart.yaml'), 'utf8')).version).toBe('0.3.0+build.1');
    const lock = (await readLockfile(join(dir, 'chartfile.lock.json')))!;
    const parent = lock.charts.find((c) => c.directory === 'parent')!;
    expect(parent.source).toBe(`oci://${registry.host}/charts/parent:1.0.0`);
    expect(parent.archiveDigest).toBe(`sha256:${sha256(archives.get('parent-1.0.0.tgz')!)}`);
    expect(parent.dependencies[0]).toMatchObject({
      name: 'child', version: '0.1.5', satisfies: ['child', 'extra'],
      archiveDigest: `sha256:${sha256(archives.get('child-0.1.5.tgz')!)}`,
    });
    expect(lock.charts.find((c) => c.directory === 'child')!.source).toBe(`oci://${registry.host}/charts/child:0.3.0_build.1`);
    const out = await helm(root, ['template', 'x', join(dir, 'charts/parent'), '--set', 'extra.enabled=true']);
    expect(out).toContain('name: x-extra-0.1.5');

    // Restoring from the lock without the cache pulls the locked blobs by digest.
    rmrf(join(root, 'cache'));
    rmrf(join(dir, 'charts/parent'));
    expect((await vendor(opts(dir))).vendored).toEqual(['parent']);
    rmrf(dir);
  });

  it('refuses a blob whose content does not match its digest, changing nothing', async () => {
    const dir = project(chartfile(registry.host, '  - chart: oci/child\n    version: 0.2.0\n'));
    // Corrupt the stored blob of child 0.2.0 inside the registry's storage.
    const digest = sha256(archives.get('child-0.2.0.tgz')!);
    const blob = join(root, 'registry/storage/docker/registry/v2/blobs/sha256', digest.slice(0, 2), digest, 'data');
    const good = readFileSync(blob);
    const bad = Buffer.from(good);
    bad[bad.length - 10] = bad[bad.length - 10]! ^ 0xff;
    writeFileSync(blob, bad);
    try {
      const before = snapshot(dir);
      expect(await vendorError(dir)).toMatch(new RegExp(`oci/child@0\\.2\\.0: child@0\\.2\\.0 from oci://.*: chart layer has digest sha256:[0-9a-f]{64}, expected sha256:${digest}; refusing it`));
      expect(snapshot(dir)).toEqual(before);
    } finally {
      writeFileSync(blob, good);
    }
    rmrf(dir);
  });

  it('names charts and versions the registry does not have', async () => {
    const dir = project(chartfile(registry.host, '  - chart: oci/child\n    version: 9.9.9\n  - chart: oci/ghost\n    version: 1.0.0\n'));
    const msg = await vendorError(dir);
    expect(msg).toMatch(/oci\/child@9\.9\.9: chart "child" has no version 9\.9\.9 in the registry oci:\/\//);
    expect(msg).toMatch(/oci\/ghost@1\.0\.0: chart "ghost" has no version 1\.0\.0 in the registry/);
    rmrf(dir);
  });

  it('authenticates with credentials from the environment', async () => {
    const dir = project(chartfile(secured.host, '  - chart: oci/child\n    version: 0.2.0\n'));
    expect(await vendorError(dir)).toMatch(/the registry wants a username and password/);
    const env = { TKTS_REPO_OCI_USERNAME: 'robot', TKTS_REPO_OCI_PASSWORD: 'wrong' };
    expect(await vendorError(dir, { env })).toMatch(/HTTP 401/);
    const res = await vendor(opts(dir, { env: { ...env, TKTS_REPO_OCI_PASSWORD: 's3cret' } }));
    expect(res.vendored).toEqual(['child']);
    rmrf(dir);
  });
});
