// The justfile: every recipe lists, dry-runs, and only calls npm scripts, files and
// tools that exist. Uses the real `just` (scripts/just.mjs: PATH, else the npm-installed binary).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const justScript = join(root, 'scripts', 'just.mjs');
const scripts = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>);

/** Tools a recipe may call besides npm and just (installed separately, documented in the justfile). */
const EXTERNAL_TOOLS = new Set(['tilt', 'k3d', 'kubectl', 'tk', 'command']);

/** Arguments for each recipe's required parameters. */
const ARGS: Record<string, string[]> = { show: ['dev'], diff: ['dev', 'staging'], apply: ['dev'], drift: ['production'] };

async function just(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(process.execPath, [justScript, ...args], { cwd: root }).then(
    (r) => ({ code: 0, ...r }),
    (e) => ({ code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
  );
}

/** What is wrong with one command line a recipe would run (empty when it is fine). */
function problemsOf(line: string): string[] {
  const problems: string[] = [];
  const words = line.trim().split(/\s+/);
  const tool = words[0];
  if (tool === 'npm') {
    const script = words[1] === 'test' ? 'test' : words[1] === 'run' ? words.find((w, i) => i > 1 && !w.startsWith('-')) : undefined;
    if (!script || !scripts.includes(script)) problems.push(`${line}: no npm script "${script}"`);
  } else if (tool === 'node') {
    if (!words[1] || !existsSync(join(root, words[1]))) problems.push(`${line}: no script ${words[1]}`);
  } else if (tool.endsWith('/just')) {
    // the recipe calls just itself (default lists)
  } else if (!EXTERNAL_TOOLS.has(tool)) problems.push(`${line}: unknown tool "${tool}"`);
  for (const m of line.matchAll(/(?:^|\s)((?:environments|lib|charts)\/[\w./-]*)/g)) {
    if (!existsSync(join(root, m[1]))) problems.push(`${line}: ${m[1]} does not exist`);
  }
  if (tool === 'tilt' && !existsSync(join(root, 'Tiltfile'))) problems.push(`${line}: no Tiltfile`);
  return problems;
}

describe('justfile', () => {
  it('lists its recipes', async () => {
    const r = await just('--list');
    expect(r.code).toBe(0);
    for (const name of ['default', 'validate', 'show env', 'diff a b', 'vendor', 'dev', 'down', 'cluster-up', 'cluster-down', 'apply env', 'export', 'fmt', 'fmt-check', 'test', 'ci']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\b.*#`, 'm'));
    }
  });

  it('dry-runs every recipe, and each command names existing scripts, files and known tools', async () => {
    const dump = JSON.parse((await just('--dump', '--dump-format', 'json')).stdout) as { recipes: Record<string, { private: boolean; parameters: { name: string; kind: string; default: unknown }[] }> };
    const names = Object.keys(dump.recipes);
    expect(names.length).toBeGreaterThanOrEqual(15);
    const problems: string[] = [];
    for (const name of names) {
      const required = dump.recipes[name].parameters.filter((p) => p.kind === 'singular' && p.default === null);
      const args = ARGS[name] ?? [];
      expect(args.length, `test arguments for recipe ${name}`).toBe(required.length);
      const r = await just('--dry-run', name, ...args);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      const lines = r.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('npm warn'));
      expect(lines.length, `recipe ${name} runs something`).toBeGreaterThan(0);
      for (const l of lines) problems.push(...problemsOf(l));
    }
    expect(problems).toEqual([]);
  });

  it('apply runs the README\'s apply procedure (scripts/apply.mjs, what tests/cluster/apply-<env>.test.ts run)', async () => {
    const r = await just('--dry-run', 'apply', 'dev', '--auto-approve', 'always');
    expect(r.stderr).toMatch(/^node scripts\/apply\.mjs environments\/dev --auto-approve always$/m);
  });

  it('dev and tilt-ci hand their arguments to the Tiltfile, after checking for Tilt and vendoring the pinned charts', async () => {
    for (const [recipe, tilt] of [['dev', 'up'], ['tilt-ci', 'ci']]) {
      const r = await just('--dry-run', recipe, '--raibid-src', '../raibid-ci', 'grafana');
      expect(r.stderr).toMatch(/^command -v tilt /m);
      expect(r.stderr).toMatch(/^npm run -s vendor -- --frozen$/m);
      expect(r.stderr).toMatch(new RegExp(`^tilt ${tilt} -- --raibid-src \\.\\./raibid-ci grafana$`, 'm'));
    }
  });

  it('cluster-up publishes the k3d API server and registry on loopback only', async () => {
    const r = await just('--dry-run', 'cluster-up');
    const create = r.stderr.split('\n').find((l) => l.startsWith('k3d cluster create')) ?? '';
    expect(create).toMatch(/--api-port 127\.0\.0\.1:\d+/);
    expect(create).toMatch(/--registry-create \S+:127\.0\.0\.1:\d+/);
    expect(create).not.toMatch(/0\.0\.0\.0/);
  });

  it('the checker catches a missing script, file or tool', () => {
    expect(problemsOf('npm run -s no-such-script')).toHaveLength(1);
    expect(problemsOf('npm run -s show -- environments/no-such-env')).toHaveLength(1);
    expect(problemsOf('helmfile apply')).toHaveLength(1);
    expect(problemsOf('node scripts/no-such.mjs')).toHaveLength(1);
    expect(problemsOf('npm run -s diff -- environments/dev environments/staging --summary')).toEqual([]);
  });

  it('runs a diff and the format check for real', async () => {
    const d = await just('diff', 'dev', 'staging', '--summary');
    expect(d.code).not.toBe(0); // just reports the recipe's exit 1 (differences)
    expect(d.stdout).toMatch(/^KIND\s+ADDED\s+REMOVED\s+CHANGED/m);
    expect(d.stdout).toMatch(/\d+ added, \d+ removed, \d+ changed/);
    const f = await just('fmt-check');
    expect(f.code, f.stderr).toBe(0);
  });
});
