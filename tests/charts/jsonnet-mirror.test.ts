// Jsonnet dependencies from the offline mirror (../shared/jsonnet-mirror): the locks written
// must be byte-for-byte those real jb wrote (the mirror's locks/ folder), a jb lock must be
// accepted with --frozen, and a damaged mirror is refused.
import { cpSync, existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJsonnet, vendorJsonnet } from '../../tools/charts/jsonnet-vendor.js';
import { dependencyName, legacyName, parseJsonnetfile, vendorPath } from '../../tools/charts/jsonnetfile.js';
import { sharedDir } from '../helpers/ref-tools.js';
import { snapshot, tempDir } from './helpers.js';

const MIRROR = process.env.JSONNET_MIRROR ?? join(sharedDir, 'jsonnet-mirror');

function requireMirror(): void {
  if (!existsSync(join(MIRROR, 'REFS.tsv'))) throw new Error(`Jsonnet mirror not found at ${MIRROR} (set JSONNET_MIRROR)`);
}

interface Dep { source: { git: { remote: string; subdir: string } }; version: string }

/** The mixin's entry in the mirror's example jsonnetfile (branch versions, as a user writes them). */
function exampleDep(mixin: string): Dep {
  const all = JSON.parse(readFileSync(join(MIRROR, 'examples/lgtm.jsonnetfile.json'), 'utf8')) as { dependencies: Dep[] };
  const d = all.dependencies.find((x) => `${x.source.git.remote} ${x.source.git.subdir}`.includes(mixin));
  if (!d) throw new Error(`${mixin} not in the example`);
  return d;
}

function project(deps: Dep[]): string {
  const dir = tempDir('jbm');
  writeFileSync(join(dir, 'jsonnetfile.json'), JSON.stringify({ version: 1, dependencies: deps, legacyImports: true }, null, 2));
  return dir;
}

describe('jsonnetfile names (as jb derives them)', () => {
  const jf = parseJsonnetfile(JSON.stringify({
    dependencies: [
      { source: { git: { remote: 'https://github.com/grafana/jsonnet-libs', subdir: 'logs-lib/' } }, version: 'master' },
      { source: { git: { remote: 'https://github.com/jsonnet-libs/xtd.git', subdir: '' } }, version: 'master' },
      { source: { git: { remote: 'git@github.com:grafana/loki.git', subdir: '/production/loki-mixin' } }, name: 'loki' },
    ],
  }), 'jsonnetfile.json');

  it('normalizes remotes, keeps a trailing slash in the name, strips it from the folder', () => {
    const [logs, xtd, loki] = jf.dependencies;
    expect(logs!.source).toEqual({ kind: 'git', remote: 'https://github.com/grafana/jsonnet-libs.git', subdir: 'logs-lib/' });
    expect(dependencyName(logs!)).toBe('github.com/grafana/jsonnet-libs/logs-lib/');
    expect(vendorPath(logs!)).toBe('github.com/grafana/jsonnet-libs/logs-lib');
    expect(legacyName(logs!)).toBe('logs-lib');
    expect(dependencyName(xtd!)).toBe('github.com/jsonnet-libs/xtd');
    expect(legacyName(xtd!)).toBe('xtd');
    expect(loki!.source).toEqual({ kind: 'git', remote: 'ssh://git@github.com/grafana/loki.git', subdir: 'production/loki-mixin' });
    expect(loki!.version).toBe('master'); // jb's default
    expect(legacyName(loki!)).toBe('loki');
    expect(jf.legacyImports).toBe(true);
  });

  it('names the file and the dependency in errors', () => {
    expect(() => parseJsonnetfile('{"dependencies": [{"source": {}}]}', 'x/jsonnetfile.json')).toThrow(/^x\/jsonnetfile\.json: dependencies\[0\]: source must be "git" or "local"/);
    expect(() => parseJsonnetfile('{"dependencies": [', 'x/jsonnetfile.json')).toThrow(/^x\/jsonnetfile\.json: not valid JSON/);
    expect(() => parseJsonnetfile('{"dependencies": [{"source": {"git": {"remote": "https://github.com/a/b.git"}}, "version": "main"}]}', 'l.json', true))
      .toThrow(/l\.json: dependencies\[0\]: locked version "main" is not a commit id/);
  });
});

describe('Jsonnet dependencies from the offline mirror', () => {
  const locks = existsSync(join(MIRROR, 'locks')) ? readdirSync(join(MIRROR, 'locks')).filter((f) => !f.includes('INCOMPLETE')) : [];

  it('the mirror holds the locks real jb wrote', () => {
    requireMirror();
    expect(locks.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of locks) {
    const mixin = file.replace('.jsonnetfile.lock.json', '');
    it(`writes the same lock as jb for ${mixin}, and accepts jb's lock with --frozen`, async () => {
      requireMirror();
      const jbLock = readFileSync(join(MIRROR, 'locks', file), 'utf8');
      const dir = project([exampleDep(mixin)]);
      const res = await vendorJsonnet({ root: dir, mirror: MIRROR, env: {} });
      expect(readFileSync(join(dir, 'jsonnetfile.lock.json'), 'utf8')).toBe(jbLock);
      expect(res.installed.length).toBe(JSON.parse(jbLock).dependencies.length);
      expect(readlinkSync(join(dir, 'vendor', mixin))).toMatch(new RegExp(`/${mixin}$`));
      expect((await checkJsonnet({ root: dir })).problems).toEqual([]);

      const fresh = project([exampleDep(mixin)]);
      writeFileSync(join(fresh, 'jsonnetfile.lock.json'), jbLock);
      const frozen = await vendorJsonnet({ root: fresh, mirror: MIRROR, env: {}, frozen: true });
      expect(frozen.lockChanged).toBe(false);
      expect(snapshot(join(fresh, 'vendor'))).toEqual(snapshot(join(dir, 'vendor')));
    });
  }

  it('refuses a mirror folder whose content differs from its recorded sum, leaving vendor/ untouched', async () => {
    requireMirror();
    const mirror = tempDir('jbmirror');
    for (const f of ['REFS.tsv', 'INDEX.tsv']) cpSync(join(MIRROR, f), join(mirror, f));
    const node = 'github.com/prometheus/node_exporter';
    cpSync(join(MIRROR, node), join(mirror, node), { recursive: true });
    const [commit] = readdirSync(join(mirror, node));
    const victim = join(mirror, node, commit!, 'docs/node-mixin/mixin.libsonnet');
    chmodSync(victim, 0o644);
    writeFileSync(victim, '{}\n');
    const dir = project([{ source: { git: { remote: 'https://github.com/prometheus/node_exporter.git', subdir: 'docs/node-mixin' } }, version: 'master' }]);
    await expect(vendorJsonnet({ root: dir, mirror, env: {} })).rejects.toThrow(/node-mixin: content does not match the sum the mirror's INDEX\.tsv records .* the mirror is damaged/);
    expect(existsSync(join(dir, 'vendor/github.com'))).toBe(false);
    expect(existsSync(join(dir, 'jsonnetfile.lock.json'))).toBe(false);
  });

  it('names what the mirror lacks', async () => {
    requireMirror();
    const dir = project([{ source: { git: { remote: 'https://github.com/grafana/mimir.git', subdir: 'operations/mimir-mixin' } }, version: 'main' }]);
    await expect(vendorJsonnet({ root: dir, mirror: MIRROR, env: {} })).rejects.toThrow(/github\.com\/grafana\/mimir\/operations\/mimir-mixin@main: https:\/\/github\.com\/grafana\/mimir\.git@main is not in the Jsonnet mirror/);
  });
});
