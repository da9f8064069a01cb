// The rules every `tkts` subcommand shares (tools/cli/command.ts, errors.ts, flags.ts): one usage
// error (exit 2, `Error: <message>`), user-fixable failures exit 1, internal errors exit 2 without
// a JavaScript stack unless TKTS_DEBUG is set, a warning for tk-only flags that do nothing here,
// kubectl's label selectors, and commands that call the library instead of each other.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execute, helpText, type Command } from '../../tools/cli/command.js';
import { COMMANDS } from '../../tools/cli/main.js';
import { repoRoot } from '../helpers/ref-tools.js';

const CLI = join(repoRoot, 'dist/tools/cli/main.js');
let dir: string;

function tkts(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, TKTS_DEBUG: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tkts-spine-'));
  writeFileSync(join(dir, 'jsonnetfile.json'), '{}');
  const labels: Record<string, Record<string, string>> = { dev: { env: 'dev' }, prod: { env: 'prod' }, bare: {} };
  for (const [name, l] of Object.entries(labels)) {
    mkdirSync(join(dir, 'environments', name), { recursive: true });
    writeFileSync(join(dir, 'environments', name, 'main.jsonnet'), `{ cm: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${name}' } } }`);
    const spec = { apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', metadata: { name: `environments/${name}`, labels: l }, spec: { namespace: name } };
    writeFileSync(join(dir, 'environments', name, 'spec.json'), JSON.stringify(spec));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('usage errors: exit 2, one line naming the problem', () => {
  it.each([
    [['show', '--no-such-flag', 'environments/dev'], 'Error: unknown flag: --no-such-flag\n'],
    [['export', 'out', 'environments/dev', '--no-such-flag'], 'Error: unknown flag: --no-such-flag\n'],
    [['env', 'list', '--no-such-flag'], 'Error: unknown flag: --no-such-flag\n'],
    [['vendor', '--no-such-flag'], 'Error: unknown flag: --no-such-flag\n'],
    [['charts', 'init', '--no-such-flag'], 'Error: unknown flag: --no-such-flag\n'],
    [['validate', '--no-such-flag'], 'Error: unknown flag: --no-such-flag\n'],
    [['diff', '--no-such-flag', 'a', 'b'], 'Error: unknown flag: --no-such-flag\n'],
    [['tilt', '--no-such-flag', 'environments/dev'], 'Error: unknown flag: --no-such-flag\n'],
    [['vendor', '--parallel', '0'], 'Error: --parallel must be a positive number\n'],
    [['validate', '--format', 'xml', '--manifests', 'x'], 'Error: --format must be text, json, junit or github (got "xml")\n'],
    [['charts', 'frobnicate'], 'Error: unknown command "frobnicate" for "tkts charts" (see tkts charts --help)\n'],
    [['env', 'delete'], 'Error: unknown command "delete" for "tkts env" (see tkts env --help)\n'],
    [['show', 'a', 'b'], 'Error: expected 1 argument, got 2\nUsage: tkts show <path>\n'],
  ])('%j', (args, stderr) => {
    const r = tkts(args);
    expect(r).toMatchObject({ code: 2, stderr });
  });

  it('an unknown command lists the commands', () => {
    const r = tkts(['no-such-command']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: unknown command "no-such-command" for "tkts"\n\nUsage: tkts <command>/);
  });
});

describe('user-fixable failures: exit 1', () => {
  it.each([
    [['show', 'environments/missing'], /^Path "environments\/missing" does not exist/],
    [['charts', 'config', '--chartfile', 'missing.yaml'], /^Error: .*missing\.yaml/],
    [['eval', 'environments/dev', '-e', 'nope'], /^Error: evaluating jsonnet in path 'environments\/dev': RUNTIME ERROR: Field does not exist: nope/],
  ])('%j', (args, stderr) => {
    const r = tkts(args);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(stderr);
  });
});

describe('internal errors: exit 2, the stack only with TKTS_DEBUG', () => {
  const broken: Command = {
    name: 'broken',
    summary: 'a command with a bug',
    help: 'Usage: broken\n',
    flags: {},
    run: async () => (undefined as unknown as { x: number }).x,
  };
  async function run(debug: string): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
    vi.stubEnv('TKTS_DEBUG', debug);
    try {
      return { code: await execute(broken, []), stderr };
    } finally {
      spy.mockRestore();
      vi.unstubAllEnvs();
    }
  }
  it('no stack by default', async () => {
    const r = await run('');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^internal error: TypeError: Cannot read properties of undefined \(reading 'x'\) \(set TKTS_DEBUG=1 to see where\)\n$/);
  });
  it('the stack with TKTS_DEBUG=1', async () => {
    const r = await run('1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^internal error: TypeError: .*\nTypeError: .*\n\s+at .*spine\.test\.ts/);
  });
});

describe('tk-only flags warn when they would change something', () => {
  it('export: --cache-path, --cache-envs, --mem-ballast-size-bytes, --log-level', () => {
    const r = tkts(['export', 'out1', 'environments/dev', '-c', '/tmp/cache', '-e', '.*', '--mem-ballast-size-bytes', '1024', '--log-level', 'debug']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean).map((l) => l.replace(/ has no effect in tkts: .*/, ''))).toEqual([
      'Warning: --log-level',
      'Warning: --cache-path',
      'Warning: --cache-envs',
      'Warning: --mem-ballast-size-bytes',
    ]);
  });

  it('their defaults (tk parity) say nothing', () => {
    const r = tkts(['show', 'environments/dev', '--jsonnet-implementation', 'go', '--log-level', 'info', '--dangerous-allow-redirect']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(tkts(['export', 'out2', 'environments/dev', '--mem-ballast-size-bytes', '0'])).toMatchObject({ code: 0, stderr: '' });
  });

  it('--jsonnet-implementation binary:<path> warns; an unknown implementation is refused, as tk does', () => {
    const bin = tkts(['show', 'environments/dev', '--jsonnet-implementation', 'binary:/usr/bin/jsonnet', '--dangerous-allow-redirect']);
    expect(bin.code).toBe(0);
    expect(bin.stderr).toBe('Warning: --jsonnet-implementation has no effect in tkts: it always evaluates with its own engine, which behaves as go-jsonnet\n');
    expect(tkts(['show', 'environments/dev', '--jsonnet-implementation', 'rust'])).toMatchObject({ code: 2, stderr: 'Error: unknown jsonnet implementation: rust\n' });
  });
});

describe('label selectors (-l) as kubectl and tk read them', () => {
  it('env list: set-based, inequality and existence', () => {
    const names = (sel: string) => tkts(['env', 'list', '--names', '-l', sel]).stdout;
    expect(names('env in (dev,prod)')).toBe('environments/dev\nenvironments/prod\n');
    expect(names('env notin (dev)')).toBe('environments/bare\nenvironments/prod\n');
    expect(names('!env')).toBe('environments/bare\n');
    expect(names('env,env!=prod')).toBe('environments/dev\n');
  });

  it('export -l exports only the selected environments', () => {
    expect(tkts(['export', 'sel', 'environments', '-r', '-l', 'env in (prod)'])).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(join(dir, 'sel')).sort()).toEqual(['manifest.json', 'v1.ConfigMap-prod.yaml']);
  });

  it('shorthands cluster as in tk (-rp 1 is -r -p 1)', () => {
    expect(tkts(['export', 'rp', 'environments', '-rp', '1'])).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(join(dir, 'rp')).length).toBe(4);
  });

  it('a selector that does not parse is a usage error naming the problem', () => {
    expect(tkts(['env', 'list', '-l', 'env in (dev'])).toMatchObject({ code: 2, stdout: '', stderr: 'Error: could not parse selector (-l) "env in (dev": expected "," or ")" at the end\n' });
    expect(tkts(['export', 'x', 'environments', '-r', '-l', 'tier>high'])).toMatchObject({ code: 2, stderr: 'Error: could not parse selector (-l) "tier>high": "high" after ">" is not an integer\n' });
  });
});

