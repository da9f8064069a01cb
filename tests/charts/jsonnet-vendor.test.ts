// Jsonnet dependencies (jsonnet-bundler compatible) installed from real git repositories served
// by `git daemon` on 127.0.0.1: branches, tags, commits, nested dependencies, the lock winning
// over a moved branch, tampering, an unreachable remote, --frozen, --check and --prune.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJsonnet, vendorJsonnet, type JsonnetVendorOptions } from '../../tools/charts/jsonnet-vendor.js';
import { startGitServer, type GitRepo, type GitServer } from './git-server.js';
import { freePort, snapshot, tempDir } from './helpers.js';

/** jb's sum, computed by hand: the files' contents concatenated in walk order. */
function sumOf(...contents: string[]): string {
  return createHash('sha256').update(contents.join('')).digest('base64');
}

function dep(remote: string, subdir: string, version: string): object {
  return { source: { git: { remote, subdir } }, version };
}

function project(deps: object[], legacyImports = true): string {
  const dir = tempDir('jb');
  writeFileSync(join(dir, 'jsonnetfile.json'), JSON.stringify({ version: 1, dependencies: deps, legacyImports }, null, 2));
  return dir;
}

function lockOf(dir: string): { dependencies: { source: { git: { remote: string; subdir: string } }; version: string; sum: string }[] } {
  return JSON.parse(readFileSync(join(dir, 'jsonnetfile.lock.json'), 'utf8'));
}

function run(dir: string, extra: Partial<JsonnetVendorOptions> = {}): ReturnType<typeof vendorJsonnet> {
  return vendorJsonnet({ root: dir, env: {}, timeoutMs: 20_000, ...extra });
}

