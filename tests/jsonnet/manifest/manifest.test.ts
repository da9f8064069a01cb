// Manifesters and parsers: go-jsonnet's behaviour where it differs from the
// C++ 0.18 reference (each such case says so), and error cases.

import { GoldenStore } from '../reference.js';
import { describe, expect, it } from 'vitest';
import {
  manifestBuiltins,
  manifestJsonOutput,
  parseJson,
  parseYaml,
  toStringValue,
  yamlBareSafe,
} from '../../../tools/jsonnet/manifest/index.js';
import { ConstField, JFunction, JObject, RuntimeError, Visibility, type FieldDef, type Value } from '../../../tools/jsonnet/value.js';
import { aFunction, val, withHidden } from './values.js';

function call(name: string, ...args: Value[]): Value {
  return (manifestBuiltins().get(name) as JFunction).call(...args);
}

/** Plain data back out of a value, for comparing parse results. */
function plain(v: Value): unknown {
  if (v instanceof JObject) return Object.fromEntries(v.visibleFields().map((k) => [k, plain(v.get(k))]));
  if (v !== null && typeof v === 'object' && 'values' in v) return v.values().map(plain);
  return v;
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RuntimeError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

const goJsonnet = new GoldenStore('manifest');

describe('CLI JSON output (manifestJsonOutput)', () => {
  it('is byte-identical to go-jsonnet for a mixed document', () => {
    const code = `{b: [1, 0.1, 1e300, -0.5, 1/3, 123456789012345678901234567890, [], {}, [[]]], a: {"é": "\\u0001\\u007f\\u0085\\u2028 é", "": null, t: true}, c: "x\\ny\\"z\\\\"}`;
    const reference = goJsonnet.run({ args: ['-e', code], cwd: '.' }).stdout;
    const data = JSON.parse(reference);
    // JSON.parse cannot carry 123456789012345678901234567890 exactly; the binary prints the double's exact value.
    expect(manifestJsonOutput(val(data))).toBe(reference);
  });

  it('leaves hidden fields out and sorts keys by code point', () => {
    const o = withHidden({ b: 1, a: 2, B: 3 }, { secret: 4 });
    expect(manifestJsonOutput(o)).toBe('{\n   "B": 3,\n   "a": 2,\n   "b": 1\n}\n');
  });

  it('runs object asserts before printing', () => {
    const fields = new Map<string, FieldDef>([['x', new ConstField(Visibility.Inherit, 1)]]);
    const o = new JObject([
      {
        fields,
        asserts: [
          () => {
            throw new RuntimeError('Object assertion failed.');
          },
        ],
      },
    ]);
    expect(errorOf(() => manifestJsonOutput(val({ outer: o })))).toBe('Object assertion failed.');
  });

  it('refuses functions with go-jsonnet wording', () => {
    expect(errorOf(() => manifestJsonOutput(val({ a: [aFunction] })))).toBe("couldn't manifest function as JSON");
  });
});

describe('std.toString', () => {
  it('prints non-strings as one-line JSON with go-jsonnet spacing', () => {
    expect(toStringValue(val({ a: 1, b: [1, 2, {}], c: [] }))).toBe('{"a": 1, "b": [1, 2, { }], "c": [ ]}');
    expect(toStringValue('as is')).toBe('as is');
    expect(toStringValue(0.1)).toBe('0.10000000000000001');
    expect(toStringValue(null)).toBe('null');
  });
});

describe('std.manifestJsonEx (go-jsonnet native builtin)', () => {
  it('prints numbers in shortest form without exponent (0.18 prints %.17g)', () => {
    expect(call('manifestJsonEx', val([0.1, 1e-7, 2.5e21, -0, 1 / 3]), '')).toBe(
      '[\n0.1,\n0.0000001,\n2500000000000000000000,\n-0,\n0.3333333333333333\n]',
    );
    expect(call('manifestJson', 1e300)).toBe('1' + '0'.repeat(300));
  });

  it("escapes strings as Go's encoding/json does (C1 controls raw, U+2028 escaped; 0.18 escapes C1)", () => {
    expect(call('manifestJsonMinified', val(['\u007f\u0085', '\u2028\u2029', '\b\f\u0001', '<&>', '\u{1f600}', '\ud800']))).toBe(
      '["\u007f\u0085","\\u2028\\u2029","\\b\\f\\u0001","<&>","\u{1f600}","\\ufffd"]',
    );
  });

  it('prints empty containers as open, newline, newline, close', () => {
    expect(call('manifestJson', val({ a: [], b: {} }))).toBe('{\n    "a": [\n\n    ],\n    "b": {\n\n    }\n}');
  });

  it('names the path of a function it cannot print', () => {
    expect(errorOf(() => call('manifestJson', val({ a: [1, { b: aFunction }] })))).toBe('tried to manifest function at [a 1 b]');
  });

  it('checks argument types', () => {
    expect(errorOf(() => call('manifestJsonEx', 1, 2))).toBe('Unexpected type number, expected string');
  });
});

describe('std.manifestYamlDoc (go-jsonnet native builtin)', () => {
  it('prints numbers in shortest form (0.18 prints %.17g)', () => {
    expect(call('manifestYamlDoc', val({ a: 0.1, b: [1.5, 1e21] }))).toBe('"a": 0.1\n"b":\n- 1.5\n- 1000000000000000000000');
  });

  it('quotes keys that Go would parse as numbers, dates or YAML 1.1 words (0.18 leaves 1e5 bare)', () => {
    const keys = ['1e5', '1E5', '.5', '5.', '1_000', 'inf', 'Infinity', 'NaN', '-1', '0x1f', 'a0x1', '0b11', '1-2-3', '--', 'Yes', 'OFF', '~'];
    for (const k of keys) expect({ k, safe: yamlBareSafe(k) }).toEqual({ k, safe: false });
    const bare = ['a', 'a.b', '1.2.3', 'x/y', 'under_score', 'kebab-case', '1e400', '.', 'e1', 'v1.2'];
    for (const k of bare) expect({ k, safe: yamlBareSafe(k) }).toEqual({ k, safe: true });
    expect(call('manifestYamlDoc', val({ '1e5': 1, ok: 2 }), false, false)).toBe('"1e5": 1\nok: 2');
  });

  it('writes strings ending in a newline as literal blocks, others quoted', () => {
    expect(call('manifestYamlDoc', val({ a: 'x\n\ny\n', b: ['p\n', 'q'] }))).toBe(
      '"a": |\n  x\n  \n  y\n"b":\n- |\n  p\n- "q"',
    );
  });

  it('writes nothing for a function, as the go-jsonnet v0.22.0 binary does', () => {
    expect(call('manifestYamlDoc', val({ a: { b: aFunction } }))).toBe('"a":\n  "b": ');
  });

  it('streams need arrays', () => {
    expect(errorOf(() => call('manifestYamlStream', val({})))).toBe('manifestYamlStream only takes arrays, got object');
    expect(call('manifestYamlStream', val([]))).toBe('---\n\n...\n');
    expect(call('manifestYamlStream', val([1, { a: [] }]), false, false)).toBe('---\n1\n---\n"a": []\n');
  });
});

describe('other formats', () => {
  it('std.manifestIni (expected text from jsonnet 0.18)', () => {
    const ini = val({ main: { a: 1, b: [1, 'x'] }, sections: { s: { c: { d: 1 } }, t: {} } });
    expect(call('manifestIni', ini)).toBe('a = 1\nb = 1\nb = x\n[s]\nc = {"d": 1}\n[t]\n');
    expect(errorOf(() => call('manifestIni', val({})))).toBe('Field does not exist: sections');
  });

  it('std.manifestXmlJsonml (expected text from jsonnet 0.18)', () => {
    const doc = val(['svg', { height: 100 }, ['circle', { cx: 50, r: '4"0' }], 'text', ['g']]);
    expect(call('manifestXmlJsonml', doc)).toBe('<svg height="100"><circle cx="50" r="4"0"></circle>text<g></g></svg>');
    expect(errorOf(() => call('manifestXmlJsonml', 'x'))).toBe('Expected a JSONML value (an array), got string');
  });

  it('std.manifestTomlEx (expected text from jsonnet 0.18)', () => {
    const doc = val({ a: 1, b: 'x', c: [1, 2, [3, { q: true }]], d: { e: { f: [] } }, g: [{ h: 1 }, {}], i: {}, 'j k': { l: true } });
    expect(call('manifestTomlEx', doc, '    ')).toBe(
      'a = 1\nb = "x"\nc = [\n    1,\n    2,\n    [ 3, { q = true } ]\n]\n\n[d]\n\n\n    [d.e]\n        f = []\n\n[[g]]\n    h = 1\n\n[[g]]\n\n[i]\n\n["j k"]\n    l = true',
    );
    expect(call('manifestToml', val({ t: {} }))).toBe('\n\n[t]');
  });

  it("std.manifestToml quotes an empty key as '' (go-jsonnet; 0.18 writes it bare)", () => {
    expect(call('manifestToml', val({ '': 1 }))).toBe("'' = 1");
  });

  it('std.manifestToml errors name the path', () => {
    expect(errorOf(() => call('manifestToml', val({ a: { b: [null] } })))).toBe('Tried to manifest "null" at [a b 0]');
    expect(errorOf(() => call('manifestToml', val([])))).toBe('TOML body must be an object. Got array');
  });

  it('std.manifestPython / manifestPythonVars', () => {
    expect(call('manifestPython', val({ b: [true, false, null], a: 'x' }))).toBe('{"a": "x", "b": [True, False, None]}');
    expect(call('manifestPythonVars', val({ a: [{}], b: { c: null } }))).toBe('a = [{}]\nb = {"c": None}\n');
    expect(errorOf(() => call('manifestPython', aFunction))).toBe('cannot manifest function');
  });

  it('escapes', () => {
    expect(call('escapeStringJson', '\u007f"\\\n')).toBe('"\\u007f\\"\\\\\\n"');
    expect(call('escapeStringBash', "it's")).toBe(`'it'"'"'s'`);
    expect(call('escapeStringDollars', 'a$b$$')).toBe('a$$b$$$$');
    expect(call('escapeStringXML', `<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(call('escapeStringJson', val({ a: 1 }))).toBe('"{\\"a\\": 1}"');
  });
});

describe('std.parseJson (Go encoding/json)', () => {
  it('parses values, numbers as floats, last duplicate key wins', () => {
    expect(plain(parseJson(' {"a": [1, 2.5e3, -0.5, true, null, "x\\u00e9\\n"], "a2": {}, "d": 1, "d": 2} '))).toEqual({
      a: [1, 2500, -0.5, true, null, 'x\u00e9\n'],
      a2: {},
      d: 2,
    });
    expect(plain(parseJson('"\\ud83d\\ude00"'))).toBe('\u{1f600}');
    expect(plain(parseJson('["\\ud800", "\\udc00x"]'))).toEqual(['\ufffd', '\ufffdx']); // Go replaces lone surrogates
    expect(plain(parseJson('[-0, 1e2, 1E-2]'))).toEqual([-0, 100, 0.01]);
    const proto = parseJson('{"__proto__": {"constructor": 1}}') as JObject;
    expect(proto.visibleFields()).toEqual(['__proto__']);
    expect((proto.get('__proto__') as JObject).get('constructor')).toBe(1);
    expect((parseYaml('__proto__: 1') as JObject).get('__proto__')).toBe(1);
  });

  it("reports syntax errors in Go's words", () => {
    const cases: [string, string][] = [
      ['', 'unexpected end of JSON input'],
      ['{"a": 1', 'unexpected end of JSON input'],
      ['x', "invalid character 'x' looking for beginning of value"],
      ['{a: 1}', "invalid character 'a' looking for beginning of object key string"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ['{"a": 1 "b"}', `invalid character '"' after object key:value pair`],
      ['[1 2]', "invalid character '2' after array element"],
      ['[1,]', "invalid character ']' looking for beginning of value"],
      ['01', "invalid character '1' after top-level value"],
      ['1.', "invalid character ' ' after decimal point in numeric literal"], // Go's scanner reads a space at the end
      ['1.x', "invalid character 'x' after decimal point in numeric literal"],
      ['1e+', "invalid character ' ' in exponent of numeric literal"],
      ['-a', "invalid character 'a' in numeric literal"],
      ['1ex', "invalid character 'x' in exponent of numeric literal"],
      ['tru', "invalid character ' ' in literal true (expecting 'e')"],
      ['trux', "invalid character 'x' in literal true (expecting 'e')"],
      ['nul!', "invalid character '!' in literal null (expecting 'l')"],
      ['"a\nb"', "invalid character '\\n' in string literal"],
      ['"\\x"', "invalid character 'x' in string escape code"],
      ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
      ["'a'", "invalid character '\\'' looking for beginning of value"],
      ['1 2', "invalid character '2' after top-level value"],
      ['1e400', 'json: cannot unmarshal number 1e400 into Go value of type float64'],
      ['[1' + '0'.repeat(400) + ']', `json: cannot unmarshal number 1${'0'.repeat(400)} into Go value of type float64`],
      ['[1e400, x]', "invalid character 'x' looking for beginning of value"],
    ];
    for (const [input, message] of cases) {
      expect({ input, message: errorOf(() => parseJson(input)) }).toEqual({ input, message: `failed to parse JSON: ${message}` });
    }
  });
});

describe('std.parseYaml (go-jsonnet: yaml.v2 resolution, documents split on --- lines)', () => {
  const py = (s: string) => plain(parseYaml(s));

  it('reads one document as its value', () => {
    expect(py('a: 1\nb: [x, "y"]\nc:\n  d: true\n')).toEqual({ a: 1, b: ['x', 'y'], c: { d: true } });
    expect(py('- 1\n- two\n')).toEqual([1, 'two']);
    expect(py('plain')).toBe('plain');
    expect(py('')).toBe(null);
  });

  it('resolves plain scalars as YAML 1.1 / yaml.v2 does (C++ 0.18 uses YAML 1.2 rules)', () => {
    expect(py('[yes, No, on, OFF, y, n, ~, null, Null, "", 0x1F, 017, 0o17, 0b101, 08, 1_000, +5, -0x10, 1e3, .5, 1.5, 1:30, 2001-12-14]')).toEqual([
      true, false, true, false, true, false, null, null, null, '', 31, 15, 15, 5, 8, 1000, 5, -16, 1000, 0.5, 1.5, '1:30', '2001-12-14',
    ]);
    expect(py('[!!str 123, "yes", \'0x1\', !custom 7]')).toEqual(['123', 'yes', '0x1', '7']);
    expect(py('{1: a, true: b, 1.5: c}')).toEqual({ '1': 'a', true: 'b', '1.5': 'c' });
  });

  it('supports anchors, aliases and merge keys', () => {
    expect(py('base: &b {p: 1, q: 2}\nderived:\n  <<: *b\n  q: 3\nmany:\n  <<: [{r: 1}, {r: 2, s: 2}]\nlist: [*b]\n')).toEqual({
      base: { p: 1, q: 2 },
      derived: { p: 1, q: 3 },
      many: { r: 1, s: 2 },
      list: [{ p: 1, q: 2 }],
    });
    // yaml.v2 reads the key `y` as the boolean true, which sigs.k8s.io/yaml writes as "true".
    expect(py('{x: 1, y: 2}')).toEqual({ x: 1, true: 2 });
  });

  it('refuses alias bombs as yaml.v2 does', () => {
    let doc = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) doc += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    expect(errorOf(() => parseYaml(doc))).toBe('failed to parse YAML: error converting YAML to JSON: yaml: document contains excessive aliasing');
  });

  it('keeps block scalars', () => {
    expect(py('a: |\n  l1\n  l2\nb: >\n  f1\n  f2\n')).toEqual({ a: 'l1\nl2\n', b: 'f1 f2\n' });
  });

  it('turns a stream with --- lines into an array', () => {
    expect(py('a: 1\n---\nb: 2\n')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(py('---\na: 1\n')).toEqual([{ a: 1 }]);
    // Each marker starts a document: a last one with nothing after it is null (go-jsonnet v0.22.0).
    expect(py('---\na: 1\n---\n')).toEqual([{ a: 1 }, null]);
    expect(py('--- 1\n--- [2]')).toEqual([1, [2]]);
    expect(py('a: ---x\nb: "---"\n')).toEqual({ a: '---x', b: '---' }); // go-jsonnet#749, fixed in 0.21
  });

  it('keeps go-jsonnet 0.21 quirks: a comment before the first --- is a null document (go-jsonnet#660)', () => {
    expect(py('# Test\n---\nfoo: bar\n---\nbaz: cuux\n')).toEqual([null, { foo: 'bar' }, { baz: 'cuux' }]);
  });

  it('reports errors with the go-jsonnet prefix', () => {
    expect(errorOf(() => parseYaml('a: [1, 2'))).toMatch(/^failed to parse YAML: error converting YAML to JSON: yaml: line \d+: /);
    expect(errorOf(() => parseYaml('a: .inf'))).toBe('failed to parse YAML: error converting YAML to JSON: json: unsupported value: +Inf');
  });
});
