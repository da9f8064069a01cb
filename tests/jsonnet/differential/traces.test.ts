// Error reports as go-jsonnet v0.22.0 prints them, in full: message, every
// stack frame with its description, and the bottom line (goldens in
// tests/jsonnet/goldens/traces.json, live where the binary is present).
// Each group is one rule of go-jsonnet's trace descriptions or messages.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';
import { GoldenStore, type RefRun } from '../reference.js';
import { snippetResult } from './harness.js';

const groups: Record<string, string[]> = {
  'manifestation frames (Field, Array element, Checking object assertions)': [
    '{f: function(x) x}',
    '{a: {b: [1, function(x) x]}}',
    '{a: {b: error "x"}}',
    '[1, {a: error "y"}]',
    '{"é\\n\\u0001😀\\"": error "x"}',
    '{"\\u007f": error "x"}',
    '"" + {a: [function() 1]}',
    'std.toString({a: error "e"})',
    '"" + {a: error "q"}',
    '{a: {assert false}}',
    '{a: {b: {assert false : "m"}}}',
    '{assert error "x"}',
    '{assert 1}',
    '{assert false: 1}',
    '{a: {b: 1} + {assert self.b == 2}}',
    '{[std.toString(x)]: error "x" for x in [1]}',
  ],
  'object assertions: before any lookup, top layer first': [
    '{assert false, a: 1}.a',
    '({a: 1} + {assert false, b: 1}).zz',
    '{assert false : "A"} + {assert false : "B"}',
    '({assert false : "A"} + {assert false : "B", c: 1}).c',
    'local f(o) = o.a; f({assert 1 == 2, a: 1})',
    'assert false : "custom"; 1',
  ],
  'descriptions: objects and functions named after their local': [
    'local x = {a: error "q"}; x.a',
    'local x = {b: {a: error "q"}}; x.b.a',
    'local x = if true then {a: error "q"}; x.a',
    'local x = local y = 1; {a: error "q"}; x.a',
    'local x = ({a: error "q"}); x.a',
    'local f = function() error "q"; f()',
    'local f = (function(x) error "q"); f(1)',
    'local o = {f(x): error "q"}; o.f(1)',
    'local f(x=error "q") = x; f()',
    'local o = {local y = error "q", b: y}; o.b',
    'local x = {a: local y = error "q"; y}; x.a',
    'local x = {a: (function() error "q")()}; x.a',
  ],
  'descriptions: the target of e.id has none': [
    '{a: error "q"}.a',
    '[{a: error "q"}][0].a',
    '{x: {a: error "q"}}.x',
    '{x: {a: error "q"}}["x"].a',
    '(local y = error "q"; y).a',
    '[function() error "q"][0]()',
    'local f = {a: function() error "q"}.a; f()',
    '{a: 1}[local y = error "q"; y]',
    '{a: std.length(error "q")}.a',
  ],
  'comprehensions: the desugared calls are frames': [
    '[x for x in error "q"]',
    '[x for x in [1] for y in error "q"]',
    '[x for x in [1] for y in [2] if error "q"]',
    '[x for x in 1]',
    '[x for x in [1] if x]',
    'local f(a) = [x for x in a if x > 1]; f([1, "a"])',
    '{[x]: 1 for x in error "q"}',
    '{[error "q"]: 1 for x in [1]}',
    '{[x]: 1 for x in [1] if 1}',
    '{[1]: 1 for x in [1]}',
    '{["a"]: 1 for x in [1, 2]}',
  ],
  'arguments: repeated parameters and named arguments': [
    'local f(x, x=1) = x; f(2)',
    'local f(x=2, x=1) = x; f()',
    'local f(x, x) = x; f(1)',
    'local f(x=1, x) = x; f()',
    'local f(x, y=x, x=3) = y; f(1)',
    'local f(x) = x; f(x=1, x=2)',
    'local f(x) = x; f(y=1, y=2)',
    'local f(x) = x; f(1, 2)',
    'std.length(x=1, x=2)',
    'local f(x=1, x=2) = x; f(x=7)',
  ],
  'comparison and indexing messages': [
    '1 < "a"',
    '"a" >= 1',
    '[1] < 1',
    'null < null',
    '{} < {}',
    '[[1]] < [[null]]',
    'std.sort([1, "a"])',
    'local x = true; x[0]',
    'local x = null; x.a',
    'local x = 1; x[0]',
    '{a: 1} + {b: super.zz}',
    '{a: 1} + {b: super["zz"]}',
    '{a: [1]} + {a+: {}}',
  ],
  '`x+: e` fields: a frame described `+:` at e, around the frame e runs in (two frames where `x: e` takes one)': [
    '({b+: error "x"}).b',
    '({} + {b+: error "x"}).b',
    '({b: 1} + {b+: 1 + error "x"}).b',
    '({b: 1} + {b+: local y = 1; error "x"}).b',
    '({b: error "y"} + {b+: 1}).b',
    '({b: error "y"} + {b+: error "x"}).b',
    '({b: 1} + {b+: self.b}).b',
    '({b: 1} + {b+: super.b + self.b}).b',
    '({b: 1} + {["b"]+: self.b}).b',
    '({a: {b: error "z"}} + {a+: {c: 1}}).a.b',
    '{a: {b: 1}} + {a+: {b+: error "x"}}',
    '({b: 1, c: self.b} + {b+: self.c}).b',
    '({b: 1, c: [self.b]} + {b+: self.c[0]}).b',
  ],
  'object comprehensions: `[k]+: e` merges with super (its `+:` frame has no location), each field takes a frame, static errors at `for`': [
    '{[k]+: 1 for k in ["a"]}',
    '{a: {x: 1}} + {[k]+: {y: 2} for k in ["a"]}',
    '({b: 1} + {[k]+: self.b for k in ["b"]}).b',
    '({b: 1} + {[k]: self.b for k in ["b"]}).b',
    '({b: 1, c: self.b} + {[k]+: self.c for k in ["b"]}).b',
    '({b: 1} + {[k]+: error "x" for k in ["b"]}).b',
    '({b: error "y"} + {[k]+: 1 for k in ["b"]}).b',
    '{a: [1]} + {[k]+: {} for k in ["a"]}',
    '{[k]+: 1 for k in ["a", "a"]}',
    'local o = {a: 1}; o + {local z = 2, [k]+: z for k in ["a"]}',
    '{[k]: {[j]+: j for j in ["x"]} for k in ["a", "b"]}',
    '{[k]:: 1 for k in [1]}',
    '{[k]::: 1 for k in [1]}',
    '{[k]+:: 1 for k in ["a"]}',
    '{a:: 1 for k in [1]}',
    '{a: 1 for k in [1]}',
    '{a: 1 for k in }',
    '{[k]:: 1 for k in }',
    '{a: 1, b: 2 for k in [1]}',
    '{assert true, [k]: 1, [j]: 2 for k in [1]}',
    '{[k]+: 1, assert true for k in [1]}',
    '{[k]:: 1\n for k in [1]}',
  ],
  'string escapes and field names: surrogates pair with the escape after them, repeated names by their written text': [
    '"\\ud83d"',
    '"\\ude00"',
    '"a\\ude00b" + "x"',
    '"\\ud83dx"',
    '"\\ud83d\\u0041"',
    '"\\ud83d\\ud83d"',
    '"\\ude00\\ud83d"',
    '"\\ud83d\\ude00"',
    "'\\ud83d'",
    '@"\\ud83d"',
    '{"\\ud83d": 1}',
    'local x = "\\udfff"; 1',
    ') "\\ud83d"',
    '{"\\u0061": 1, "\\u0061": 2}',
    '{"a\\n": 1, "a\\n": 2}',
    '{a: 1, @"a": 2}',
    '{a: 1, "\\u0061": 2}',
    '{"\\\\": 1, @"\\": 2}',
    '{"\\"": 1, @"""": 2}',
    '{a: 1, "\\u0061": 2, b: error "x"}',
    '{[error "n"]: 1, a: 1, "\\u0061": 2}',
    'local o = {a: 1, "\\u0061": 2}; 1',
    'local f = {a: 1, "\\u0061": 2}; f.b',
    '{[k]: 1 for k in ["a\\"\\n\\u0001é\\u007f", "a\\"\\n\\u0001é\\u007f"]}',
    '1e400',
    '[1e400]',
  ],
  'a variable passed on (argument, array element, local) is a thunk of its own: a frame in traces and towards --max-stack': [
    'local d = error "x"; [d, d]',
    'local d = error "x"; local f(a) = a; f(d)',
    'local d = error "x"; local a = d; a',
    'local d = error "x"; [d][0]',
    'local d = error "x"; local f(a) = a + 1; f(a=d)',
    'local d = error "x"; std.length(d)',
    'local x = error "q"; local o = {local y = x, a: y}; o.a',
    'local f(n, m) = if n == 0 then m else f(n - 1, m); f(248, 0)',
    'local f(n, acc) = if n == 0 then acc else f(n - 1, acc); f(400, 1)',
    'local f(n, acc) = if n == 0 then acc else f(n - 1, acc); f(400, 1 + 1)',
  ],
  'parse errors': [
    '1 +',
    '{a: 1 b: 2}',
    '{1: 2}',
    '{a: 1,,}',
    '{a 1}',
    '[x for x in [1] x]',
    '{[x]: 1 for x in [1], b: 2}',
    'local x = 1 x',
    'local x 1; x',
    'local f(x = 1; 1',
    'std.map(function(x) x, 1}',
  ],
  'parse errors: a repeated field name is reported before anything wrong in its body': [
    '{a: 1, a: super}',
    '{a: 1, "a": 1 +}',
    '{a: 1, a(x): }',
    '{a: 1, a+: 1 for x in [1]}',
    '{a: 1, a(x=super): 1}',
    '{a: 1, a = 2}',
  ],
  'parse errors: text blocks, reported where the block starts': [
    '{a: |||x\n  a\n|||}',
    '|||\nx\n|||',
    '|||\n\n',
    '{a: |||\n  x\n',
    '|||\n  a\nb\n|||',
    '|||\n  a\n  |||x',
    '|||-x\n  a\n|||',
    'x + |||',
  ],
  "std.parseJson: input ending inside a literal, number or escape (Go's scanner reads one space at the end)": [
    "std.parseJson('tru')",
    "std.parseJson('[nul')",
    "std.parseJson('-')",
    "std.parseJson('1.')",
    "std.parseJson('{\"a\": 1e+')",
    "std.parseJson('\"\\\\u12')",
    "std.parseJson('\"\\\\')",
    "std.parseJson('[1')",
    "std.parseJson('\"abc')",
  ],
  'internals of std': ['std["$flatMapArray"](function(x) [x, x], [1, 2])', 'std["$objectFlatMerge"]([])', 'std.avg([1e308, 1e308])'],
};

