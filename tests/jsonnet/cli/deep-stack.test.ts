// Deep recursion like go-jsonnet: with --max-stack N the command goes as deep
// as the Jsonnet limit allows (tens of thousands of non-tail frames), on a
// worker thread whose stack is sized for N; `max stack frames exceeded`
// comes only at the Jsonnet limit, counted as go-jsonnet counts (the
// top-level evaluation is a frame). Long operator chains, which use no
// Jsonnet frames, evaluate at any length. Expected results were checked
// against go-jsonnet v0.22.0.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = path.resolve(__dirname, '../../../dist/tools/cli/tkts-jsonnet.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsonnet-deep-'));

function jsonnet(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [CLI, ...args], { cwd: dir, input, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const recurse = (n: number) => `local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(${n})`;

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -p .\` first`);
});

describe('deep recursion', () => {
  it('50,000 non-tail frames with --max-stack 60000', () => {
    const r = jsonnet(['--max-stack', '60000', '-e', recurse(50_000)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('50000\n');
    expect(r.status).toBe(0);
  });

  it('stops exactly at the Jsonnet limit, as go-jsonnet does', () => {
    expect(jsonnet(['-s', '20000', '-e', recurse(19_997)]).stdout).toBe('19997\n');
    const over = jsonnet(['-s', '20000', '-e', recurse(19_998)]);
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/^RUNTIME ERROR: max stack frames exceeded\.\n/);
    expect(over.stderr).toContain('\t...\n'); // the trace is cropped like any other
    // The default limit (500) counts the same way.
    expect(jsonnet(['-e', recurse(497)]).stdout).toBe('497\n');
    expect(jsonnet(['-e', recurse(498)]).stderr).toMatch(/^RUNTIME ERROR: max stack frames exceeded\./);
  });

  it('operator chains of any length use no Jsonnet frames', () => {
    fs.writeFileSync(path.join(dir, 'sum.jsonnet'), Array.from({ length: 50_000 }, () => '1').join(' + '));
    expect(jsonnet(['sum.jsonnet']).stdout).toBe('50000\n');
    fs.writeFileSync(path.join(dir, 'not.jsonnet'), '!'.repeat(30_001) + 'true');
    expect(jsonnet(['not.jsonnet']).stdout).toBe('false\n');
  });

  it('deep nesting of data manifests', () => {
    const r = jsonnet(['-s', '30000', '-e', 'local f(n) = if n == 0 then [] else [f(n - 1)]; std.length(std.flattenDeepArray(f(20000)))']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('0\n');
  });

  it('a rerun on a larger stack prints std.trace lines and reads stdin once', () => {
    const code = `std.trace('before', ${Array.from({ length: 30_000 }, () => '1').join('+')}) + std.length(std.trace('after', 'ab'))`;
    const r = jsonnet(['-'], code);
    expect(r.stdout).toBe('30002\n');
    expect(r.stderr).toBe('TRACE: <stdin>:1 before\nTRACE: <stdin>:1 after\n');
  });
});
