// `npm run build`'s second step (scripts/bundle.mjs): the Jsonnet command and its deep-stack worker as
// one-file bundles run by small loaders with V8's code cache (an ES module loader for each, and a
// CommonJS one for the command, which users run). Built here into a folder of their own (inside the
// repository, so that the bundles find node_modules), holding nothing but the bundles: every run below
// proves that the bundle is self-contained.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
fs.mkdirSync(path.join(ROOT, '.cache'), { recursive: true });
const OUT = fs.mkdtempSync(path.join(ROOT, '.cache', 'bundle-test-'));
const CLI = path.join(OUT, 'tools/cli/tkts-jsonnet.js');
const CJS_CLI = path.join(OUT, 'tools/cli/tkts-jsonnet.cjs');

function jsonnet(args: string[], env: Record<string, string> = {}, cli = CLI): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: OUT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cacheFiles = () => fs.readdirSync(path.join(OUT, 'tools/cli')).filter((f) => f.endsWith('.cache'));

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/bundle.mjs'), '--outdir', OUT], { cwd: ROOT, stdio: 'pipe' });
});

afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

describe('bundled tkts-jsonnet', () => {
  it('holds only loaders, bundles and code caches', () => {
    expect(fs.readdirSync(path.join(OUT, 'tools/cli')).sort()).toEqual(
      ['jsonnet-worker.js', 'jsonnet-worker.cjs', 'jsonnet-worker.bundle.cjs', 'tkts-jsonnet.js', 'tkts-jsonnet.cjs', 'tkts-jsonnet.bundle.cjs', ...cacheFiles()].sort(),
    );
    expect(cacheFiles()).toHaveLength(2);
  });

  it.each([
    ['tkts-jsonnet.js', CLI],
    ['tkts-jsonnet.cjs', CJS_CLI],
  ])('evaluates, manifests and reads YAML (a package loaded from node_modules), started as %s', (_name, cli) => {
    const r = jsonnet(['-e', "{ y: std.manifestYamlDoc({ a: [1, 'x'] }), p: std.parseYaml('b: [2]') }"], { TKTS_CODE_CACHE: 'report' }, cli);
    expect(r.stderr).toBe('code cache: accepted\n');
    expect(r.stdout).toBe('{\n   "p": {\n      "b": [\n         2\n      ]\n   },\n   "y": "\\"a\\":\\n- 1\\n- \\"x\\""\n}\n');
  });

  it('runs as a command (the bin) through its #! line, without the CA bundle NODE_EXTRA_CA_CERTS names', () => {
    // Node reads that bundle before any of our code runs; a missing one makes it print a warning.
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(OUT, 'no-such-ca.pem') };
    expect(spawnSync(process.execPath, [CJS_CLI, '-e', '1'], { cwd: OUT, encoding: 'utf8', env }).stderr).toMatch(/Ignoring extra certs/);
    const r = spawnSync(CJS_CLI, ['-e', "std.length('a b')"], { cwd: OUT, encoding: 'utf8', env });
    expect(r).toMatchObject({ status: 0, stdout: '3\n', stderr: '' });
  });

  it("reports errors in go-jsonnet's format and exit code", () => {
    fs.writeFileSync(path.join(OUT, 'bad.jsonnet'), "local x = 1;\n{ a: x + 'b' + error 'boom' }\n");
    const r = jsonnet(['bad.jsonnet']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('RUNTIME ERROR: boom\n\tbad.jsonnet:2:16-28\tobject <anonymous>\n\tField "a"\t\n\tDuring manifestation\t\n\n');
    expect(jsonnet(['--nope']).status).toBe(1);
  });

  it.each([
    ['tkts-jsonnet.js', CLI],
    ['tkts-jsonnet.cjs', CJS_CLI],
  ])('moves deep recursion to the bundled deep-stack worker, started as %s', (_name, cli) => {
    const r = jsonnet(['--max-stack', '12000', '-e', 'local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(10000)'], { TKTS_CODE_CACHE: 'report' }, cli);
    expect(r.stdout).toBe('10000\n');
    // One line from the main thread's loader, one from the worker's.
    expect(r.stderr).toBe('code cache: accepted\ncode cache: accepted\n');
  });

  it('runs without its code cache, and with one V8 rejects', () => {
    for (const f of cacheFiles()) fs.writeFileSync(path.join(OUT, 'tools/cli', f), 'not a code cache');
    const rejected = jsonnet(['-e', '[1, 2]'], { TKTS_CODE_CACHE: 'report' });
    expect(rejected.stderr).toBe('code cache: rejected\n');
    expect(rejected.stdout).toBe('[\n   1,\n   2\n]\n');
    for (const f of cacheFiles()) fs.rmSync(path.join(OUT, 'tools/cli', f));
    const missing = jsonnet(['-e', '[1, 2]'], { TKTS_CODE_CACHE: 'report' });
    expect(missing.stderr).toBe('code cache: missing\n');
    expect(missing.stdout).toBe('[\n   1,\n   2\n]\n');
  });

  it("runs tsc's module instead of the bundle once `tsc -p .` has replaced the ES module loader", () => {
    // What tsc writes there: the unbundled entry, whose main() runs the command (it is not Node's entry).
    fs.writeFileSync(CLI, "export function main() { process.stdout.write('unbundled main\\n'); }\n");
    const r = jsonnet(['-e', '1'], { TKTS_CODE_CACHE: 'report' }, CJS_CLI);
    expect(r).toEqual({ status: 0, stdout: 'unbundled main\n', stderr: '' });
  });
});