// Errors of std functions that go-jsonnet writes in Jsonnet: compared on the message and the first
// frame, since go-jsonnet's further <std> frames are not reproduced (see std/go-std-frames.ts).
const firstFrameGroups: Record<string, string[]> = {
  'std.__array_* and __compare_array: a string compares as its characters': [
    "std.__array_greater_or_equal('😀', [255, 0, 128])",
    "std.__array_greater_or_equal('abc', ['a', null, 'b'])",
    "std.__array_less('ab', 'ac')",
    "std.__array_less('a', ['a', 1])",
    "std.__array_greater('b', 'a')",
    "std.__array_less_or_equal('', [])",
    "std.__compare_array('ab', ['a', 'b'])",
    "std.__array_less(1, [1])",
    "std.__array_less([1], null)",
    "std.__array_less([1, error 'x'], [2, error 'y'])",
  ],
  "std.format and std.__array_*: a format or an array that is not one is read as go-jsonnet's Jsonnet reads it (std.length, then indexing)": [
    'std.format(2, [104, 101, 108, 108, 111])',
    'std.format(true, [])',
    'std.format(null, 1)',
    'std.format(function(x) x, 1)',
    'std.format(function() 1, [])',
    "std.format({a: '%'}, [])",
    'std.format({}, [])',
    'std.format([1, 1, 2, 2, 3], {assert self.a > 0, a: 1})',
    "std.format(['%', 'd'], [3])",
    "std.format(['%d'], [3])",
    "std.format([1, [2], true, null, {a: 1}, 'x'], [])",
    "std.format(['a', '%', '0', '5', 'd'], [42])",
    'std.__array_less(function(x) x, [1, 1, 2, 2, 3])',
    'std.__array_less([1], function(x) x)',
    'std.__array_less(function() 1, [1])',
    'std.__array_less({a: 1}, [1])',
    'std.__array_less([1], {a: 1})',
    'std.__array_less({}, [1])',
    'std.__array_greater_or_equal(function(x, y) x, [])',
  ],
  'std.slice: a negative step is refused before the indexable is looked at': [
    'std.slice({a: null, b: [], c: {}}, 2, 10, -2)',
    'std.slice({}, -1, 1, -1)',
    'std.slice(1, null, null, -1)',
    'std.slice(1, null, null, null)',
    'std.slice({}, 0, 1, 0)',
    'std.slice([1, 2], 0, 1, -1)',
  ],
  "set functions and flattenArrays: each error at the step of go-jsonnet's std that raises it": [
    "std.setInter([1], ['a'])",
    "std.setInter(['a'], [1])",
    "std.setInter([{}], ['a'])",
    "std.setInter([1], ['a'], keyF=std.length)",
    "std.setInter(['a'], [1], keyF=std.length)",
    "std.setDiff([1], ['a'])",
    "std.setDiff(['a'], [1])",
    "std.setDiff([{}], ['a'])",
    "std.setDiff([1], ['a'], keyF=std.length)",
    "std.setDiff(['a'], [1], keyF=std.length)",
    "std.setUnion('ab', [])",
    "std.setUnion('ab', ['a'])",
    "std.setUnion([], 'ab')",
    "std.setUnion('b', 'a')",
    "std.setUnion('ab', [1, 'a'])",
    "std.setUnion('\\n\\t', [1, 'a'])",
    "std.setInter('ab', ['a'])",
    "std.setInter('😀b', 'b😀')",
    "std.setDiff('ab', ['a'])",
    "std.setDiff('ab', [])",
    "std.setDiff([], 'ab')",
    "std.setMember('a', 'ab')",
    "std.setMember('c', 'ab')",
    "std.setUnion([1], ['a'])",
    "std.setUnion(['a'], [1])",
    "std.setUnion([{}], ['a'])",
    "std.setUnion([1], ['a'], keyF=std.length)",
    "std.setUnion(['a'], [1], keyF=std.length)",
    "std.setMember({}, ['a'])",
    "std.setMember('a', [{}])",
    "std.setMember(1, ['a'])",
    "std.setMember('a', [1])",
    "std.setMember(1, ['a'], keyF=std.length)",
    "std.setMember('a', [1], keyF=std.length)",
    "std.flattenArrays({})",
    "std.flattenArrays([[1], 'x', 2, [3], {a: 1}])",
    "std.flattenArrays([[1], 'x', function(x) x])",
    "std.flattenArrays('')",
  ],
};

