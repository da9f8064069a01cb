// Vendoring from a real HTTP chart repository: archives built by the real `helm package`
// and `helm repo index`, served by a static server on 127.0.0.1 (port chosen at run time).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { vendor, check, type VendorOptions } from '../../tools/charts/vendor.js';
import { readLockfile } from '../../tools/charts/lockfile.js';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { vendorOpts as opts, vendorError, copyFixture, freePort, helm, makeTgz, packDir, rmrf, sha256, snapshot, staticServer, tempDir, type StaticServer } from './helpers.js';

let root: string;
let server: StaticServer;
let hanging: StaticServer;
let authed: StaticServer;
const savedCache = process.env.TKTS_CACHE_DIR;
const savedHelm = process.env.HELM_BIN;

async function packageChild(dest: string, version: string, greeting = 'hello'): Promise<void> {
  const src = tempDir('child');
  copyFixture('child', src, '', (f) => f.set('values.yaml', `greeting: ${greeting}\n`));
  await helm(root, ['package', join(src, 'child'), '--version', version, '-d', dest]);
  rmrf(src);
}

function project(chartfile: string): string {
  const dir = tempDir('proj');
  writeFileSync(join(dir, 'chartfile.yaml'), chartfile);
  mkdirSync(join(dir, 'charts'));
  writeFileSync(join(dir, 'charts', '.gitkeep'), '');
  return dir;
}

function chartfileFor(url: string, requires: string[], extraRepos = ''): string {
  return `version: 1\nrepositories:\n  - name: local\n    url: ${url}/charts\n  - name: abs\n    url: ${url}/abs/\n${extraRepos}requires:\n${requires.join('')}`;
}
const PARENT = '  - chart: local/parent\n    version: 1.0.0\n';
const CHILD = '  - chart: abs/child\n    version: 0.2.0\n';

beforeAll(async () => {
  root = tempDir('http');
  // Unpack helm once into the normal cache before pointing the archive cache at a temp folder.
  process.env.HELM_BIN ??= await helmBinary();
  process.env.TKTS_CACHE_DIR = join(root, 'cache');
  const served = join(root, 'served');
  const charts = join(served, 'charts');
  mkdirSync(charts, { recursive: true });
  server = await staticServer(served);
  for (const v of ['0.1.0', '0.1.5', '0.2.0']) await packageChild(charts, v);
  // parent 1.0.0 comes without its dependencies (helm package would refuse that, so the
  // test's tar writer packs it); parent 1.1.0 is a real `helm package` with child bundled.
  const src = tempDir('parent');
  const parentDir = copyFixture('parent', src, `${server.url}/charts`);
  writeFileSync(join(charts, 'parent-1.0.0.tgz'), packDir(parentDir, 'parent'));
  mkdirSync(join(parentDir, 'charts'));
  cpSync(join(charts, 'child-0.1.0.tgz'), join(parentDir, 'charts', 'child-0.1.0.tgz'));
  await helm(root, ['package', parentDir, '--version', '1.1.0', '-d', charts]);
  rmrf(src);
  // /charts: relative archive URLs; /abs: absolute URLs pointing at its own copies.
  await helm(root, ['repo', 'index', charts]);
  const abs = join(served, 'abs');
  mkdirSync(abs);
  cpSync(join(charts, 'child-0.2.0.tgz'), join(abs, 'child-0.2.0.tgz'));
  await helm(root, ['repo', 'index', abs, '--url', `${server.url}/abs`]);
  // /evil: hand-made archives helm would never produce, with a correct index digest.
  const evil = join(served, 'evil');
  mkdirSync(evil);
  const chartYaml = (n: string): { name: string; data: string } => ({ name: `${n}/Chart.yaml`, data: `apiVersion: v2\nname: ${n}\nversion: 1.0.0\n` });
  const archives: Record<string, Buffer> = {
    dotdot: makeTgz([chartYaml('dotdot'), { name: 'dotdot/../../escaped.txt', data: 'pwned' }]),
    absolute: makeTgz([chartYaml('absolute'), { name: '/tmp/tkts-absolute-escape.txt', data: 'pwned' }]),
  };
  const entries: string[] = [];
  for (const [name, data] of Object.entries(archives)) {
    writeFileSync(join(evil, `${name}-1.0.0.tgz`), data);
    entries.push(`  ${name}:\n  - name: ${name}\n    version: 1.0.0\n    digest: ${sha256(data)}\n    urls: [${name}-1.0.0.tgz]\n`);
  }
  writeFileSync(join(evil, 'index.yaml'), `apiVersion: v1\nentries:\n${entries.join('')}`);
  hanging = await staticServer(served, { hang: /index\.yaml$/ });
  authed = await staticServer(served, { auth: `Basic ${Buffer.from('robot:s3cret').toString('base64')}` });
});

