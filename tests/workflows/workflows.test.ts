// The GitHub workflows: they parse, have the keys GitHub needs, pin their actions,
// keep secrets out of scripts, and reference only npm scripts, flags, just recipes
// and files that exist.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const dir = join(root, '.github', 'workflows');
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;

interface Step { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string }
interface Job { 'runs-on'?: string; steps?: Step[]; needs?: string | string[]; if?: string; strategy?: { matrix?: Record<string, unknown[]> }; outputs?: Record<string, string> }
interface Workflow { name?: string; on?: unknown; permissions?: Record<string, string> | string; jobs?: Record<string, Job> }

function load(file: string): Workflow {
  const doc = parseDocument(readFileSync(join(dir, file), 'utf8'), { prettyErrors: true });
  expect(doc.errors.map((e) => e.message), file).toEqual([]);
  return doc.toJS() as Workflow;
}

const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const steps = (w: Workflow) => Object.values(w.jobs ?? {}).flatMap((j) => j.steps ?? []);
const runs = (w: Workflow) => steps(w).map((s) => s.run ?? '').join('\n');

/** `npm run X -- flags` → [X, [flags]] for every npm run in a script. */
function npmRuns(script: string): [string, string[]][] {
  return [...script.matchAll(/npm run (?:-s )?([\w:-]+)(?: -- ([^\n]*))?/g)].map((m) => [m[1], (m[2] ?? '').split(/\s+/).filter((a) => a.startsWith('--')).map((a) => a.split('=')[0])]);
}

