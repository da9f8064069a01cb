// Hostile and careless input to `tkts vendor`: a file where a folder belongs, broken or hostile
// chartfiles and locks, names that try to be options or paths. Every case ends in time, within the
// heap limit, exits 1 (or 2 for usage), names the file or folder, and writes nothing outside the
// project folder (nothing at all when it fails before vendoring).
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/ref-tools.js';
import { CASE_TIMEOUT_MS, cleanup, CLI, expectClean, listTree, run, tempDir } from './run.js';

const N = 20_000;
let root = '';
let mirror = '';
const REPO = 'https://charts.example.test/stable';

const chartfile = (requires: string, extra = '') =>
  `version: 1\n${extra}repositories:\n  - name: example\n    url: ${REPO}\nrequires:\n${requires}`;
const demo = '  - chart: example/demo\n    version: 0.1.0\n';

interface Case {
  name: string;
  /** Files of the project (relative path -> content; a trailing / makes a folder). */
  files: Record<string, string>;
  args?: string[];
  codes?: number[];
  stderr?: RegExp;
}

const cases: Case[] = [
  { name: 'charts is a file', files: { 'chartfile.yaml': chartfile(demo), charts: 'x' }, stderr: /charts folder .*\/charts is a file, not a folder/ },
  { name: 'charts/.tkts is a file', files: { 'chartfile.yaml': chartfile(demo), 'charts/.tkts': 'x' }, stderr: /state folder .*charts\/\.tkts is a file, not a folder/ },
  { name: 'no chartfile (nothing to vendor, or an error naming it)', files: {}, codes: [0, 1] },
  { name: 'the chartfile is a folder', files: { 'chartfile.yaml/': '' }, stderr: /chartfile\.yaml/ },
  { name: 'the chartfile is not YAML', files: { 'chartfile.yaml': 'version: [1\n' }, stderr: /chartfile\.yaml/ },
  { name: 'the chartfile is nested 20,000 deep', files: { 'chartfile.yaml': '['.repeat(N) + ']'.repeat(N) }, stderr: /chartfile\.yaml/ },
  { name: 'the chartfile is a YAML alias bomb', files: { 'chartfile.yaml': 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n' }, stderr: /chartfile\.yaml/ },
  { name: 'the chartfile is binary garbage', files: { 'chartfile.yaml': '\u0000\u0001\u0002\uffff' }, stderr: /chartfile\.yaml/ },
  { name: 'an unknown chartfile version', files: { 'chartfile.yaml': 'version: 99\n' }, stderr: /chartfile\.yaml/ },
  { name: 'a chart name that is an option', files: { 'chartfile.yaml': chartfile('  - chart: example/--post-renderer=x\n    version: 0.1.0\n') }, stderr: /chartfile\.yaml|post-renderer/ },
  { name: 'a chart directory that climbs out', files: { 'chartfile.yaml': chartfile('  - chart: example/demo\n    version: 0.1.0\n    directory: ../../escaped\n') }, stderr: /chartfile\.yaml|directory/ },
  { name: 'an absolute chart directory', files: { 'chartfile.yaml': chartfile('  - chart: example/demo\n    version: 0.1.0\n    directory: /tmp/escaped\n') }, stderr: /chartfile\.yaml|directory/ },
  { name: 'a version that is not semver', files: { 'chartfile.yaml': chartfile('  - chart: example/demo\n    version: --latest\n') }, stderr: /chartfile\.yaml|version/ },
  { name: 'a chart from an unknown repository', files: { 'chartfile.yaml': chartfile('  - chart: nowhere/demo\n    version: 0.1.0\n') }, stderr: /nowhere/ },
  { name: 'a repository URL with a file: scheme', files: { 'chartfile.yaml': 'version: 1\nrepositories:\n  - name: example\n    url: file:///etc\nrequires:\n' + demo.replace('example/', 'example/') }, codes: [1] },
  { name: 'a chart the mirror does not have', files: { 'chartfile.yaml': chartfile('  - chart: example/missing\n    version: 0.1.0\n') }, stderr: /missing/ },
  { name: 'the lock is not JSON', files: { 'chartfile.yaml': chartfile(demo), 'chartfile.lock.json': '{"version":' }, stderr: /chartfile\.lock\.json/ },
  { name: 'the lock is nested 20,000 deep', files: { 'chartfile.yaml': chartfile(demo), 'chartfile.lock.json': '['.repeat(N) + ']'.repeat(N) }, stderr: /chartfile\.lock\.json/ },
  { name: 'the lock is a folder', files: { 'chartfile.yaml': chartfile(demo), 'chartfile.lock.json/': '' }, stderr: /chartfile\.lock\.json/ },
  { name: '--frozen without a lock', files: { 'chartfile.yaml': chartfile(demo) }, args: ['--frozen'], stderr: /lock/ },
  { name: '--check with charts as a file', files: { 'chartfile.yaml': chartfile(demo), charts: 'x' }, args: ['--check'], stderr: /chartfile\.lock\.json|charts/ },
  { name: 'a --mirror that does not exist', files: { 'chartfile.yaml': chartfile(demo) }, args: ['--mirror', '/no/such/mirror'], stderr: /\/no\/such\/mirror/ },
  { name: 'a --mirror that is a file', files: { 'chartfile.yaml': chartfile(demo), 'a-file': 'x' }, args: ['--mirror', 'a-file'], stderr: /a-file/ },
  { name: 'a --chartfile below a file', files: { 'a-file': 'x' }, args: ['--chartfile', 'a-file/chartfile.yaml'], stderr: /a-file\/chartfile\.yaml/ },
  { name: 'an unknown flag', files: {}, args: ['--no-such-flag'], codes: [2] },
  { name: 'a positional argument', files: {}, args: ['charts'], codes: [2] },
  { name: 'a non-numeric --parallel', files: {}, args: ['--parallel', 'x'], codes: [2] },
  { name: 'a negative --timeout', files: {}, args: ['--timeout', '-1'], codes: [2] },
  { name: 'a --chartfile flag without a value', files: {}, args: ['--chartfile'], codes: [2] },
  { name: 'a valid chartfile vendors from the mirror', files: { 'chartfile.yaml': chartfile(demo) }, codes: [0] },
];

beforeAll(() => {
  root = tempDir('vendor');
  mirror = join(root, 'mirror');
  mkdirSync(join(mirror, 'example', 'demo'), { recursive: true });
  cpSync(join(repoRoot, 'tests/fixtures/tanka/helm/charts/demo'), join(mirror, 'example', 'demo', '0.1.0'), { recursive: true });
  writeFileSync(join(mirror, 'repositories.yaml'), `repositories:\n  - name: example\n    url: ${REPO}\n`);
});

afterAll(() => cleanup(root));

describe('hostile input to tkts vendor', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));
  cases.forEach((c, i) => {
    it.concurrent(c.name, async () => {
      const project = join(root, `p${i}`);
      mkdirSync(project);
      for (const [rel, content] of Object.entries(c.files)) {
        if (rel.endsWith('/')) mkdirSync(join(project, rel), { recursive: true });
        else {
          mkdirSync(join(project, rel, '..'), { recursive: true });
          writeFileSync(join(project, rel), content);
        }
      }
      const outside = listTree(root).filter((f) => !f.startsWith(`p${i}/`) && f !== `p${i}`);
      const before = listTree(project);
      const r = await run(CLI, ['vendor', ...(c.args ?? [])], { cwd: project, env: { CHART_MIRROR: mirror, TKTS_CACHE_DIR: join(project, '.cache') } });
      const stderr = expectClean(r, c.codes ?? [1]);
      if (c.stderr) expect(stderr).toMatch(c.stderr);
      // Nothing outside the project changed; a failure leaves the project's files as they were.
      expect(listTree(root).filter((f) => !f.startsWith(`p`))).toEqual(outside.filter((f) => !f.startsWith('p')));
      // (An empty charts/ with its state folder may appear: the run takes its lock there first.)
      const kept = (f: string) => !/^charts(\/\.tkts(\/|$)|$)/.test(f) && !f.startsWith('.cache');
      if (r.code !== 0) expect(listTree(project).filter(kept)).toEqual(before.filter(kept));
    }, CASE_TIMEOUT_MS);
  });
});
