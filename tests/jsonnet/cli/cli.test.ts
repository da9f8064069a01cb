// The `tkts-jsonnet` command (dist/tools/cli/tkts-jsonnet.js, built by `tsc -p .`)
// against go-jsonnet v0.22.0's `jsonnet` (goldens in tests/jsonnet/goldens/cli.json,
// live where the binary is present): same bytes on stdout and stderr, same exit status.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoldenStore } from '../reference.js';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/tools/cli/tkts-jsonnet.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let dir = '';

function run(cmd: string[], opts: { env?: Record<string, string>; input?: string } = {}): Run {
  const env = { PATH: process.env.PATH ?? '', ...(opts.env ?? {}) };
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: dir, env, input: opts.input ?? '', encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ours = (args: string[], opts?: { env?: Record<string, string>; input?: string }) => run(['node', CLI, ...args], opts);
const goJsonnet = new GoldenStore('cli');
const cpp = (args: string[], opts?: { env?: Record<string, string>; input?: string }): Run => {
  const r = goJsonnet.run({ args, cwd: dir, input: opts?.input, env: opts?.env });
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
};

/** Runs both commands and expects identical stdout, stderr and exit status. */
function expectSame(args: string[], opts?: { env?: Record<string, string>; input?: string }): Run {
  const a = ours(args, opts);
  const b = cpp(args, opts);
  expect({ args, ...a }).toEqual({ args, ...b });
  return a;
}

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -p .\` first`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkts-jsonnet-cli-'));
  fs.mkdirSync(path.join(dir, 'lib'));
  for (const d of ['pa', 'pb', 'pc']) {
    fs.mkdirSync(path.join(dir, d));
    fs.writeFileSync(path.join(dir, d, 'which.libsonnet'), JSON.stringify(d));
  }
  fs.writeFileSync(path.join(dir, 'lib', 'util.libsonnet'), '{ double(x):: 2 * x, name: "util" }\n');
  fs.writeFileSync(path.join(dir, 'text.txt'), "it's text\n");
  fs.writeFileSync(path.join(dir, 'code.jsonnet'), '{ fromFile: [1, 2] }\n');
  fs.writeFileSync(
    path.join(dir, 'main.jsonnet'),
    [
      "local util = import 'util.libsonnet';",
      'function(name, count=1, extra={})',
      '  {',
      '    name: name, doubled: util.double(count), extra: extra, util: util.name,',
      "    ext: [std.extVar('s'), std.extVar('c'), std.extVar('sf'), std.extVar('cf')],",
      '    file: std.thisFile, floats: [0.1, 1e300, 1 / 3, -0], empty: [[], {}], s: "\\u0001é\\"",',
      '  }',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('evaluation and JSON output (same bytes as jsonnet 0.18)', () => {
  it('evaluates a file with -J, TLAs and external variables of every kind', () => {
    const r = expectSame([
      '-J', 'lib',
      '-A', 'name=x',
      '--tla-code', 'count=21',
      '--tla-code-file', 'extra=code.jsonnet',
      '-V', 's=str',
      '--ext-code', 'c={a: [1]}',
      '--ext-str-file', 'sf=text.txt',
      '--ext-code-file', 'cf=code.jsonnet',
      'main.jsonnet',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).doubled).toBe(42);
  });

  it('reads -V / -A values from the environment when no =value is given', () => {
    const env = { S_FROM_ENV: 'env value', NAME: 'n' };
    expectSame(['-J', 'lib', '-A', 'NAME', '-V', 'S_FROM_ENV', '--ext-str', 's=1', '--ext-str', 'c=2', '--ext-str', 'sf=3', '--ext-str', 'cf=4', '-e', "std.extVar('S_FROM_ENV')"], { env });
  });

  it('searches JSONNET_PATH (left-most wins) before -J paths (right-most wins)', () => {
    const code = "import 'which.libsonnet'";
    for (const args of [['-J', 'pc'], ['-J', 'pa', '-J', 'pb'], []]) {
      const r = expectSame([...args, '-e', code], { env: { JSONNET_PATH: 'pa:pb' } });
      expect(r.status).toBe(0);
    }
    expect(ours(['-e', code], { env: { JSONNET_PATH: 'pa:pb' } }).stdout).toBe('"pa"\n');
    expect(ours(['-J', 'pa', '-J', 'pb', '-e', code], { env: { JSONNET_PATH: 'pc' } }).stdout).toBe('"pb"\n');
  });

  it('reads the program from stdin with -, and stops option parsing at --', () => {
    expectSame(['-'], { input: '{ file: std.thisFile }' });
    expectSame(['-e', '--', '-1']);
    expectSame(['-Se', '"multichar options expand"']);
  });

  it('writes -o files', () => {
    const r = expectSame(['-o', 'out.json', '-e', '{a: 1}']);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')).toBe('{\n   "a": 1\n}\n');
  });

  it('-S prints a string as is, with a newline', () => {
    expectSame(['-S', '-e', '"line 1\\nline 2"']);
  });

  it('-y writes a YAML stream of JSON documents; an empty array writes nothing', () => {
    expectSame(['-y', '-e', '[1, {a: [1, {}]}, "s", []]']);
    expectSame(['-y', '-e', '[{"__proto__": {constructor: 1}}]']); // keys that are special to JS objects survive
    expect(expectSame(['-y', '-e', '[]']).stdout).toBe('');
  });
});

describe('-m multi-file output', () => {
  it('writes one file per field and lists the paths in sorted order', () => {
    fs.mkdirSync(path.join(dir, 'multi-ours'));
    const code = '{"b.json": {x: [1]}, "a.json": 2, "é.json": "s", "__proto__": {"__proto__": 1}, hidden:: 1}';
    const a = ours(['-m', 'multi-ours', '-e', code]);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe('multi-ours/__proto__\nmulti-ours/a.json\nmulti-ours/b.json\nmulti-ours/é.json\n');
    // Each file holds the field's value as go-jsonnet prints it.
    for (const f of ['a.json', 'b.json', 'é.json', '__proto__']) {
      const want = cpp(['-e', `(${code})[${JSON.stringify(f)}]`]);
      expect(want.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'multi-ours', f), 'utf8')).toBe(want.stdout);
    }
  });

  it('creates directories only with -c, failing in Go words otherwise', () => {
    const code = '{"sub/dir/x.json": 1}';
    const fail = ours(['-m', 'multi-c', '-e', code]);
    expect(fail.status).toBe(1);
    expect(fail.stdout).toBe('multi-c/sub/dir/x.json\n');
    expect(fail.stderr).toBe('open multi-c/sub/dir/x.json: no such file or directory\n');
    const ok = ours(['-c', '-m', 'multi-c/', '-e', code]);
    expect(ok).toEqual({ status: 0, stdout: 'multi-c/sub/dir/x.json\n', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'multi-c/sub/dir/x.json'), 'utf8')).toBe('1\n');
  });

  it('-m -S writes strings without adding a newline (go-jsonnet; 0.18 appends one)', () => {
    fs.mkdirSync(path.join(dir, 'multi-s'));
    const r = ours(['-S', '-m', 'multi-s', '-e', '{"a.txt": "x", "b.txt": "y\\n"}']);
    expect(r).toEqual({ status: 0, stdout: 'multi-s/a.txt\nmulti-s/b.txt\n', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'multi-s/a.txt'), 'utf8')).toBe('x');
    expect(fs.readFileSync(path.join(dir, 'multi-s/b.txt'), 'utf8')).toBe('y\n');
    const bad = ours(['-S', '-m', 'multi-s', '-e', '{"a.txt": 1}']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      "RUNTIME ERROR: multi mode: top-level object's key a.txt has a value of type float64, should be a string\n\tDuring manifestation\t\n\n",
    );
  });

  it('needs an object', () => {
    const r = ours(['-m', '.', '-e', '[1]']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'RUNTIME ERROR: multi mode: top-level object was a array, should be an object whose keys are filenames and values hold the JSON for that file.\n\tDuring manifestation\t\n\n',
    );
  });
});