const store = new GoldenStore('traces');
const cwd = mkdtempSync(join(tmpdir(), 'jsonnet-traces-'));
const all = [...Object.values(groups), ...Object.values(firstFrameGroups)].flat();
let reference: Map<string, RefRun>;

beforeAll(async () => {
  const runs = await store.runAll(all.map((code) => ({ args: ['-e', code], cwd, keyArgs: ['-e', code] })));
  reference = new Map(all.map((code, i) => [code, runs[i]]));
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));


const engine = new Engine();
for (const [group, codes] of Object.entries(groups)) {
  describe(group, () => {
    for (const code of codes) {
      it(code, () => {
        const ref = reference.get(code)!;
        expect(snippetResult(engine, code)).toEqual({ code: ref.code === 0 ? 0 : 1, stdout: ref.stdout, stderr: ref.stderr });
      });
    }
  });
}

const firstTwoLines = (s: string) => s.split('\n').slice(0, 2).join('\n');
for (const [group, codes] of Object.entries(firstFrameGroups)) {
  describe(group, () => {
    for (const code of codes) {
      it(code, () => {
        const ref = reference.get(code)!;
        const r = snippetResult(engine, code);
        expect({ ...r, stderr: firstTwoLines(r.stderr) }).toEqual({ code: ref.code === 0 ? 0 : 1, stdout: ref.stdout, stderr: firstTwoLines(ref.stderr) });
      });
    }
  });
}
