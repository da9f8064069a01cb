// Resource bounds: arrays, strings and imported files have limits with
// sensible defaults that options (CLI flags) raise; exceeding one is a Jsonnet
// error naming the limit and the flag, never an exhausted heap. Imports read
// regular files only (no /dev/zero, FIFOs or sockets).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineOptions } from '../../../tools/jsonnet/api.js';
import { Engine, JsonnetError } from '../../../tools/jsonnet/engine.js';

const dir = mkdtempSync(join(tmpdir(), 'jsonnet-limits-'));
const CLI = resolve(__dirname, '../../../dist/tools/cli/tkts-jsonnet.js');

function evaluate(code: string, opts: EngineOptions = {}): unknown {
  const e = new Engine(opts);
  return e.toJson(e.evaluateSnippet(join(dir, 'main.jsonnet'), code));
}

function errorOf(code: string, opts: EngineOptions = {}): string {
  try {
    evaluate(code, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(JsonnetError);
    return (e as JsonnetError).formatted;
  }
  throw new Error(`expected ${code} to fail`);
}

describe('array and string limits', () => {
  it('std.makeArray(1e8) stops at once with the limit and its flag', () => {
    expect(errorOf('std.length(std.makeArray(1e8, function(i) i))')).toMatch(
      /^RUNTIME ERROR: array of 100000000 elements exceeds the limit of 10000000 \(raise it with --max-array-length\)\n/,
    );
    expect(errorOf('std.range(1, 20)', { maxArrayLength: 10 })).toContain('array of 20 elements exceeds the limit of 10');
    expect(evaluate('std.length(std.range(1, 20))', { maxArrayLength: 20 })).toBe(20);
  });

  it('comprehensions and concatenation count too', () => {
    expect(errorOf('[x for x in std.range(1, 6) for y in [1, 2]]', { maxArrayLength: 10 })).toContain('array of 11 elements exceeds the limit of 10');
    expect(errorOf('std.range(1, 6) + std.range(1, 6)', { maxArrayLength: 10 })).toContain('array of 12 elements exceeds the limit of 10');
  });

  it('strings from +, std.join, std.repeat and formatting', () => {
    const opts = { maxStringLength: 100 };
    const msg = /string of \d+ characters exceeds the limit of 100 \(raise it with --max-string-length\)/;
    expect(errorOf("local s = std.repeat('x', 60); s + s", opts)).toMatch(msg);
    expect(errorOf("std.join(',', std.repeat(['abcdefghij'], 20))", opts)).toMatch(msg);
    expect(errorOf("std.repeat('ab', 51)", opts)).toMatch(msg);
    expect(errorOf("'%200s' % 'x'", opts)).toMatch(msg);
    expect(evaluate("std.length(std.repeat('x', 100))", opts)).toBe(100);
    // A 1 GB join fails before building anything.
    expect(errorOf("local s = std.repeat('x', 1000000); std.length(std.join('', std.repeat([s], 1000)))")).toMatch(
      /string of 1000000000 characters exceeds the limit of 100000000/,
    );
  });
});

describe('imports', () => {
  it('refuse devices, FIFOs and other non-regular files', () => {
    for (const kind of ['importstr', 'importbin', 'import']) {
      expect(errorOf(`${kind} '/dev/zero'`)).toContain(`couldn't open import "/dev/zero": /dev/zero is not a regular file`);
    }
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(errorOf(`importstr '${fifo}'`)).toContain('is not a regular file');
  });

  it('refuse files above the size limit, which a flag raises', () => {
    writeFileSync(join(dir, 'big.txt'), 'y'.repeat(5000));
    expect(errorOf("importstr 'big.txt'", { maxImportSize: 4096 })).toContain(
      `couldn't open import "big.txt": ${join(dir, 'big.txt')} has 5000 bytes, more than the limit of 4096 (raise it with --max-import-size)`,
    );
    expect(evaluate("std.length(importstr 'big.txt')", { maxImportSize: 5000 })).toBe(5000);
  });

  it('only a missing file lets the search go on: a folder of the imported name ends it, as in go-jsonnet', () => {
    mkdirSync(join(dir, 'jpath'));
    writeFileSync(join(dir, 'jpath', 'lib.libsonnet'), '{ found: true }');
    expect(evaluate("import 'lib.libsonnet'", { jpath: [join(dir, 'jpath')] })).toEqual({ found: true });
    mkdirSync(join(dir, 'lib.libsonnet'));
    expect(errorOf("import 'lib.libsonnet'", { jpath: [join(dir, 'jpath')] })).toMatch(/read \S*lib\.libsonnet: is a directory/);
  });
});

describe('command line flags', () => {
  it('--max-array-length, --max-string-length and --max-import-size raise the limits', () => {
    const run = (args: string[]) => spawnSync('node', [CLI, ...args], { cwd: dir, encoding: 'utf8' });
    expect(run(['--max-array-length', '5', '-e', 'std.range(1, 6)']).stderr).toContain('exceeds the limit of 5 (raise it with --max-array-length)');
    expect(run(['--max-array-length', '6', '-e', 'std.length(std.range(1, 6))']).stdout).toBe('6\n');
    expect(run(['--max-string-length', '3', '-e', "'ab' + 'cd'"]).stderr).toContain('exceeds the limit of 3 (raise it with --max-string-length)');
    expect(run(['--max-import-size', '4999', '-e', "std.length(importstr 'big.txt')"]).stderr).toContain('more than the limit of 4999');
    const bad = run(['--max-import-size', '0', '-e', '1']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('invalid --max-import-size value: 0');
  });
});
