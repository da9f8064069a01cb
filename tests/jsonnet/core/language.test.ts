// Language features from the Jsonnet spec, one by one. Every program's
// expected value is written here; std-free ones are also checked against the
// C++ reference (`jsonnet` 0.18) so the expectations themselves are verified.
import { GoldenStore } from '../reference.js';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';

const cases: [string, string, unknown][] = [
  // literals
  ['numbers', '[1, 1.5, 1e3, 2.5E-1, 0]', [1, 1.5, 1000, 0.25, 0]],
  ['string escapes', String.raw`["a\"b", 'c\'d', "\\ \/ \b\f\n\r\t", "\u00e9", "\ud83d\ude00"]`, ['a"b', "c'd", '\\ / \b\f\n\r\t', 'é', '😀']],
  ['verbatim strings', `[@"a""b\\n", @'c''d']`, ['a"b\\n', "c'd"]],
  ['text block', '|||\n  line1\n    indented\n\n  line3\n|||', 'line1\n  indented\n\nline3\n'],
  ['chomped text block', '|||-\n  abc\n  def\n|||', 'abc\ndef'],
  ['comments', '/* c */ 1 + // two\n # three\n 2', 3],
  ['null true false', '[null, true, false]', [null, true, false]],
  // operators and precedence
  ['arithmetic precedence', '1 + 2 * 3 - 8 / 4 % 3', 5],
  ['unary', '[-1, +2, !true, ~5, - -3]', [-1, 2, false, -6, 3]],
  ['bitwise', '[1 << 4, 256 >> 2, 6 & 3, 6 | 3, 6 ^ 3, 1 + 2 << 1]', [16, 64, 2, 7, 5, 6]],
  ['comparison', '[1 < 2, 2 <= 2, "a" < "b", [1, 2] < [1, 3], 3 > 2, 2 >= 3]', [true, true, true, true, true, false]],
  ['equality is deep', '[{a: [1, {b: 2}]} == {a: [1, {b: 2}]}, [1] != [2], {a:: 1} == {}, 1 == "1"]', [true, true, true, false]],
  ['boolean short circuit', '[false && error "x", true || error "y", true && false, false || true]', [false, true, false, true]],
  ['string concatenation', '["a" + 1, 1 + "a", "x" + [1, 2] + {a: 1} + null + true]', ['a1', '1a', 'x[1, 2]{"a": 1}nulltrue']],
  ['array concatenation', '[1, 2] + [3]', [1, 2, 3]],
  ['in', '["a" in {a: 1}, "b" in {a: 1}, "h" in {h:: 1}]', [true, false, true]],
  ['bitwise precedence', '1 | 2 ^ 3 & 4', 3],
  ['modulo numbers', '[7 % 3, -7 % 3, 7.5 % 2]', [1, -1, 1.5]],
  // locals and functions
  ['local', 'local x = 1, y = x + 1; local z = y * 2; [x, y, z]', [1, 2, 4]],
  ['local function sugar', 'local f(a, b=10) = a + b; [f(1), f(1, 2), f(b=3, a=1)]', [11, 3, 4]],
  ['recursive local', 'local fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2); fib(15)', 610],
  ['mutually recursive locals', 'local even(n) = if n == 0 then true else odd(n - 1), odd(n) = if n == 0 then false else even(n - 1); [even(10), odd(7)]', [true, true]],
  ['defaults see other params', 'local f(a, b=a * 2) = [a, b]; f(3)', [3, 6]],
  ['closures', 'local adder(n) = function(x) x + n; local add5 = adder(5); add5(10)', 15],
  ['anonymous functions', '(function(x, y) x * y)(6, 7)', 42],
  ['tailstrict', 'local f(n, acc) = if n == 0 then acc else f(n - 1, acc + n) tailstrict; f(100, 0)', 5050],
  // laziness
  ['lazy array elements', '[error "x", 1][1]', 1],
  ['lazy locals', 'local x = error "a"; 1', 1],
  ['lazy arguments', 'local f(a, b) = b; f(error "no", 2)', 2],
  ['lazy fields', '{a: error "no", b: 1}.b', 1],
  // conditionals, assert, error
  ['if without else is null', '[if false then 1, if true then 2 else 3]', [null, 2]],
  ['assert passes', 'assert 1 < 2 : "msg"; "ok"', 'ok'],
  // objects
  ['field visibility', '{a: 1, b:: 2, c::: 3}', { a: 1, c: 3 }],
  ['hidden stays hidden, ::: forces visible', '({a:: 1, b: 2} + {a: 3, b:: 4}) + ({c:: 1} + {c::: 2})', { c: 2 }],
  ['inherited visibility', '{a:: 1} + {a: 2}', {}],
  ['self late binding', 'local base = {x: 1, y: self.x + 1}; [base.y, (base + {x: 10}).y]', [2, 11]],
  ['super', '{x: 1, y: 2} + {x: super.x + 10, z: super.y * 3}', { x: 11, y: 2, z: 6 }],
  ['super through layers', '{a: "1"} + {a: super.a + "2"} + {a: super.a + "3"}', { a: '123' }],
  ['plus fields', '{a: {x: 1}, l: [1], s: "a"} + {a+: {y: 2}, l+: [2], s+: "b", n+: 5}', { a: { x: 1, y: 2 }, l: [1, 2], s: 'ab', n: 5 }],
  ['nested plus', '{a: {b: {c: 1}}} + {a+: {b+: {d: 2}}}', { a: { b: { c: 1, d: 2 } } }],
  ['object application', 'local o = {a: 1}; o {b: 2}', { a: 1, b: 2 }],
  ['dollar', '{a: 1, b: {c: $.a + 1}}', { a: 1, b: { c: 2 } }],
  ['dollar late bound', '({a: 1, b: {c: $.a}} + {a: 5}).b.c', 5],
  ['computed field names', '{["a" + "b"]: 1, [null]: 2, "quoted key": 3}', { ab: 1, 'quoted key': 3 }],
  ['field functions', '{f(x): x * 2, g(x, y=1):: x + y}.f(4)', 8],
  ['object locals per self', '{local t = self.n * 10, n: 1, v: t} + {n: 2}', { n: 2, v: 20 }],
  ['object asserts pass', '{assert self.a == 1, a: 1}', { a: 1 }],
  ['in super', '{a: 1} + {b: "a" in super, c: "c" in super}', { a: 1, b: true, c: false }],
  ['super index with expression', '{a: 1} + {b: super["a"]}', { a: 1, b: 1 }],
  ['field caching', 'local o = {a: [1, 2, 3]}; o.a == o.a', true],
  ['indexing', '[{a: 1}["a"], [1, 2][1], "héllo"[1], {a: {b: [5]}}.a.b[0]]', [1, 2, 'é', 5]],
  // comprehensions
  ['array comprehension', '[x * 2 for x in [1, 2, 3] if x != 2]', [2, 6]],
  ['nested comprehension', '[[x, y] for x in [1, 2] for y in ["a", "b"] if x == 1]', [[1, 'a'], [1, 'b']]],
  ['comprehension scopes', '[local y = x * x; y + z for x in [1, 2] for z in [x]]', [2, 6]],
  ['object comprehension', '{[k]: v * 2 for k in ["a", "b"] for v in [1] }', { a: 2, b: 2 }],
  ['object comprehension locals and self', '{local m = 10, [k]: m + std_len for k in ["x"] for std_len in [1]}', { x: 11 }],
  ['object comprehension self', '{[k]: k for k in ["a"]} + {b: self.a}', { a: 'a', b: 'a' }],
  // slices
  ['slices', '[[1, 2, 3, 4][1:3], [1, 2, 3, 4][::2], "abcdef"[1:5:2], [1, 2, 3][5:]]', [[2, 3], [1, 3], 'bd', []]],
  ['negative slice bounds (jsonnet 0.21)', '[1, 2, 3][:-1]', [1, 2]],
];