describe('tkts jsonnet is tkts-jsonnet', () => {
  it("takes go-jsonnet's flags, with go-jsonnet's usage errors (exit 1)", () => {
    expect(tkts(['jsonnet', '-V', 'x=1', '-e', "std.extVar('x') + '!'"])).toMatchObject({ code: 0, stdout: '"1!"\n', stderr: '' });
    expect(tkts(['jsonnet', '--bogus'])).toMatchObject({ code: 1, stdout: '', stderr: 'ERROR: unrecognized argument: --bogus\n' });
  });
  it('moves to a deeper stack when --max-stack asks for one', () => {
    const deep = 'local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(3000)';
    expect(tkts(['jsonnet', '-s', '5000', '-e', deep])).toMatchObject({ code: 0, stdout: '3000\n', stderr: '' });
  });
});

describe('every command', () => {
  it('answers --help with its usage on stdout, exit 0', () => {
    for (const c of COMMANDS) {
      const r = tkts([...c.name.split(' '), '--help']);
      expect(r.code, c.name).toBe(0);
      // jsonnet prints go-jsonnet's usage text, as tkts-jsonnet does.
      expect(r.stdout, c.name).toMatch(c.name === 'jsonnet' ? /^Jsonnet commandline interpreter/ : /^Usage: tkts /);
    }
  });

  it('lists in --help every flag it accepts, and accepts every flag its help names', () => {
    const leaves = COMMANDS.flatMap((c) => ('subcommands' in c ? c.subcommands : [c]));
    expect(leaves.length).toBeGreaterThan(10);
    for (const c of leaves) {
      const help = helpText(c);
      const accepted = new Set([...Object.keys(c.flags), 'help']);
      for (const [name, spec] of Object.entries(c.flags)) {
        expect(help, `${c.name} --${name}`).toContain(`--${name}`);
        // go-jsonnet's own usage text (which the jsonnet command prints) leaves out -v
        if (c.dialect === 'go-jsonnet') continue;
        if (spec.short) expect(help, `${c.name} -${spec.short}`).toContain(`-${spec.short}, --${name}`);
        expect(spec.help, `${c.name} --${name} has no help line`).toBeTruthy();
      }
      // A flag the text names (--name, at a word start) must be one the command takes.
      const named = [...help.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]);
      const unknown = named.filter((n) => !accepted.has(n));
      expect(unknown, `${c.name}: flags in its help that it does not accept`).toEqual([]);
    }
  });

  it('calls the library, never another command through a changed directory or a patched stdout', () => {
    const cliDir = join(repoRoot, 'tools/cli');
    for (const f of readdirSync(cliDir).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(join(cliDir, f), 'utf8');
      expect(text, f).not.toMatch(/process\.chdir\(|process\.stdout\.write\s*=[^=]/);
      expect(text, f).not.toMatch(/\.run\(\[/);
    }
  });
});