describe('errors and exit codes', () => {
  // go-jsonnet prints the formatted error with Println, so its stderr ends in a blank line (0.18: no blank line).
  it('a runtime error exits 1 with the trace on stderr', () => {
    const a = ours(['-e', "error 'boom'"]);
    const b = cpp(['-e', "error 'boom'"]);
    expect(a.status).toBe(1);
    expect(b.status).toBe(1);
    expect(a.stdout).toBe('');
    expect(a.stderr.startsWith('RUNTIME ERROR: boom\n\t<cmdline>:1:1-13\t')).toBe(true);
    expect(a.stderr.endsWith('\n\n')).toBe(true);
  });

  it('manifestation errors: -S needs a string, -y needs an array (go-jsonnet wording)', () => {
    expect(ours(['-S', '-e', '1'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'RUNTIME ERROR: expected string result, got: number\n\tDuring manifestation\t\n\n',
    });
    const y = ours(['-y', '-e', '{}']);
    expect(y.status).toBe(1);
    expect(y.stderr).toBe(
      'RUNTIME ERROR: stream mode: top-level object was a object, should be an array whose elements hold the JSON for each document in the stream.\n\tDuring manifestation\t\n\n',
    );
    const f = ours(['-e', '{f: function(x) x}']);
    expect(f.status).toBe(1);
    expect(f.stderr.startsWith("RUNTIME ERROR: couldn't manifest function as JSON\n")).toBe(true);
  });

  it('--max-stack bounds recursion with a Jsonnet error, --max-trace crops the trace', () => {
    const code = 'local f(x) = if x == 0 then error "bottom" else 1 + f(x - 1); f(100)';
    const deep = ours(['--max-stack', '50', '-e', code]);
    expect(deep.status).toBe(1);
    expect(deep.stderr).toMatch(/^RUNTIME ERROR: max stack frames exceeded\./);
    const full = ours(['-e', code, '--max-trace', '0']);
    const cropped = ours(['-t', '4', '-e', code]);
    expect(full.stderr.split('\n').length).toBeGreaterThan(100);
    expect(cropped.stderr.split('\n').length).toBe(1 + 4 + 1 + 2);
    expect(cropped.stderr).toContain('\t...\n');
  });

  it('usage errors exit 1 as in go-jsonnet', () => {
    const none = ours([]);
    expect(none.status).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr.startsWith('ERROR: must give filename\n\nJsonnet commandline interpreter')).toBe(true);
    expect(ours(['-e'])).toMatchObject({ status: 1, stderr: 'ERROR: must give code\n\n' + ours(['-h']).stdout });
    expect(ours(['--bogus'])).toEqual({ status: 1, stdout: '', stderr: 'ERROR: unrecognized argument: --bogus\n' });
    expect(ours(['-e', 'a', 'b'])).toEqual({ status: 1, stdout: '', stderr: 'ERROR: only one code is allowed\n' });
    expect(ours(['-V'])).toEqual({ status: 1, stdout: '', stderr: 'Expected another commandline argument.\n' });
    expect(ours(['-V', 'NOT_SET_ANYWHERE', '-e', '1'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'ERROR: environment variable NOT_SET_ANYWHERE was undefined\n',
    });
    expect(ours(['--ext-str-file', 'k', '-e', '1'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'ERROR: argument not in form <var>=<file> "k"\n',
    });
    expect(ours(['-s', 'x', '-e', '1'])).toEqual({ status: 1, stdout: '', stderr: 'Invalid integer "x"\n' });
    expect(ours(['--max-stack', '0', '-e', '1'])).toEqual({ status: 1, stdout: '', stderr: 'ERROR: invalid --max-stack value: 0\n' });
    expect(ours(['missing.jsonnet'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Opening input file: missing.jsonnet: no such file or directory\n',
    });
  });

  it('reads arguments as go-jsonnet does: -abc is -a -b -c, no --flag=value, the first bad argument is the one reported', () => {
    for (const args of [
      ['-Jlib', '-e', '1'],
      ['-ey', '[1]'],
      ['--max-stack=5', '-e', '1'],
      ['--bogus', '-h'],
      ['-o', '', '-J', '', '-e', '1'],
      ['-J', '', '-o', '', '-e', '1'],
      ['-V', 'NOT_SET_ANYWHERE', '-s', 'x', '-e', '1'],
      ['-s', 'x', '-V', 'NOT_SET_ANYWHERE', '-e', '1'],
      ['-s', '-5', '-e', '1'],
      ['-e', '1', '-s'],
      ['-m', '', '-e', '{}'],
      ['-t', '-1', '-e', '1'],
    ]) {
      expectSame(args);
    }
  });

  it('the last value given for a variable wins, whatever its kind', () => {
    expectSame(['-V', 'a=1', '--ext-code', 'a=2', '-e', "std.extVar('a')"]);
    expectSame(['--ext-code', 'a=2', '-V', 'a=1', '-e', "std.extVar('a')"]);
    expectSame(['-A', 'x=1', '--tla-code', 'x=[2]', '-e', 'function(x) x']);
  });

  it('ends quietly when the reader closes the pipe early', async () => {
    const child = spawn('node', [CLI, '-e', 'std.range(1, 300000)'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('-h and --version print to stdout and exit 0', () => {
    const h = ours(['-h']);
    expect(h.status).toBe(0);
    expect(h.stdout).toContain('-m / --multi <dir>');
    expect(ours(['--version'])).toMatchObject({ status: 0, stderr: '' });
  });
});