const goJsonnet = new GoldenStore('language');

describe('language (spec features)', () => {
  const engine = new Engine();
  for (const [name, code, expected] of cases) {
    it(name, () => {
      expect(engine.toJson(engine.evaluateSnippet('<cmdline>', code))).toEqual(expected);
    });
  }
  it('agrees with go-jsonnet on every program above', () => {
    const batch = '[' + cases.map(([, code]) => `(\n${code}\n)`).join(',\n') + ']';
    expect(goJsonnet.evalJson(batch)).toEqual(cases.map(([, , e]) => e));
  });
});

function errorOf(code: string, opts = {}): string {
  const engine = new Engine(opts);
  try {
    engine.manifestJson(engine.evaluateSnippet('<cmdline>', code));
  } catch (e) {
    return (e as { formatted: string }).formatted;
  }
  throw new Error('expected an error');
}

describe('static errors', () => {
  const cases: [string, string][] = [
    ['x', '<cmdline>:1:1-2 Unknown variable: x'],
    ['local a = 1; b', '<cmdline>:1:14-15 Unknown variable: b'],
    ['self', "<cmdline>:1:1-5 Can't use self outside of an object."],
    ['super.x', "<cmdline>:1:1-6 Can't use super outside of an object."],
    ['$', '<cmdline>:1:1-2 No top-level object found.'],
    ['{a: 1, a: 2}', '<cmdline>:1:8-9 Duplicate field: a'],
    ['local a = 1, a = 2; a', '<cmdline>:1:14-15 Duplicate local var: a'],
    ['local f(a) = a; f(a=1, 2)', '<cmdline>:1:24-25 Positional argument after a named argument is not allowed'],
    ['[1, 2', '<cmdline>:1:6 Expected a comma before next array element'],
    ['"abc', '<cmdline>:1:1 Unterminated String'],
  ];
  for (const [code, first] of cases) {
    it(code, () => {
      const text = errorOf(code);
      expect(text.split('\n')[0]).toBe(first);
    });
  }
  it('shows the offending source line under the message', () => {
    expect(errorOf('local a = 1;\nfoo + a')).toBe('<cmdline>:2:1-4 Unknown variable: foo\n\nfoo + a\n\n');
  });
  it('rejects unknown variables even in code that is never evaluated', () => {
    expect(errorOf('if true then 1 else nope').split('\n')[0]).toContain('Unknown variable: nope');
  });
});