async function failure(dir: string, extra: Partial<JsonnetVendorOptions> = {}): Promise<string> {
  try {
    await run(dir, extra);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('vendor succeeded but should have failed');
}

const UTIL_V1 = '{ add(a, b): a + b }\n';
const LIB_MAIN = "local util = import 'util/util.libsonnet';\n{ three: util.add(1, 2) }\n";

describe('Jsonnet dependencies from git', () => {
  let server: GitServer;
  let util: GitRepo;
  let lib: GitRepo;
  let utilMain: string;
  let libMain: string;
  let libNested: string;

  beforeAll(async () => {
    server = await startGitServer();
    util = server.repo('org/util');
    utilMain = util.commit({ 'util.libsonnet': UTIL_V1 });
    lib = server.repo('org/lib');
    libNested = JSON.stringify({ version: 1, dependencies: [dep(util.url, '', 'main')], legacyImports: true });
    libMain = lib.commit({
      'README.md': 'outside the subdir\n',
      'jsonnet/lib/main.libsonnet': LIB_MAIN,
      'jsonnet/lib/jsonnetfile.json': libNested,
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('installs a branch with its nested dependency, writes the lock and the legacy links', async () => {
    const dir = project([dep(lib.url, 'jsonnet/lib', 'main')]);
    const res = await run(dir);
    expect(res.installed).toEqual(['127.0.0.1/org/lib/jsonnet/lib', '127.0.0.1/org/util']);
    expect(readFileSync(join(dir, 'vendor/127.0.0.1/org/lib/jsonnet/lib/main.libsonnet'), 'utf8')).toBe(LIB_MAIN);
    expect(existsSync(join(dir, 'vendor/127.0.0.1/org/lib/README.md'))).toBe(false);
    expect(readlinkSync(join(dir, 'vendor/lib'))).toBe('127.0.0.1/org/lib/jsonnet/lib');
    expect(readlinkSync(join(dir, 'vendor/util'))).toBe('127.0.0.1/org/util');
    // jb's format: sorted by name, commit ids, sums, legacyImports false, final newline.
    expect(readFileSync(join(dir, 'jsonnetfile.lock.json'), 'utf8')).toBe(`${JSON.stringify({
      version: 1,
      dependencies: [
        { source: { git: { remote: lib.url, subdir: 'jsonnet/lib' } }, version: libMain, sum: sumOf(libNested, LIB_MAIN) },
        { source: { git: { remote: util.url, subdir: '' } }, version: utilMain, sum: sumOf(UTIL_V1) },
      ],
      legacyImports: false,
    }, null, 2)}\n`);
    expect((await checkJsonnet({ root: dir })).problems).toEqual([]);
    // A second run changes nothing.
    const again = await run(dir);
    expect(again.installed).toEqual([]);
    expect(again.lockChanged).toBe(false);
  });

  it('installs an annotated tag (recording the tag object, as jb does) and a commit', async () => {
    const repo = server.repo('org/tagged');
    const c1 = repo.commit({ 'a.libsonnet': '1\n' });
    const tagObject = repo.tag('v1.0.0');
    const c2 = repo.commit({ 'a.libsonnet': '2\n' });
    expect(tagObject).not.toBe(c1);
    const byTag = project([dep(repo.url, '', 'v1.0.0')]);
    await run(byTag);
    expect(lockOf(byTag).dependencies[0]!.version).toBe(tagObject);
    expect(readFileSync(join(byTag, 'vendor/127.0.0.1/org/tagged/a.libsonnet'), 'utf8')).toBe('1\n');
    const byCommit = project([dep(repo.url, '', c1)]);
    await run(byCommit);
    expect(lockOf(byCommit).dependencies[0]).toMatchObject({ version: c1, sum: sumOf('1\n') });
    const byBranch = project([dep(repo.url, '', 'main')]);
    await run(byBranch);
    expect(lockOf(byBranch).dependencies[0]).toMatchObject({ version: c2, sum: sumOf('2\n') });
  });

  it('keeps the locked commit when the branch moves; --update takes the new one', async () => {
    const repo = server.repo('org/moving');
    const first = repo.commit({ 'x.libsonnet': 'old\n' });
    const dir = project([dep(repo.url, '', 'main')]);
    await run(dir);
    const second = repo.commit({ 'x.libsonnet': 'new\n' });
    // Even with vendor/ gone, the lock's commit is what comes back.
    const again = await run(dir, { prune: true });
    expect(lockOf(dir).dependencies[0]!.version).toBe(first);
    expect(again.lockChanged).toBe(false);
    await import('node:fs').then((fs) => fs.rmSync(join(dir, 'vendor'), { recursive: true }));
    await run(dir);
    expect(readFileSync(join(dir, 'vendor/127.0.0.1/org/moving/x.libsonnet'), 'utf8')).toBe('old\n');
    const updated = await run(dir, { update: true });
    expect(updated.lockChanged).toBe(true);
    expect(lockOf(dir).dependencies[0]!.version).toBe(second);
    expect(readFileSync(join(dir, 'vendor/127.0.0.1/org/moving/x.libsonnet'), 'utf8')).toBe('new\n');
  });

  it('the lock wins for nested dependencies too', async () => {
    const dir = project([dep(lib.url, 'jsonnet/lib', 'main')]);
    await run(dir);
    const util2 = util.commit({ 'util.libsonnet': '{ add(a, b): a + b + 0 }\n' });
    try {
      await run(dir, { update: false });
      expect(lockOf(dir).dependencies[1]!.version).toBe(utilMain);
      await run(dir, { update: true });
      expect(lockOf(dir).dependencies[1]!.version).toBe(util2);
    } finally {
      util.commit({ 'util.libsonnet': UTIL_V1 });
    }
  });

  it('restores a tampered folder, reports it in --check, and refuses content that differs from the lock', async () => {
    const dir = project([dep(util.url, '', 'main')]);
    await run(dir);
    const file = join(dir, 'vendor/127.0.0.1/org/util/util.libsonnet');
    writeFileSync(file, '{ add(a, b): a - b }\n');
    const check = await checkJsonnet({ root: dir });
    expect(check.problems.join('\n')).toMatch(/127\.0\.0\.1\/org\/util: files in vendor\/127\.0\.0\.1\/org\/util differ from the lock/);
    await run(dir);
    expect(readFileSync(file, 'utf8')).toBe(UTIL_V1);
    // A lock whose sum the upstream content does not have: refused, nothing changes.
    const lockPath = join(dir, 'jsonnetfile.lock.json');
    const lock = readFileSync(lockPath, 'utf8');
    writeFileSync(lockPath, lock.replace(sumOf(UTIL_V1), sumOf('something else')));
    writeFileSync(file, 'tampered\n');
    const before = snapshot(join(dir, 'vendor/127.0.0.1'));
    expect(await failure(dir)).toMatch(/127\.0\.0\.1\/org\/util@main: checksum mismatch at [0-9a-f]{40} from git: got .*refusing it \(vendor\/ unchanged\)/);
    expect(snapshot(join(dir, 'vendor/127.0.0.1'))).toEqual(before);
  });

  it('fails clearly for an unreachable remote and leaves vendor/ as it was', async () => {
    const port = await freePort(); // nothing listens there
    const dir = project([dep(util.url, '', 'main'), dep(`git://127.0.0.1:${port}/org/gone.git`, '', 'main')]);
    const msg = await failure(dir);
    expect(msg).toMatch(new RegExp(`127\\.0\\.0\\.1/org/gone@main: cannot reach git://127\\.0\\.0\\.1:${port}/org/gone\\.git: .*(refused|connect)`, 'i'));
    expect(existsSync(join(dir, 'vendor/127.0.0.1'))).toBe(false);
    expect(existsSync(join(dir, 'jsonnetfile.lock.json'))).toBe(false);
  });

  it('names a missing branch', async () => {
    const dir = project([dep(util.url, '', 'no-such-branch')]);
    expect(await failure(dir)).toMatch(/has no branch or tag "no-such-branch"/);
  });

  it('--frozen refuses a dependency the lock does not pin, and a lock that would change', async () => {
    const dir = project([dep(util.url, '', 'main')]);
    expect(await failure(dir, { frozen: true })).toMatch(/127\.0\.0\.1\/org\/util@main: .*not in the lock file .*jsonnetfile\.lock\.json/);
    expect(existsSync(join(dir, 'vendor/127.0.0.1'))).toBe(false);
    await run(dir);
    expect((await run(dir, { frozen: true })).installed).toEqual([]);
    writeFileSync(join(dir, 'jsonnetfile.json'), JSON.stringify({ version: 1, dependencies: [], legacyImports: true }));
    expect(await failure(dir, { frozen: true })).toMatch(/lock file .* would change/);
  });

  it('--check names missing lock entries and stale ones; --prune removes folders nothing names', async () => {
    const dir = project([dep(util.url, '', 'main')]);
    await run(dir);
    mkdirSync(join(dir, 'vendor/127.0.0.1/org/old'), { recursive: true });
    writeFileSync(join(dir, 'vendor/127.0.0.1/org/old/x.libsonnet'), '1');
    const check = await checkJsonnet({ root: dir });
    expect(check.problems).toEqual([]);
    expect(check.warnings).toEqual(['vendor/127.0.0.1/org/old is not named by jsonnetfile.json (remove it with --prune)']);
    writeFileSync(join(dir, 'jsonnetfile.json'), JSON.stringify({ version: 1, dependencies: [dep(lib.url, 'jsonnet/lib', 'main')] }));
    const stale = await checkJsonnet({ root: dir });
    expect(stale.problems.join('\n')).toMatch(/127\.0\.0\.1\/org\/lib\/jsonnet\/lib@main is not in the lock; run the vendor step/);
    const res = await run(dir, { prune: true });
    expect(res.pruned).toEqual(['127.0.0.1/org/old']);
    expect(existsSync(join(dir, 'vendor/127.0.0.1/org/util/util.libsonnet'))).toBe(true);
    expect((await checkJsonnet({ root: dir })).warnings).toEqual([]);
  });

  it('hashes as jb: a link to a file counts its bytes, a link to a folder ends the sum', async () => {
    const repo = server.repo('org/links');
    repo.commit({
      'a.libsonnet': 'A',
      'b-link.libsonnet': { link: 'a.libsonnet' },
      'c/inner.libsonnet': 'C',
      'd-link': { link: 'c' },
      'e.libsonnet': 'E',
    });
    const dir = project([dep(repo.url, '', 'main')], false);
    await run(dir);
    expect(lockOf(dir).dependencies[0]!.sum).toBe(sumOf('A', 'A', 'C'));
    expect(lstatSync(join(dir, 'vendor/127.0.0.1/org/links/d-link')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dir, 'vendor/links'))).toBe(false); // legacyImports false: no short names
    expect((await checkJsonnet({ root: dir })).problems).toEqual([]);
  });
});
