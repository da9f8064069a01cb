// tk parity as a test: the real tk v0.38.0 and tkts side by side, bytes compared, on fixture projects and
// on every environment of this project: show, eval, export (default and custom --format, several
// environments, an empty namespace), env list --json. Differences kept on purpose are listed in the
// README's "Differences from tk" and are not exercised here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tree } from './tree.js';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { repoRoot, requireTool } from '../helpers/ref-tools.js';
import { tkProcessEnv } from '../helpers/tk-process.js';

const cli = resolve(repoRoot, 'dist/tools/cli/main.js');
const fixtures = resolve(repoRoot, 'tests/fixtures/tanka');
const tmp = mkdtempSync(join(tmpdir(), 'tkts-parity-'));
let env: NodeJS.ProcessEnv;
let projectEnv: NodeJS.ProcessEnv;
let tkBin: string;

beforeAll(async () => {
  tkBin = requireTool('tk');
  const helm = await helmBinary();
  // tk calls `helm` from PATH: the tests' caching front of the real helm (tk-process.ts); tkts runs the
  // real one through its own cache.
  // This project's runs use its usual cache folder (.cache/tkts), as the other tests that evaluate its
  // environments do: tkts' helm renders (about 30 s of CPU for the five environments) are made once per
  // run instead of twice. export, show and eval keep only helm's output there: tkts evaluates each time.
  projectEnv = await tkProcessEnv({ ...process.env, HELM_BIN: helm, PAGER: '' });
  env = { ...projectEnv, TKTS_CACHE_DIR: join(tmp, 'cache') };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The fixtures' cache is the run's temporary folder (never under tests/fixtures), this project's its own. */
const envFor = (cwd: string) => (cwd === repoRoot ? projectEnv : env);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runBoth(cwd: string, args: string[]): { tk: Run; tkts: Run } {
  const opts = { cwd, env: envFor(cwd), encoding: 'utf8' as const, maxBuffer: 512 * 1024 * 1024 };
  const tk = spawnSync(tkBin, args, opts);
  const tkts = spawnSync(process.execPath, [cli, ...args], opts);
  return { tk, tkts };
}

/** Both succeed and print the same bytes on stdout. */
function sameOutput(cwd: string, ...args: string[]): void {
  const { tk, tkts } = runBoth(cwd, args);
  expect(tk.status, `tk ${args.join(' ')}: ${tk.stderr}`).toBe(0);
  expect(tkts.status, `tkts ${args.join(' ')}: ${tkts.stderr}`).toBe(0);
  expect(tkts.stdout).toBe(tk.stdout);
}


let exports = 0;
/** tk export and tkts export of the same arguments write identical trees (manifest.json included). */
function sameExport(cwd: string, ...args: string[]): Record<string, string> {
  const n = ++exports;
  const [tkOut, tktsOut] = [join(tmp, `tk-${n}`), join(tmp, `tkts-${n}`)];
  const tk = spawnSync(tkBin, ['export', tkOut, ...args], { cwd, env: envFor(cwd), encoding: 'utf8' });
  const tkts = spawnSync(process.execPath, [cli, 'export', tktsOut, ...args], { cwd, env: envFor(cwd), encoding: 'utf8' });
  expect(tk.status, `tk export ${args.join(' ')}: ${tk.stderr}`).toBe(0);
  expect(tkts.status, `tkts export ${args.join(' ')}: ${tkts.stderr}`).toBe(0);
  const want = tree(tkOut);
  expect(Object.keys(want).length).toBeGreaterThan(1);
  expect(tree(tktsOut)).toEqual(want);
  return want;
}

const NAMESPACED_FORMAT = '{{.metadata.namespace}}/{{.kind}}-{{.metadata.name}}';

describe('tk parity on fixture projects', () => {
  const basic = join(fixtures, 'basic');
  const helm = join(fixtures, 'helm');

  it('show: static, inline and Helm environments', () => {
    sameOutput(basic, 'show', 'environments/static', '--dangerous-allow-redirect');
    sameOutput(basic, 'show', 'environments/inline', '--dangerous-allow-redirect');
    sameOutput(basic, 'show', 'environments/static', '--dangerous-allow-redirect', '-t', 'deployment/.*', '-t', 'configmap/cm-.*');
    sameOutput(helm, 'show', 'environments/chart', '--dangerous-allow-redirect');
  });

  it('eval: whole environment and -e (no trailing newline)', () => {
    sameOutput(basic, 'eval', 'environments/static');
    sameOutput(basic, 'eval', 'environments/inline');
    sameOutput(basic, 'eval', 'environments/static', '-e', 'app.service.metadata');
  });

  it('export: default format, custom format with an empty namespace, several environments', () => {
    sameExport(basic, 'environments/static');
    const files = sameExport(basic, 'environments/static', '--format', NAMESPACED_FORMAT);
    // tk keys an object with an empty namespace "/<kind>-<name>.yaml" in manifest.json.
    expect(JSON.parse(files['manifest.json'])).toHaveProperty(['/ConfigMap-empty-ns.yaml']);
    sameExport(basic, 'environments/precedence', 'environments/inline', '-r', '--format', '{{env.metadata.name}}/{{.kind}}-{{.metadata.name}}', '--extension', 'yml');
    sameExport(helm, 'environments/chart', '--format', NAMESPACED_FORMAT);
  });

  it('env list --json', () => {
    sameOutput(basic, 'env', 'list', 'environments/precedence', '--json');
    sameOutput(helm, 'env', 'list', 'environments/chart', '--json');
  });
});

describe('tk parity on this project', () => {
  it('export: every environment (-r) by environment and namespace, and one alone', () => {
    // With the namespace: local has two Secrets of one name (raibid's and its copy in keda's namespace).
    sameExport(repoRoot, 'environments/', '-r', '--format', '{{env.metadata.name}}/{{.metadata.namespace}}/{{.apiVersion}}.{{.kind}}-{{.metadata.name}}');
    // The default format has no namespace, and dev has two ExternalSecrets of one name: tk refuses it too.
    sameExport(repoRoot, 'environments/dev', '--format', '{{.metadata.namespace}}/{{.apiVersion}}.{{.kind}}-{{.metadata.name}}');
  }, 15 * 60_000);

  it('show, eval and env list --json', () => {
    sameOutput(repoRoot, 'show', 'environments/local', '--dangerous-allow-redirect');
    sameOutput(repoRoot, 'eval', 'environments/production-canary');
    sameOutput(repoRoot, 'env', 'list', 'environments/', '--json');
  }, 15 * 60_000);
});