describe('workflows', () => {
  it('are ci.yml and drift.yml', () => {
    expect(files).toEqual(['ci.yml', 'drift.yml']);
  });

  for (const file of files) {
    describe(file, () => {
      const w = load(file);

      it('has a name, triggers, read-only permissions and runnable jobs', () => {
        expect(w.name).toBeTruthy();
        expect(w.on).toBeTruthy();
        expect(w.permissions).toEqual({ contents: 'read' });
        expect(Object.keys(w.jobs ?? {}).length).toBeGreaterThan(0);
        for (const [id, job] of Object.entries(w.jobs!)) {
          expect(job['runs-on'], id).toMatch(/^ubuntu-\d/);
          expect(job.steps?.length, id).toBeGreaterThan(0);
          for (const s of job.steps!) expect(Boolean(s.uses) !== Boolean(s.run), `${id}: a step has either uses or run`).toBe(true);
          for (const n of [job.needs ?? []].flat()) expect(Object.keys(w.jobs!), `${id} needs ${n}`).toContain(n);
        }
      });

      it('pins every action to a commit SHA', () => {
        for (const s of steps(w).filter((s) => s.uses)) expect(s.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      });

      it('keeps secrets out of scripts (passed through env only)', () => {
        for (const s of steps(w)) expect(s.run ?? '').not.toMatch(/\$\{\{\s*secrets\./);
      });

      it('runs only npm scripts, flags, just recipes and files that exist', async () => {
        const all = runs(w);
        for (const [script, flags] of npmRuns(all)) {
          expect(Object.keys(scripts), `npm run ${script}`).toContain(script);
          if (flags.length && /dist\/tools\/cli\/main\.js \w+$/.test(scripts[script])) {
            const { stdout } = await exec('node', [...scripts[script].split(' ').slice(1), '--help'], { cwd: root });
            for (const f of flags) expect(stdout, `${script} ${f}`).toContain(f);
          }
        }
        const recipes = (await exec(process.execPath, [join(root, 'scripts', 'just.mjs'), '--summary'], { cwd: root })).stdout.trim().split(/\s+/);
        for (const m of all.matchAll(/(?:^|\s)just ([\w-]+)/g)) expect(recipes, `just ${m[1]}`).toContain(m[1]);
        for (const m of all.matchAll(/\.\/(dist\/[\w/.-]+)\.js/g)) expect(existsSync(join(root, m[1].replace(/^dist\//, '') + '.ts')), m[1]).toBe(true);
        for (const m of all.matchAll(/(?:^|\s)(?:bash |sh )?((?:\.\/)?(?:\.github|scripts|\.ci)\/[\w/.-]+)/g)) expect(existsSync(join(root, m[1])), m[1]).toBe(true);
        for (const m of JSON.stringify(w).matchAll(/hashFiles\(([^)]*)\)/g)) {
          for (const f of m[1].split(',').map((s) => s.trim().replace(/^'|'$/g, ''))) expect(existsSync(join(root, f)), f).toBe(true);
        }
      });
    });
  }

  it('CI: Node 20 with npm cache, charts cached on the lock, and the required checks in order', () => {
    const w = load('ci.yml');
    const s = steps(w);
    const node = s.find((x) => x.uses?.startsWith('actions/setup-node@'));
    expect(node?.with).toMatchObject({ 'node-version': 20, cache: 'npm' });
    expect(s.some((x) => x.uses?.startsWith('actions/cache@') && x.with?.path === 'charts' && String(x.with?.key).includes("hashFiles('chartfile.lock.json')"))).toBe(true);
    expect(s.some((x) => x.uses?.startsWith('actions/cache@') && x.with?.path === 'vendor' && String(x.with?.key).includes("hashFiles('jsonnetfile.lock.json')"))).toBe(true);
    // No mirror on GitHub: the vendor step reaches the real repositories.
    expect(JSON.stringify(s)).not.toMatch(/CHART_MIRROR|JSONNET_MIRROR/);
    const order = ['npm ci', 'npm run vendor -- --frozen', 'npm run fmt-check', 'npm test', 'npm run validate -- --format github'].map((cmd) => s.findIndex((x) => x.run?.split('\n').some((l) => l.trim() === cmd)));
    expect(order.every((i) => i >= 0), `steps found at ${order}`).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(scripts['fmt-check']).toContain('jsonnetfmt --test');
    expect(scripts['fmt-check']).toMatch(/find lib environments/);
  });

  it('Drift: scheduled, runs tk diff per environment only when the kubeconfig secret is set', () => {
    const w = load('drift.yml');
    expect(w.on).toHaveProperty('schedule');
    const [check, diff] = [w.jobs!.credentials, w.jobs!.diff];
    expect(JSON.stringify(check.steps)).toContain('secrets.KUBECONFIG');
    expect(check.outputs?.configured).toBeTruthy();
    expect(diff.needs).toBe('credentials');
    expect(diff.if).toBe("needs.credentials.outputs.configured == 'true'");
    const envs = diff.strategy?.matrix?.environment as string[];
    expect(envs.length).toBeGreaterThan(0);
    for (const e of envs) expect(existsSync(join(root, 'environments', e, 'spec.json')), e).toBe(true);
    expect(envs).not.toContain('local');
    expect(runs(w)).toMatch(/tk diff "\$ENVIRONMENT"/);
    expect(runs(w)).toContain('bash .github/scripts/install-tools.sh tk');
    expect(runs(w)).toMatch(/"\$rc" -ne 16/); // tk diff: 16 means differences, other codes are errors
  });

  it('install-tools.sh: valid bash, the versions the tests are checked against, each tool to the variable ref-tools reads', () => {
    const script = join(root, '.github', 'scripts', 'install-tools.sh');
    const check = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    const text = readFileSync(script, 'utf8');
    // the versions of ../shared/tools (tests/helpers/ref-tools.ts): tk v0.38.0 everywhere, drift included
    for (const pin of ['TANKA_VERSION=v0.38.0', 'GO_JSONNET_VERSION=v0.22.0', 'KUBECONFORM_VERSION=v0.7.0', 'TILT_VERSION=0.37.6', 'ENVTEST_K8S_VERSION=1.32.']) expect(text).toContain(pin);
    const helper = readFileSync(join(root, 'tests', 'helpers', 'ref-tools.ts'), 'utf8');
    for (const m of text.matchAll(/record (\w+) /g)) expect(helper, m[1]).toContain(`env: '${m[1]}'`);
    expect(text).toContain('sha256sum --check');
  });
});