afterAll(async () => {
  await server?.close();
  await hanging?.close();
  await authed?.close();
  process.env.TKTS_CACHE_DIR = savedCache;
  if (savedCache === undefined) delete process.env.TKTS_CACHE_DIR;
  if (savedHelm === undefined) delete process.env.HELM_BIN;
  rmrf(root);
});

describe('vendoring from an HTTP chart repository', () => {
  it('vendors charts with their dependencies, writes the lock, and helm template accepts the result', async () => {
    const dir = project(chartfileFor(server.url, [PARENT, CHILD]));
    const res = await vendor(opts(dir));
    expect(res.vendored.sort()).toEqual(['child', 'parent']);
    expect(res.lockChanged).toBe(true);
    // ^0.1.0 resolves to the highest 0.1.x; the alias shares the same placement.
    const dep = parse(readFileSync(join(dir, 'charts/parent/charts/child/Chart.yaml'), 'utf8'));
    expect(dep.version).toBe('0.1.5');
    expect(parse(readFileSync(join(dir, 'charts/child/Chart.yaml'), 'utf8')).version).toBe('0.2.0');
    const lock = (await readLockfile(join(dir, 'chartfile.lock.json')))!;
    const parent = lock.charts.find((c) => c.directory === 'parent')!;
    expect(parent.source).toBe(`${server.url}/charts/parent-1.0.0.tgz`);
    expect(parent.archiveDigest).toBe(`sha256:${sha256(readFileSync(join(root, 'served/charts/parent-1.0.0.tgz')))}`);
    expect(parent.dependencies).toMatchObject([{ name: 'child', version: '0.1.5', path: 'charts/child', satisfies: ['child', 'extra'] }]);
    expect(lock.charts.find((c) => c.directory === 'child')!.source).toBe(`${server.url}/abs/child-0.2.0.tgz`);

    const out = await helm(root, ['template', 'x', join(dir, 'charts/parent'), '--set', 'extra.enabled=true']);
    expect(out).toContain('name: x-parent');
    expect(out).toContain('name: x-child-0.1.5');
    expect(out).toContain('name: x-extra-0.1.5');
    expect(out).toContain('greeting: "from-alias"');

    // Warm run: nothing fetched, nothing changed; --check agrees.
    const before = server.requests.length;
    const warm = await vendor(opts(dir));
    expect(warm).toMatchObject({ vendored: [], lockChanged: false });
    expect(warm.unchanged.sort()).toEqual(['child', 'parent']);
    expect(server.requests.length).toBe(before);
    expect(await check(opts(dir))).toEqual({ problems: [], warnings: [] });

    // An edited file is found by --check and restored by vendor (from the archive cache).
    writeFileSync(join(dir, 'charts/parent/charts/child/values.yaml'), 'greeting: edited\n');
    const found = await check(opts(dir));
    expect(found.problems).toHaveLength(1);
    expect(found.problems[0]).toMatch(/local\/parent@1\.0\.0 -> child@0\.1\.5: files in .* differ from the lock/);
    expect((await vendor(opts(dir))).vendored).toEqual(['parent']);
    expect(readFileSync(join(dir, 'charts/parent/charts/child/values.yaml'), 'utf8')).toBe('greeting: hello\n');
    expect(server.requests.length).toBe(before);

    // --prune removes what is no longer required (hidden files stay).
    mkdirSync(join(dir, 'charts/old-chart'));
    expect((await check(opts(dir))).warnings[0]).toMatch(/old-chart is not required/);
    writeFileSync(join(dir, 'chartfile.yaml'), chartfileFor(server.url, [PARENT]));
    const pruned = await vendor(opts(dir, { prune: true }));
    expect(pruned.pruned.sort()).toEqual(['child', 'old-chart']);
    expect(readdirSync(join(dir, 'charts')).sort()).toEqual(['.gitkeep', '.tkts', 'parent']);
    expect((await readLockfile(join(dir, 'chartfile.lock.json')))!.charts.map((c) => c.directory)).toEqual(['parent']);
    expect(await check(opts(dir))).toEqual({ problems: [], warnings: [] });
    rmrf(dir);
  });

  it('leaves dependencies a packaged chart already carries', async () => {
    const dir = project(chartfileFor(server.url, ['  - chart: local/parent\n    version: 1.1.0\n']));
    await vendor(opts(dir));
    const lock = (await readLockfile(join(dir, 'chartfile.lock.json')))!;
    expect(lock.charts[0]!.dependencies).toEqual([]);
    // helm package stores the bundled dependency unpacked, as charts/child/.
    expect(readdirSync(join(dir, 'charts/parent/charts'))).toEqual(['child']);
    const out = await helm(root, ['template', 'x', join(dir, 'charts/parent'), '--set', 'extra.enabled=true']);
    expect(out).toContain('name: x-extra-0.1.0');
    rmrf(dir);
  });

  it('refuses a tampered archive and leaves charts/ and the lock untouched', async () => {
    const dir = project(chartfileFor(server.url, [CHILD]));
    await vendor(opts(dir));
    // Republish child 0.2.0 with different content under the same URL; drop the cache copy.
    const abs = join(root, 'served/abs');
    const original = readFileSync(join(abs, 'child-0.2.0.tgz'));
    const build = tempDir('tamper');
    await packageChild(build, '0.2.0', 'tampered');
    cpSync(join(build, 'child-0.2.0.tgz'), join(abs, 'child-0.2.0.tgz'));
    rmrf(build);
    rmrf(join(root, 'cache', 'charts'));
    writeFileSync(join(dir, 'charts/child/values.yaml'), 'greeting: local edit\n');
    const before = snapshot(dir);
    const msg = await vendorError(dir);
    expect(msg).toMatch(/abs\/child@0\.2\.0: .*archive digest sha256:[0-9a-f]{64} differs from the lock .*refusing it/);
    expect(snapshot(dir)).toEqual(before);
    writeFileSync(join(abs, 'child-0.2.0.tgz'), original);
    expect((await vendor(opts(dir))).vendored).toEqual(['child']);
    rmrf(dir);
  });

  it('gives clear errors for 404, refused connections, timeouts and unknown charts, changing nothing', async () => {
    const dir = project(chartfileFor(server.url, [CHILD]));
    await vendor(opts(dir));
    const before = snapshot(dir);
    const port = await freePort();
    const cases: [string, RegExp, Partial<VendorOptions>][] = [
      [chartfileFor(server.url, [CHILD, '  - chart: local/nope\n    version: 1.0.0\n']), /local\/nope@1\.0\.0: chart "nope" is not in the repository http:\/\/127\.0\.0\.1:\d+\/charts/, {}],
      [chartfileFor(server.url, [CHILD, '  - chart: local/child\n    version: 9.9.9\n    directory: c9\n']), /chart "child" has no version 9\.9\.9 in the repository/, {}],
      [chartfileFor(`${server.url}/missing`, [CHILD]), /HTTP 404 fetching http:\/\/127\.0\.0\.1:\d+\/missing\/abs\/index\.yaml/, {}],
      [chartfileFor(`http://127.0.0.1:${port}`, [CHILD]), /connection refused fetching http:\/\/127\.0\.0\.1:\d+\/abs\/index\.yaml/, {}],
      [chartfileFor(hanging.url, [CHILD]), /timed out after 0\.3s fetching .*\/abs\/index\.yaml/, { timeoutMs: 300 }],
    ];
    for (const [text, message, extra] of cases) {
      writeFileSync(join(dir, 'chartfile.yaml'), text);
      const lock = readFileSync(join(dir, 'chartfile.lock.json'));
      const msg = await vendorError(dir, { update: true, ...extra });
      expect(msg).toMatch(message);
      expect(msg).toMatch(/chartfile\.yaml:\d+: /);
      expect(readFileSync(join(dir, 'chartfile.lock.json'))).toEqual(lock);
      const after = snapshot(dir);
      delete after['chartfile.yaml'];
      const expected = { ...before };
      delete expected['chartfile.yaml'];
      expect(after).toEqual(expected);
    }
    rmrf(dir);
  });

  it('refuses archives with ../ entries or absolute paths, writing nothing outside', async () => {
    const repo = `  - name: evil\n    url: ${server.url}/evil\n`;
    for (const name of ['dotdot', 'absolute']) {
      const dir = project(chartfileFor(server.url, [`  - chart: evil/${name}\n    version: 1.0.0\n`], repo));
      const msg = await vendorError(dir);
      expect(msg).toMatch(name === 'dotdot' ? /unsafe or invalid chart archive: entry "dotdot\/\.\.\/\.\.\/escaped\.txt" contains "\.\."/ : /entry "\/tmp\/tkts-absolute-escape\.txt" is an absolute path/);
      expect(readdirSync(join(dir, 'charts')).sort()).toEqual(['.gitkeep', '.tkts']);
      expect(existsSync(join(dir, 'escaped.txt'))).toBe(false);
      expect(existsSync(join(dir, 'charts', 'escaped.txt'))).toBe(false);
      expect(existsSync('/tmp/tkts-absolute-escape.txt')).toBe(false);
      rmrf(dir);
    }
  });

  it('sends credentials from the environment only, and only to the repository', async () => {
    const text = `version: 1\nrepositories:\n  - name: priv-repo\n    url: ${authed.url}/abs\nrequires:\n  - chart: priv-repo/child\n    version: 0.2.0\n`;
    const dir = project(text);
    // The index's absolute URLs point at the unauthenticated server: no credentials go there.
    expect(await vendorError(dir)).toMatch(/HTTP 401 fetching http:\/\/127\.0\.0\.1:\d+\/abs\/index\.yaml/);
    const res = await vendor(opts(dir, { env: { TKTS_REPO_PRIV_REPO_USERNAME: 'robot', TKTS_REPO_PRIV_REPO_PASSWORD: 's3cret' } }));
    expect(res.vendored).toEqual(['child']);
    rmrf(dir);
  });

  it('trusts a private CA named by caFile for an https repository', async () => {
    const tls = join(root, 'tls');
    mkdirSync(tls);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(tls, 'key.pem'), '-out', join(tls, 'cert.pem')], { stdio: 'ignore' });
    const https = await staticServer(join(root, 'served'), { tls: { key: readFileSync(join(tls, 'key.pem')), cert: readFileSync(join(tls, 'cert.pem')) } });
    try {
      const repo = (ca: string): string => `version: 1\nrepositories:\n  - name: secure\n    url: ${https.url}/charts\n${ca}requires:\n  - chart: secure/child\n    version: 0.2.0\n`;
      const dir = project(repo(''));
      expect(await vendorError(dir)).toMatch(/cannot fetch https:\/\/127\.0\.0\.1:\d+\/charts\/index\.yaml: self[- ]signed certificate/);
      cpSync(join(tls, 'cert.pem'), join(dir, 'ca.pem'));
      writeFileSync(join(dir, 'chartfile.yaml'), repo('    caFile: ca.pem\n'));
      expect((await vendor(opts(dir))).vendored).toEqual(['child']);
      rmrf(dir);
    } finally {
      await https.close();
    }
  });

  it('names the line of a malformed chartfile', async () => {
    const dir = project('version: 1\nrepositories: []\nrequires:\n  - chart: local/x\n    versoin: 1.0.0\n');
    const msg = await vendorError(dir);
    expect(msg).toContain(`${join(dir, 'chartfile.yaml')}:5:5: unknown key "versoin" in requires[0]`);
    rmrf(dir);
  });

  it('two runs at once do not corrupt each other', async () => {
    const dir = project(chartfileFor(server.url, [PARENT, CHILD]));
    const [a, b] = await Promise.all([vendor(opts(dir)), vendor(opts(dir))]);
    expect([...a.vendored, ...b.vendored].sort()).toEqual(['child', 'parent']);
    expect([...a.unchanged, ...b.unchanged].sort()).toEqual(['child', 'parent']);
    expect(await check(opts(dir))).toEqual({ problems: [], warnings: [] });
    rmrf(dir);
  });
});
