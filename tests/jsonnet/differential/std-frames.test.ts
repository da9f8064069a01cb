// The frames of go-jsonnet's std functions that are Jsonnet code there (its embedded std.jsonnet):
// they appear in traces of errors passing through them and count towards --max-stack. Whole error
// reports against go-jsonnet v0.22.0 (goldens in tests/jsonnet/goldens/std-frames.json, live where
// the binary is present): errors in callbacks, elements and arguments, and recursions through these
// functions right at --max-stack 100 (the deepest level go-jsonnet reaches and one more).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';
import { GoldenStore, type RefRun } from '../reference.js';
import { snippetResult } from './harness.js';

const traces: Record<string, string[]> = {
  'std.map, mapWithIndex, filterMap: an element is a makeArray thunk calling the function from <std>, the element passed in a thunk': [
    'std.map(function(x) error "e", [1])',
    'std.map(function(x) x + 1, [error "e"])',
    'std.map(function(x) x + 1, [error "e"])[0]',
    'local a = std.map(function(x) error "e", [1]); a[0]',
    'std.map(function(x) error "e", "ab")',
    'std.mapWithIndex(function(i, x) error "e", [1])',
    'std.mapWithIndex(function(i, x) x + 1, [error "e"])',
    'std.mapWithIndex(function(i, x) std.type(i) + error "e", [1])',
    'std.filterMap(function(x) true, function(x) error "e", [1])',
    'std.filterMap(function(x) true, function(x) x + 1, [error "e"])',
    'std.makeArray(2, function(i) error "e")',
    'std.makeArray(2, function(i) error "e")[0]',
  ],
  'checks of the parameters: std.isX called from <std>, each parameter passed in a thunk': [
    'std.map(error "e", [1])',
    'std.map(function(x) x, error "e")',
    'std.map(1, error "e")',
    'std.mapWithIndex(error "e", [1])',
    'std.mapWithIndex(function(i, x) x, error "e")',
    'std.mapWithKey(error "e", {})',
    'std.mapWithKey(function(k, v) v, error "e")',
    'std.filterMap(error "e", function(x) x, [1])',
    'std.filterMap(function(x) x, error "e", [1])',
    'std.filterMap(function(x) x, function(x) x, error "e")',
    'std.filterMap(function(x) error "f", function(x) x, [1])',
    'std.filterMap(function(x) x, function(x) x, [error "e"])',
    'std.isString(error "e")',
    'std.isNumber(error "e")',
    'std.isBoolean(error "e")',
    'std.isObject(error "e")',
    'std.isArray(error "e")',
    'std.isFunction(error "e")',
    'std.isNull(error "e")',
  ],
  'object functions: fields computed in <std>': [
    'std.mapWithKey(function(k, v) error "e", {a: 1})',
    'std.mapWithKey(function(k, v) v + 1, {a: error "e"})',
    'std.mapWithKey(function(k, v) std.type(k) + error "e", {a: 1})',
    'std.objectValues({a: error "e"})',
    'std.objectValuesAll({a:: error "e"})',
    'std.objectKeysValues({a: error "e"})',
    'std.objectKeysValuesAll({a:: error "e"})',
    'std.objectValues(error "e")',
    'std.objectValuesAll(error "e")',
    'std.objectKeysValues(error "e")',
    'std.objectKeysValuesAll(error "e")',
  ],
  'manifestJson and manifestJsonMinified call manifestJsonEx from <std>': [
    'std.manifestJson({a: error "e"})',
    'std.manifestJson([error "e"])',
    'std.manifestJson(error "e")',
    'std.manifestJson({a: function(x) x})',
    'std.manifestJsonMinified({a: error "e"})',
    'std.manifestJsonMinified([error "e"])',
    'std.manifestJsonMinified(error "e")',
  ],
};

// Recursions through each function: [template with N, the deepest N go-jsonnet evaluates at --max-stack 100].
const recursions: [string, number][] = [
  ['local f(n) = if n == 0 then 0 else std.map(function(x) f(n - 1), [1])[0]; f(N)', 24],
  ['local f(n) = if n == 0 then 0 else std.map(function(x) x, [f(n - 1)])[0]; f(N)', 16],
  ['local f(n) = if n == 0 then 0 else std.mapWithIndex(function(i, x) f(n - 1), [1])[0]; f(N)', 24],
  ['local f(n) = if n == 0 then 0 else std.mapWithKey(function(k, x) f(n - 1), {a: 1}).a; f(N)', 31],
  ['local f(n) = if n == 0 then 0 else std.filterMap(function(x) true, function(x) f(n - 1), [1])[0]; f(N)', 23],
  ['local f(n) = if n == 0 then 0 else std.filterMap(function(x) f(n - 1) == 0, function(x) 0, [1])[0]; f(N)', 12],
  ['local f(n) = if n == 0 then true else std.isBoolean(f(n - 1)); f(N)', 24],
  ['local f(n) = if n == 0 then 0 else std.makeArray(1, function(i) f(n - 1))[0]; f(N)', 32],
  ['local f(n) = if n == 0 then 0 else std.length(std.manifestJson([f(n - 1)])); f(N)', 24],
  ['local f(n) = if n == 0 then 0 else std.objectValues(local o = {a: f(n - 1)}; o)[0]; f(N)', 31],
];

const store = new GoldenStore('std-frames');
const cwd = mkdtempSync(join(tmpdir(), 'jsonnet-std-frames-'));
const deep = recursions.flatMap(([t, n]) => [t.replace('N', String(n)), t.replace('N', String(n + 1))]);
const calls = [...Object.values(traces).flat().map((code) => ['-e', code]), ...deep.map((code) => ['--max-stack', '100', '-e', code])];
let reference: Map<string, RefRun>;

beforeAll(async () => {
  const runs = await store.runAll(calls.map((args) => ({ args, cwd, keyArgs: args })));
  reference = new Map(calls.map((args, i) => [args.join(' '), runs[i]]));
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const check = (engine: Engine, args: string[]) => {
  const ref = reference.get(args.join(' '))!;
  expect(snippetResult(engine, args[args.length - 1])).toEqual({ code: ref.code === 0 ? 0 : 1, stdout: ref.stdout, stderr: ref.stderr });
};

const engine = new Engine();
for (const [group, codes] of Object.entries(traces)) {
  describe(group, () => {
    for (const code of codes) it(code, () => check(engine, ['-e', code]));
  });
}

describe('recursions through them, at --max-stack 100', () => {
  const limited = new Engine({ maxStack: 100 });
  for (const code of deep) it(code, () => check(limited, ['--max-stack', '100', '-e', code]));
});