describe('runtime errors', () => {
  it('error in a function, with the calling frames', () => {
    expect(errorOf('local f(x) = error "boom " + x;\nf(1)')).toBe(
      'RUNTIME ERROR: boom 1\n\t<cmdline>:1:14-31\tfunction <f>\n\t<cmdline>:2:1-5\t$\n\tDuring evaluation\t\n',
    );
  });
  it('messages', () => {
    const first = (c: string): string => errorOf(c).split('\n')[0];
    expect(first('{a: 1}.b')).toBe('RUNTIME ERROR: Field does not exist: b');
    expect(first('[1, 2][2]')).toBe('RUNTIME ERROR: Index 2 out of bounds, not within [0, 2)');
    expect(first('1 / 0')).toBe('RUNTIME ERROR: Division by zero.');
    expect(first('assert 1 > 2; 1')).toBe('RUNTIME ERROR: Assertion failed');
    expect(first('assert 1 > 2 : "custom"; 1')).toBe('RUNTIME ERROR: custom');
    expect(first('{assert false : "obj", a: 1}')).toBe('RUNTIME ERROR: obj');
    expect(first('if 1 then 2')).toBe('RUNTIME ERROR: Unexpected type number, expected boolean');
    expect(first('local f(x) = x; f(1, 2)')).toBe('RUNTIME ERROR: function expected 1 positional argument(s), but got 2');
    expect(first('local f(x) = x; f()')).toBe('RUNTIME ERROR: Missing argument: x');
    expect(first('local f(x) = x; f(y=1)')).toBe('RUNTIME ERROR: function has no parameter y');
    expect(first('[x for x in {}]')).toBe('RUNTIME ERROR: Unexpected type object, expected array');
    expect(first('{[1]: 2}')).toBe('RUNTIME ERROR: Field name must be string, got number');
    expect(first('{["a"]: 1, ["a"]: 2}')).toBe('RUNTIME ERROR: Duplicate field name: "a"');
    expect(first('1e308 * 10')).toBe('RUNTIME ERROR: Overflow');
    expect(first('error {a: 1}')).toBe('RUNTIME ERROR: {"a": 1}');
    expect(first('{} + 1')).toBe('RUNTIME ERROR: Unexpected type number, expected object');
    expect(first('[] + {}')).toBe('RUNTIME ERROR: Unexpected type object, expected array');
    expect(first('true + 1')).toBe('RUNTIME ERROR: Unexpected type boolean');
    expect(first('"a" * 2')).toBe('RUNTIME ERROR: Unexpected type string, expected number');
    expect(first('-"x"')).toBe('RUNTIME ERROR: Unexpected type string, expected number');
    expect(first('!1')).toBe('RUNTIME ERROR: Unexpected type number, expected boolean');
    expect(first('{c: {d: super.e}}')).toBe('RUNTIME ERROR: Attempt to use super when there is no super class.');
    expect(first('{a: 1} + {b: super.c}')).toBe('RUNTIME ERROR: Field does not exist: c');
  });
  it('object asserts run on first field access, not on construction', () => {
    const e = new Engine();
    const v = e.evaluateSnippet('<cmdline>', 'local o = {assert false : "late", a: 1}; [o, 1][1]');
    expect(e.toJson(v)).toBe(1);
  });
  it('deep recursion below maxStack works, beyond it gives the Jsonnet error', () => {
    const e = new Engine();
    expect(e.toJson(e.evaluateSnippet('<cmdline>', 'local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(450)'))).toBe(450);
    const text = errorOf('local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(100000)');
    expect(text.split('\n')[0]).toBe('RUNTIME ERROR: max stack frames exceeded.');
    expect(text).toContain('\t...\n');
    expect(text.split('\n').length).toBeLessThan(25);
  });
  it('infinite self-reference ends with the max stack error', () => {
    expect(errorOf('local x = x + 1; x').split('\n')[0]).toBe('RUNTIME ERROR: max stack frames exceeded.');
    expect(errorOf('{a: self.a}').split('\n')[0]).toBe('RUNTIME ERROR: max stack frames exceeded.');
  });
  it('maxTrace limits the trace lines', () => {
    const text = errorOf('local f(n) = if n == 0 then error "bottom" else f(n - 1); f(30)', { maxTrace: 4 });
    expect(text.split('\n')).toEqual([
      'RUNTIME ERROR: bottom',
      '\t<cmdline>:1:29-43\tfunction <f>',
      '\t<cmdline>:1:49-57\tfunction <f>',
      '\t...',
      '\t<cmdline>:1:59-64\t$',
      '\tDuring evaluation\t',
      '',
    ]);
  });
  it('huge strings give a clear error, not a crash', () => {
    const text = errorOf('local grow(s, n) = if n == 0 then s else grow(s + s, n - 1); std.length(grow("xxxxxxxx", 40))');
    expect(text.split('\n')[0]).toMatch(/RUNTIME ERROR: (String is too long|.*)/);
  });
});
