// Stress: inputs that push the engine to its limits must end in a Jsonnet
// error (a JsonnetError with a clear message), never a Node crash or a leaked
// JavaScript stack (RangeError, "Maximum call stack size exceeded", "Invalid
// string length"); deep data that is legal must manifest.

import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineApi, EngineOptions } from '../../../tools/jsonnet/api.js';
import { loadEngine } from './harness.js';

let Engine: new (opts?: EngineOptions) => EngineApi;
let JsonnetError: new (...a: never[]) => Error;

beforeAll(async () => {
  ({ Engine, JsonnetError } = await loadEngine());
});

function evaluate(code: string, opts: EngineOptions = {}): string {
  const e = new Engine(opts);
  return e.manifestJson(e.evaluateSnippet('stress.jsonnet', code));
}

/** Asserts that evaluating `code` throws a JsonnetError whose text matches `message`. */
function expectJsonnetError(code: string, message: RegExp, opts: EngineOptions = {}): void {
  let thrown: unknown = null;
  try {
    evaluate(code, opts);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'evaluation should fail').not.toBeNull();
  const err = thrown as Error & { formatted?: string };
  const text = err.formatted ?? err.message;
  expect(thrown instanceof JsonnetError, `not a JsonnetError: ${err.name}: ${err.message}`).toBe(true);
  expect(text).toMatch(message);
  expect(text).not.toMatch(/RangeError|Maximum call stack|Invalid (string|array) length|at .*\.(js|ts):\d+/);
}

describe('jsonnet engine under stress', () => {
  it('non-tail recursion ends with max stack frames exceeded', () => {
    expectJsonnetError('local f(n) = 1 + f(n + 1); f(0)', /max stack frames exceeded/i);
  });

  it('deep recursion with a huge --max-stack still ends in a Jsonnet error or a result, never a JS stack overflow', () => {
    let result: string | null = null;
    try {
      result = evaluate('local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(200000)', { maxStack: 1_000_000 });
    } catch (e) {
      expect(e instanceof JsonnetError, `not a JsonnetError: ${(e as Error).name}: ${(e as Error).message}`).toBe(true);
      expect((e as InstanceType<typeof JsonnetError> & { formatted?: string }).formatted ?? (e as Error).message).toMatch(/stack/i);
    }
    if (result !== null) expect(result).toBe('200000\n');
  });

  it('mutually recursive object fields end with max stack frames exceeded', () => {
    expectJsonnetError('local o = { a: self.b + 1, b: self.a + 1 }; o.a', /max stack frames exceeded/i);
  });

  it('recursion through deep thunk chains ends with a Jsonnet error', () => {
    expectJsonnetError('local xs = std.foldl(function(acc, i) [acc[0] + 1], std.range(1, 100000), [0]); xs[0] + error "reached"', /max stack frames exceeded|reached/i);
  });

  it('the stack limit is configurable', () => {
    const code = 'local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(300)';
    expect(evaluate(code)).toBe('300\n');
    expectJsonnetError(code, /max stack frames exceeded/i, { maxStack: 100 });
  });

  it('tail-recursive loops with tailstrict run far beyond the stack limit', () => {
    expect(evaluate('local loop(n, acc) = if n == 0 then acc else loop(n - 1, acc + 1) tailstrict; loop(20000, 0)')).toBe('20000\n');
  });

  it('a string that doubles past the JS limit gives a clear error', () => {
    expectJsonnetError("local dbl(s, n) = if n == 0 then s else dbl(s + s, n - 1); std.length(dbl('x', 40))", /string|length|memory|large/i);
  });

  // go-jsonnet converts sizes through int32 and says "Expected an integer, but got 1e+10".
  it('a huge array gives a clear error', () => {
    expectJsonnetError('std.length(std.makeArray(1e10, function(i) i))', /integer|array|length|size|large|memory/i);
  });

  it('a huge range gives a clear error', () => {
    expectJsonnetError('std.length(std.range(0, 1e10))', /integer|array|length|size|range|large|memory/i);
  });

  it('an array just inside int32 but beyond memory gives a clear error, not a crash', () => {
    expectJsonnetError('std.length(std.makeArray(2e9, function(i) i))', /array|length|size|large|memory|stack/i);
  });

  it('std.repeat past the JS string limit gives a clear error', () => {
    expectJsonnetError("std.length(std.repeat('abcdefgh', 1e9))", /string|length|memory|large/i);
  });

  it('deeply nested data manifests (depth 400 objects, within the default stack)', () => {
    const out = evaluate('local nest(n) = if n == 0 then { leaf: true } else { c: nest(n - 1) }; nest(400)');
    expect(out.split("\n").length).toBe(400 * 2 + 4); // 401 opening lines, the leaf, 401 closing lines, trailing newline
    expect(out).toContain('"leaf": true');
  });

  it('deeply nested arrays built iteratively manifest or fail cleanly', () => {
    // 5000 levels: built by a fold (no deep recursion when building), manifesting is deep.
    let out: string | null = null;
    try {
      out = evaluate('std.foldl(function(acc, i) [acc], std.range(1, 5000), 0)');
    } catch (e) {
      expect(e instanceof JsonnetError, `not a JsonnetError: ${(e as Error).name}: ${(e as Error).message}`).toBe(true);
    }
    if (out !== null) {
      expect(JSON.parse(out)).toBeTruthy();
      expect(out.trimEnd().endsWith(']')).toBe(true);
    }
  });

  it('wide data manifests: 100k array elements and a 20k-field object', () => {
    const out = evaluate('{ arr: std.range(1, 100000), obj: { ["f" + i]: i for i in std.range(1, 20000) } }');
    const parsed = JSON.parse(out);
    expect(parsed.arr.length).toBe(100000);
    expect(Object.keys(parsed.obj).length).toBe(20000);
  });

  it('errors deep inside data report a Jsonnet error, not a crash', () => {
    expectJsonnetError('local nest(n) = if n == 0 then error "bottom" else { c: nest(n - 1) }; nest(300)', /bottom/);
  });

  it('a long stack trace is limited by maxTrace', () => {
    let text = '';
    try {
      evaluate('local f(n) = if n == 0 then error "deep" else f(n - 1) + 1; f(100)', { maxTrace: 5 });
    } catch (e) {
      text = (e as Error & { formatted?: string }).formatted ?? '';
    }
    expect(text).toMatch(/deep/);
    // first line + at most 5 frames (+ possibly a "..." marker line)
    expect(text.trimEnd().split('\n').length).toBeLessThanOrEqual(8);
  });
});
