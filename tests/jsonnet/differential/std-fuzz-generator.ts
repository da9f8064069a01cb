// A seeded generator of hostile std calls: every std function of go-jsonnet
// v0.22.0 called with generated arguments (nested values built at random,
// extreme floats, astral and combining characters, long strings, functions
// where values are expected, wrong types), positional or named, with
// defaults left out, too many or too few, plus `%` formatting with every
// flag, width, precision and `*`, the manifesters with their options, the
// number printer, slices and string functions on non-ASCII. Unlike
// edge-generator.ts (fixed value lists) the arguments here are built from
// parts, so each seed reaches new combinations.

import { SeededChoices } from './generator.js';

type Kind = 'num' | 'int' | 'str' | 'char' | 'arr' | 'obj' | 'bool' | 'fn1' | 'fn2' | 'any' | 'arrNum' | 'arrStr' | 'arrBool' | 'arrArr' | 'bytes' | 'json' | 'yaml' | 'xml' | 'ini' | 'toml' | 'path' | 'count';

// go-jsonnet v0.22.0's std functions: parameter names and the kinds worth passing (optional ones end with '?').
const STD: Record<string, [string, Kind][]> = {
  $flatMapArray: [['func', 'fn1'], ['arr', 'arr']], $objectFlatMerge: [['x', 'arr']],
  __array_greater: [['arr1', 'arr'], ['arr2', 'arr']], __array_greater_or_equal: [['arr1', 'arr'], ['arr2', 'arr']],
  __array_less: [['arr1', 'arr'], ['arr2', 'arr']], __array_less_or_equal: [['arr1', 'arr'], ['arr2', 'arr']],
  __compare: [['v1', 'any'], ['v2', 'any']], __compare_array: [['arr1', 'arr'], ['arr2', 'arr']],
  abs: [['n', 'num']], acos: [['x', 'num']], all: [['arr', 'arrBool']], any: [['arr', 'arrBool']], asciiLower: [['str', 'str']],
  asciiUpper: [['str', 'str']], asin: [['x', 'num']], assertEqual: [['a', 'any'], ['b', 'any']], atan: [['x', 'num']],
  atan2: [['y', 'num'], ['x', 'num']], avg: [['arr', 'arrNum']], base64: [['input', 'str']], base64Decode: [['str', 'str']],
  base64DecodeBytes: [['str', 'str']], ceil: [['x', 'num']], char: [['n', 'int']], clamp: [['x', 'num'], ['minVal', 'num'], ['maxVal', 'num']],
  codepoint: [['str', 'char']], contains: [['arr', 'arr'], ['elem', 'any']], cos: [['x', 'num']], count: [['arr', 'arr'], ['x', 'any']],
  decodeUTF8: [['arr', 'bytes']], deepJoin: [['arr', 'arrArr']], deg2rad: [['x', 'num']], encodeUTF8: [['str', 'str']],
  endsWith: [['a', 'str'], ['b', 'str']], equals: [['x', 'any'], ['y', 'any']], equalsIgnoreCase: [['str1', 'str'], ['str2', 'str']],
  escapeStringBash: [['str_', 'str']], escapeStringDollars: [['str_', 'str']], escapeStringJson: [['str_', 'str']],
  escapeStringPython: [['str', 'str']], escapeStringXML: [['str_', 'str']], exp: [['x', 'num']], exponent: [['x', 'num']],
  filter: [['func', 'fn1'], ['arr', 'arr']], filterMap: [['filter_func', 'fn1'], ['map_func', 'fn1'], ['arr', 'arr']],
  find: [['value', 'any'], ['arr', 'arr']], findSubstr: [['pat', 'str'], ['str', 'str']], flatMap: [['func', 'fn1'], ['arr', 'arr']],
  flattenArrays: [['arrs', 'arrArr']], flattenDeepArray: [['value', 'arrArr']], floor: [['x', 'num']],
  foldl: [['func', 'fn2'], ['arr', 'arr'], ['init', 'any']], foldr: [['func', 'fn2'], ['arr', 'arr'], ['init', 'any']],
  format: [['str', 'str'], ['vals', 'any']], get: [['o', 'obj'], ['f', 'str'], ['default?', 'any'], ['inc_hidden?', 'bool']],
  hypot: [['x', 'num'], ['y', 'num']], id: [['x', 'any']], isArray: [['v', 'any']], isBoolean: [['v', 'any']], isDecimal: [['x', 'num']],
  isEmpty: [['str', 'str']], isEven: [['x', 'num']], isFunction: [['v', 'any']], isInteger: [['x', 'num']], isNull: [['x', 'any']],
  isNumber: [['v', 'any']], isObject: [['v', 'any']], isOdd: [['x', 'num']], isString: [['v', 'any']], join: [['sep', 'str'], ['arr', 'arrStr']],
  length: [['x', 'any']], lines: [['arr', 'arrStr']], log: [['x', 'num']], log10: [['x', 'num']], log2: [['x', 'num']],
  lstripChars: [['str', 'str'], ['chars', 'str']], makeArray: [['sz', 'count'], ['func', 'fn1']], manifestIni: [['ini', 'ini']],
  manifestJson: [['value', 'any']], manifestJsonEx: [['value', 'any'], ['indent', 'str'], ['newline?', 'str'], ['key_val_sep?', 'str']],
  manifestJsonMinified: [['value', 'any']], manifestPython: [['v', 'any']], manifestPythonVars: [['conf', 'obj']],
  manifestToml: [['value', 'toml']], manifestTomlEx: [['value', 'toml'], ['indent', 'str']], manifestXmlJsonml: [['value', 'xml']],
  manifestYamlDoc: [['value', 'any'], ['indent_array_in_object?', 'bool'], ['quote_keys?', 'bool']],
  manifestYamlStream: [['value', 'arr'], ['indent_array_in_object?', 'bool'], ['c_document_end?', 'bool'], ['quote_keys?', 'bool']],
  mantissa: [['x', 'num']], map: [['func', 'fn1'], ['arr', 'arr']], mapWithIndex: [['func', 'fn2'], ['arr', 'arr']],
  mapWithKey: [['func', 'fn2'], ['obj', 'obj']], max: [['a', 'num'], ['b', 'num']], maxArray: [['arr', 'arr'], ['keyF?', 'fn1'], ['onEmpty?', 'any']],
  md5: [['s', 'str']], member: [['arr', 'arr'], ['x', 'any']], mergePatch: [['target', 'any'], ['patch', 'any']], min: [['a', 'num'], ['b', 'num']],
  minArray: [['arr', 'arr'], ['keyF?', 'fn1'], ['onEmpty?', 'any']], mod: [['a', 'num'], ['b', 'num']], modulo: [['x', 'num'], ['y', 'num']],
  objectFields: [['o', 'obj']], objectFieldsAll: [['o', 'obj']], objectFieldsEx: [['obj', 'obj'], ['hidden', 'bool']],
  objectHas: [['o', 'obj'], ['f', 'str']], objectHasAll: [['o', 'obj'], ['f', 'str']], objectHasEx: [['obj', 'obj'], ['fname', 'str'], ['hidden', 'bool']],
  objectKeysValues: [['o', 'obj']], objectKeysValuesAll: [['o', 'obj']], objectRemoveKey: [['obj', 'obj'], ['key', 'str']],
  objectValues: [['o', 'obj']], objectValuesAll: [['o', 'obj']], parseHex: [['str', 'str']], parseInt: [['str', 'str']],
  parseJson: [['str', 'json']], parseOctal: [['str', 'str']], parseYaml: [['str', 'yaml']], pow: [['x', 'num'], ['n', 'num']],
  primitiveEquals: [['x', 'any'], ['y', 'any']], prune: [['a', 'any']], rad2deg: [['x', 'num']], range: [['from', 'count'], ['to', 'count']],
  remove: [['arr', 'arr'], ['elem', 'any']], removeAt: [['arr', 'arr'], ['i', 'int']], repeat: [['what', 'str'], ['count', 'count']],
  resolvePath: [['f', 'path'], ['r', 'path']], reverse: [['arr', 'arr']], round: [['x', 'num']], rstripChars: [['str', 'str'], ['chars', 'str']],
  set: [['arr', 'arr'], ['keyF?', 'fn1']], setDiff: [['a', 'arr'], ['b', 'arr'], ['keyF?', 'fn1']], setInter: [['a', 'arr'], ['b', 'arr'], ['keyF?', 'fn1']],
  setMember: [['x', 'any'], ['arr', 'arr'], ['keyF?', 'fn1']], setUnion: [['a', 'arr'], ['b', 'arr'], ['keyF?', 'fn1']], sha1: [['s', 'str']],
  sha256: [['s', 'str']], sha3: [['s', 'str']], sha512: [['s', 'str']], sign: [['n', 'num']], sin: [['x', 'num']],
  slice: [['indexable', 'any'], ['index', 'int'], ['end', 'int'], ['step', 'int']], sort: [['arr', 'arr'], ['keyF?', 'fn1']],
  split: [['str', 'str'], ['c', 'str']], splitLimit: [['str', 'str'], ['c', 'str'], ['maxsplits', 'int']],
  splitLimitR: [['str', 'str'], ['c', 'str'], ['maxsplits', 'int']], sqrt: [['x', 'num']], startsWith: [['a', 'str'], ['b', 'str']],
  strReplace: [['str', 'str'], ['from', 'str'], ['to', 'str']], stringChars: [['str', 'str']], stripChars: [['str', 'str'], ['chars', 'str']],
  substr: [['str', 'str'], ['from', 'count'], ['len', 'int']], sum: [['arr', 'arrNum']], tan: [['x', 'num']], toString: [['a', 'any']] as [string, Kind][], // (typed: the key is also Object.prototype's)
  trace: [['str', 'str'], ['rest', 'any']], trim: [['str', 'str']], type: [['x', 'any']], uniq: [['arr', 'arr'], ['keyF?', 'fn1']],
  xnor: [['x', 'bool'], ['y', 'bool']], xor: [['x', 'bool'], ['y', 'bool']], extVar: [['x', 'str']], native: [['x', 'str']],
};

// Parts of values, as Jsonnet source.
const NUMS = ['0', '-0', '1', '-1', '2', '3', '0.5', '-0.5', '1.5', '2.5', '-2.5', '0.1', '0.1 + 0.2', '1/3', '-1/3', '2/3', '10', '-10', '42',
  '100', '255', '256', '1000', '65535', '1e6', '1e15', '1e16', '1e17', '1e20', '1e21', '1e22', '1e100', '1e300', '1e308', '1.7976931348623157e308',
  '-1e308', '1e-5', '1e-6', '1e-7', '1e-300', '1e-320', '5e-324', '4.9e-324', '2.2250738585072014e-308', '9007199254740991', '9007199254740992',
  '9007199254740993', '-9007199254740993', '18014398509481984', '4294967295', '4294967296', '2147483647', '2147483648', '-2147483648',
  '-2147483649', '9223372036854775807', '9223372036854775808', '18446744073709551616', '123456789.987654321', '0.000123', '3.14159',
  'std.pi', '-std.pi', '1e308 * 10', '-1e308 * 10', '1e308 + 1e308', 'std.log(0)', 'std.exp(710)', '0.30000000000000004', '1.0000000000000002',
  '0.9999999999999999', '99.995', '0.125', '1023.5', '1e-10', '127', '128', '-128', '55296', '56320', '1114111', '1114112', '128512', '7.0'];
const INTS = ['0', '1', '2', '3', '-1', '-2', '-3', '4', '5', '10', '100', '-100', '1e9', '2147483647', '2147483648', '-2147483649', '1e16',
  '9007199254740993', '0.5', '1.5', '-0', '1e300'];
/** Sizes: small enough that neither engine runs out of memory. */
const COUNTS = ['0', '1', '2', '3', '5', '-1', '-3', '2.5', '0.5', '-0', '100', '1e3', "'3'", 'null'];
const WORDS = ['', 'a', 'ab', 'abc', 'aaa', 'a,b', 'a, b', ',', ' ', '  x  ', 'Hello, World!', 'hello', 'HELLO', 'MiXeD', 'é', 'É', 'ß', 'İ',
  'ı', 'ǅ', 'ﬀ', 'Ω', 'Ωmega', '日本語', '中', '😀', '😀😀', 'a😀b', '𝄞', '👍🏽', '🇫🇷', 'e\\u0301', '\\u0000', '\\u0001', '\\u001f', '\\u007f',
  '\\u0080', '\\u00ad', '\\u200b', '\\ufeff', '\\u2028', '\\ufffd', '\\uffff', '\\ud83d\\ude00', '\\ud800\\udc00', '\\udbff\\udfff', '\\n', '\\r\\n',
  '\\t', '\\f', '\\b', '\\\\', '\\"', "\\'", '/', '%', '%%', '%s', '%d', '$', '$$', '${x}', '$x', '<', '>', '&', '&amp;', '<a b="c">', '"',
  "'", '#', '# c', ':', ': ', '- ', '-', '---', '...', '?', '!', '!!str', '@', '`', '|', '>-', '*x', '&x', '[', ']', '{', '}', 'true', 'false',
  'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~', '1', '-1', '0x1F', '0o17', '0755', '1e3', '1_000', '.inf', '-.inf', '.nan', '1.0', '+1',
  '12', '-42', '007', '0b101', 'ff', 'FF', 'deadbeef', '2001-12-14', '12:30:45', 'SGVsbG8=', 'SGVsbG8', 'YQ', 'YQ==', 'Y', '====', '_-',
  'a\\nb', 'line\\n', '\\n\\n', ' lead', 'trail ', 'tab\\tin', 'key=value', '[section]', 'a.b.c', '/a/b', 'a/b/', '../x', 'C:\\\\x'];
const LONG = ["std.repeat('ab', 200)", "std.repeat('é😀', 100)", "std.join('', std.makeArray(300, function(i) std.char(32 + i % 90)))",
  "std.repeat('x', 1025)", "std.repeat('\\n', 50)", "std.repeat('%d', 3)"];
const FNS1 = ['function(x) x', 'function(x) x + 1', 'function(x) x * 2', 'function(x) -x', 'function(x) [x]', 'function(x) {v: x}',
  'function(x) std.toString(x)', 'function(x) std.length(x)', 'function(x) x > 1', 'function(x) x == 1', 'function(x) std.isNumber(x)',
  'function(x) null', 'function(x) error "in fn"', "function(x) x + 'a'", 'function(x=1) x', 'function() 1', 'function(x, y) x',
  'function(x, y=2) x + y', 'std.length', 'std.asciiUpper', 'std.type', 'std.isString', 'std.abs', 'std.toString', 'std.id', 'std.reverse',
  'function(x) std.codepoint(x)', 'function(x) x.a', 'function(x) x[0]', 'function(x) if x then 1 else 0', 'function(x) true',
  'function(x) false', 'function(x) 0', 'function(x) std.mod(x, 2) == 0', 'function(x) [x, x]', "function(x) 'k' + x"];
const FNS2 = ['function(a, b) a + b', 'function(a, b) [a, b]', 'function(a, b) a * b', 'function(a, b) b', 'function(a, b) a',
  'function(k, v) v', 'function(k, v) k', 'function(k, v) {[k]: v}', 'function(a, b) a < b', 'function(a, b) error "fn2"', 'function(a) a',
  'function(a, b, c) a', 'function(a, b=1) a + b', 'std.max', 'std.min', 'std.pow', 'function(acc, x) acc + [x]', 'function(x, acc) [x] + acc',
  'function(a, b) std.toString(a) + std.toString(b)', 'function(i, x) i', 'function(a, b) null'];

// Whole values for the structured kinds.
const JSONS = ['{"a": [1, 2.5, "x"]}', '[]', '{}', '1e400', '-1e400', '{"a": 1, "a": 2}', '[1, 2', '"\\\\ud83d\\\\ude00"', '"\\\\ud800"',
  '  null  ', 'tru', 'nul', '-0', '-0.0', '0.1', '1E2', '1e-400', '123456789012345678901234567890', '', ' ', '[1,]', '{"a":1,}', '"\\\\u0000"',
  '01', '.5', '5.', '+1', '-', '"a" "b"', '[1] [2]', '"\\t"', '"\\\\x41"', '{"é": "😀"}', '[[[[[[[]]]]]]]', 'NaN', 'Infinity', '"\\\\/"',
  '{"a": {"b": null}}', '"unterminated', '{"a" 1}', '{1: 2}', 'true false', '1 // c', '/* c */ 1', "'single'", '9007199254740993',
  '1.7976931348623157e308', '4.9e-324', '"\\\\uD834\\\\uDD1E"', '[1e308, -1e308]', '{"__proto__": 1}'];
const YAMLS = ['a: 1', '- 1\\n- 2', 'a: [x, y, yes, off]', '---\\na: 1\\n---\\nb: 2', 'a: 0x1F\\nb: 0o17\\nc: 1e3\\ne: ~', 'a: |\\n  text\\n  more\\n',
  'a: >\\n  folded\\n  text\\n', 'a: &x 1\\nb: *x', '"quoted": \\\'single\\\'', '', 'a: b: c', '[1, 2', 'a:\\n  - {b: 1}\\n  - [c]', '1.0',
  '- null\\n- Null\\n- NULL\\n- ~', 'a: 1\\na: 2', '? complex\\n: key', 'a: !!str 1', 'date: 2001-12-14', 'a: 010', 'n: -.5', 'x: 1_000',
  'x: 0b101', 'x: +12', 'x: .5', 'x: 1e', 'x: "\\\\u00e9"', 'x: \\\'it\\\'\\\'s\\\'', '{a: 1, b: [2, 3]}', 'k: v # comment', '- - - x',
  'a:\\n  b:\\n    c: d', '- a\\n-\\n- c', 'x: 12:30:45', 'x: 685230.15', 'x: 6.8523015e+5', 'x: -0', 'x: !!float 1', 'x: !!int "3"',
  'x: 😀', '"\\\\U0001F600"', 'a: "multi\\n  line"', '---', '--- 1\\n--- 2', 'x: [a, {b: c}]', '&a [*a]'];
const XMLS = ["['a']", "['a', {href: 'x&y'}]", "['root', {}, 'text', ['child', {id: 1}, 'é<>']]", "['br', {}]", '[1]', "'text'",
  "['a', {b: null}]", "['x', {a: true, c: 1.5}, ['y']]", "['a', 'b', 'c']", "['a', {}, ['b', {}, ['c', {}, '\"q\"']]]", '[]', "['', {}]",
  "['a', {'x y': '<>'}]", "['a', [1]]", "['a', {}, 1]", "['a', {}, null]", "['😀', {'é': '😀'}, '&\\'\"']"];
const INIS = ["{main: {a: 1, b: 'x'}, sections: {s1: {k: [1, 2]}, s2: {}}}", '{sections: {}}', '{main: {}, sections: {a: {b: null}}}',
  "{sections: {s: {k: 'v', l: ['a', 'b']}}}", '{}', "{main: {k: {x: 1}}, sections: {}}", "{main: {'a b': 'c=d'}, sections: {'é': {x: true}}}",
  "{sections: {s: {k: ''}}}", '{main: 1, sections: {}}', '{sections: []}', "{main: {k: [[1]]}, sections: {}}", "{main: {k: 'a\\nb'}, sections: {}}"];
const TOMLS = ['{}', "{a: 1, b: 'x', c: [1, 2], d: {e: true}}", "{t: {u: {v: 1}}, arr: [{k: 1}, {k: 2}]}", "{'a b': 1, 'é': 'x', '': 2}",
  '{a: [], b: [[]], c: [{}]}', "{a: [1, 'x', {b: 1}]}", '{a: null}', '{a: 1e100, b: -0, c: 0.1, d: 5e-324}', "{s: 'a\\nb\\t\"c\"\\\\'}",
  '{a: {b: [{c: [{d: 1}]}]}}', '{a: {}, b: {c: {}}}', '{f: function(x) x}', "{a: [{b: 1}, 'x']}", '{a: std.repeat([{}], 2)}',
  "{k: '\\u0000\\u001f\\u007f😀'}", '{a: [[1, 2], [3]]}', '{a: 1, b:: 2}'];
const PATHS = ["'a/b'", "'a/b/'", "'/a/b'", "''", "'x'", "'.'", "'../c'", "'a//b'", '1', 'null'];
const BYTES = ['[104, 105]', '[]', '[195, 169]', '[240, 159, 152, 128]', '[255]', '[256]', '[-1]', "['a']", '[0]', '[226, 130]', '[237, 160, 128]',
  '[192, 128]', '[244, 144, 128, 128]', '[128]', '[0.5]', '[104, 1e300]', '[239, 187, 191, 97]', '[240, 159]', '[65, 66, null]', 'std.encodeUTF8("é😀")'];

export class StdFuzzGenerator extends SeededChoices {
  private str(): string {
    const r = this.rnd();
    if (r < 0.08) return this.pick(LONG);
    const n = r < 0.5 ? 1 : this.int(1, 4);
    const parts = Array.from({ length: n }, () => this.pick(WORDS));
    return `'${parts.join('')}'`;
  }

  private num(): string {
    const v = this.pick(NUMS);
    return /^[-\d.]+$/.test(v) && !v.startsWith('-') ? v : `(${v})`;
  }

  /** A value of any type, nested up to `depth`. */
  private anyValue(depth: number): string {
    const r = this.rnd();
    if (depth <= 0 || r < 0.45) {
      return this.pick([() => this.num(), () => this.str(), () => this.str(), () => this.pick(['true', 'false', 'null']), () => this.pick(FNS1)])();
    }
    if (r < 0.72) return `[${Array.from({ length: this.int(0, 4) }, () => this.anyValue(depth - 1)).join(', ')}]`;
    return this.object(depth - 1);
  }

  private object(depth: number): string {
    const fields = Array.from({ length: this.int(0, 4) }, () => {
      const key = this.pick(['a', 'b', 'c', 'A', 'z', "'x y'", "''", "'é'", "'😀'", "'1'", "'true'", "'null'", "'a.b'", "'-'", "'k: v'", 'f']);
      const vis = this.pick([':', ':', ':', '::', ':::', '+:']);
      const val = this.chance(0.05) ? 'error "lazy field"' : this.anyValue(depth);
      return `${key}${vis} ${val}`;
    });
    // Duplicate keys are a static error: keep the first of each.
    const seen = new Set<string>();
    const unique = fields.filter((f) => {
      const k = f.split(/[+:]/)[0];
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const obj = `{${unique.join(', ')}}`;
    return this.chance(0.12) ? `(${obj} + {${this.pick(['a: 2', 'b+: [1]', 'c:: 3', 'a+: super.a', "d: 'x'"])}})` : obj;
  }

  private value(kind: Kind): string {
    if (kind !== 'any' && this.chance(0.1)) return this.anyValue(2);
    switch (kind) {
      case 'num':
        return this.num();
      case 'int':
        return this.chance(0.8) ? this.pick(INTS) : this.num();
      case 'str':
        return this.str();
      case 'char':
        return this.chance(0.7) ? `'${this.pick(WORDS.filter((w) => w.length <= 12))}'` : this.str();
      case 'bool':
        return this.pick(['true', 'false']);
      case 'fn1':
        return this.pick(FNS1);
      case 'fn2':
        return this.pick(FNS2);
      case 'any':
        return this.anyValue(3);
      case 'arr':
        return this.pick([
          () => `[${Array.from({ length: this.int(0, 6) }, () => this.anyValue(1)).join(', ')}]`,
          () => `[${Array.from({ length: this.int(0, 8) }, () => this.num()).join(', ')}]`,
          () => `[${Array.from({ length: this.int(0, 8) }, () => this.str()).join(', ')}]`,
          () => `std.range(${this.pick(['-3', '0', '1'])}, ${this.pick(['-1', '0', '5', '50'])})`,
          () => `[${Array.from({ length: this.int(0, 5) }, () => `{a: ${this.num()}, b: ${this.str()}}`).join(', ')}]`,
          () => `[${Array.from({ length: this.int(0, 5) }, () => `[${this.num()}, ${this.str()}]`).join(', ')}]`,
          () => this.str(),
        ])();
      case 'arrNum':
        return `[${Array.from({ length: this.int(0, 6) }, () => this.num()).join(', ')}]`;
      case 'arrStr':
        return `[${Array.from({ length: this.int(0, 6) }, () => this.str()).join(', ')}]`;
      case 'arrBool':
        return `[${Array.from({ length: this.int(0, 4) }, () => this.pick(['true', 'false', 'true', 'error "lazy"', 'null', '1'])).join(', ')}]`;
      case 'arrArr':
        return `[${Array.from({ length: this.int(0, 4) }, () => this.anyValue(3)).join(', ')}]`;
      case 'obj':
        return this.object(2);
      case 'bytes':
        return this.chance(0.8) ? this.pick(BYTES) : `[${Array.from({ length: this.int(0, 6) }, () => this.int(0, 255)).join(', ')}]`;
      case 'json':
        return `'${this.pick(JSONS)}'`;
      case 'yaml':
        return `'${this.pick(YAMLS)}'`;
      case 'xml':
        return this.pick(XMLS);
      case 'ini':
        return this.pick(INIS);
      case 'toml':
        return this.chance(0.7) ? this.pick(TOMLS) : this.object(3);
      case 'path':
        return this.pick(PATHS);
      case 'count':
        return this.pick(COUNTS);
    }
  }

  /** A call of `name`: positional, named or mixed; optional parameters left out or given; now and then an argument too many or too few. */
  stdCall(name: string): string {
    // go-jsonnet crashes (a Go panic, its stack trace different at each run) on an index out of range here.
    if (name === 'removeAt') return this.removeAt();
    // ... and on objects given to this internal helper of object comprehensions.
    if (name === '$objectFlatMerge') return `std['$objectFlatMerge'](${this.pick(['[]', '[1]', "['a']", 'null', '{}', '[[]]'])})`;
    const params = STD[name];
    const args: string[] = [];
    let named = this.chance(0.2);
    params.forEach(([p, kind], i) => {
      const optional = p.endsWith('?');
      const pname = optional ? p.slice(0, -1) : p;
      if (optional && this.chance(0.5)) {
        named = true; // later parameters must be named when one is left out
        return;
      }
      if (this.chance(0.03)) return; // missing argument
      const v = this.value(kind);
      args.push(named || (optional && this.chance(0.5)) ? `${pname}=${v}` : v);
      if (named || optional) named = true;
    });
    // An argument too many: positional only before any named one (after it, go-jsonnet's parser
    // reports the error at another place: a known difference of the parser, not of std).
    if (this.chance(0.03)) args.push(!named && this.chance(0.5) ? this.anyValue(1) : `${this.pick(['x', 'nope', params[0]?.[0] ?? 'y'])}=1`);
    const callee = name.startsWith('$') ? `std['${name}']` : this.chance(0.05) ? `std['${name}']` : `std.${name}`;
    return `${callee}(${args.join(', ')})`;
  }

  private removeAt(): string {
    const arr = this.pick(['[1, 2, 3]', "['b', 'a', 'c']", '[[1], [2, 3]]', "'abc'", '[null, {a: 1}]']);
    return `std.removeAt(${arr}, ${this.pick(['0', '1', '-0'])})`;
  }

  /** `%` formatting: every conversion with flags, widths, precisions and `*`. */
  format(): string {
    const conv = () => this.pick(['d', 'i', 'u', 'o', 'x', 'X', 'e', 'E', 'f', 'F', 'g', 'G', 'c', 's', '%', 'a', 'b', 'r', 'q', 'v']);
    const values = () => this.pick([() => this.num(), () => this.str(), () => this.pick(['null', 'true', '[1, 2]', '{a: 1}', "'é😀'", '65', '128512', '-0', '0'])])();
    const n = this.int(1, 4);
    let fmt = '';
    const vals: string[] = [];
    const mapping = this.chance(0.15);
    const obj: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = conv();
      const flags = Array.from({ length: this.int(0, 3) }, () => this.pick(['#', '0', '-', ' ', '+'])).join('');
      const width = this.chance(0.4) ? String(this.int(0, 25)) : this.chance(0.15) ? '*' : '';
      const prec = this.chance(0.4) ? '.' + (this.chance(0.15) ? '*' : this.chance(0.1) ? '' : String(this.int(0, 20))) : '';
      const len = this.chance(0.05) ? this.pick(['h', 'l', 'L', 'hh', 'll']) : '';
      const key = mapping ? `(${this.pick(['a', 'b', 'é', '', 'a b'])})` : '';
      fmt += this.pick(['', '', 'x', ' ', '|', 'é', '😀', '\\n']) + '%' + key + flags + width + prec + len + c;
      if (mapping) {
        if (c !== '%') obj.push(`${JSON.stringify(key.slice(1, -1))}: ${values()}`);
        continue;
      }
      if (width === '*') vals.push(this.pick(['3', '0', '-4', '12', '1.5', "'a'"]));
      if (prec === '.*') vals.push(this.pick(['2', '0', '-1', '7', '2.5']));
      if (c !== '%') vals.push(values());
    }
    if (this.chance(0.3)) fmt += this.pick(['%', ' %', 'end', '%5', '%.', '%(']); // truncated codes now and then
    const lit = `'${fmt.replace(/'/g, "\\'")}'`;
    if (mapping) return `${lit} % {${obj.join(', ')}}`;
    if (this.chance(0.06)) vals.push('1');
    if (this.chance(0.06)) vals.pop();
    const rhs = vals.length === 1 && this.chance(0.5) ? vals[0] : `[${vals.join(', ')}]`;
    return this.chance(0.3) ? `std.format(${lit}, ${rhs})` : `${lit} % ${rhs}`;
  }

  /** The manifesters with odd options on generated values. */
  manifest(): string {
    const v = this.anyValue(3);
    const o = () => this.object(3);
    const indent = () => this.pick(["''", "' '", "'  '", "'\\t'", "'    '", "'-->'", "'\\n'", '1', "'é'"]);
    const b = () => this.pick(['true', 'false']);
    return this.pick([
      () => `std.manifestJsonEx(${v}, ${indent()}${this.chance(0.5) ? `, newline=${this.pick(["''", "'\\n'", "'\\r\\n'", "' '", "'\\n\\n'"])}` : ''}${this.chance(0.5) ? `, key_val_sep=${this.pick(["':'", "' = '", "''", "': '", "'\\t'"])}` : ''})`,
      () => `std.manifestJson(${v})`,
      () => `std.manifestJsonMinified(${v})`,
      () => `std.manifestYamlDoc(${v}${this.chance(0.5) ? `, indent_array_in_object=${b()}` : ''}${this.chance(0.5) ? `, quote_keys=${b()}` : ''})`,
      () => `std.manifestYamlDoc(${v}, ${b()}, ${b()})`,
      () => `std.manifestYamlStream([${v}, ${this.anyValue(2)}]${this.chance(0.4) ? `, ${b()}, ${b()}` : ''}${this.chance(0.3) ? `, quote_keys=${b()}` : ''})`,
      () => `std.manifestYamlStream(${this.pick(['[]', '{}', "'x'", '[1]'])}${this.chance(0.5) ? `, c_document_end=${b()}` : ''})`,
      () => `std.manifestPython(${v})`,
      () => `std.manifestPythonVars(${o()})`,
      () => `std.manifestToml(${o()})`,
      () => `std.manifestTomlEx(${this.chance(0.5) ? this.pick(TOMLS) : o()}, ${indent()})`,
      () => `std.manifestIni({main: ${o()}, sections: {s: ${o()}, t: ${o()}}})`,
      () => `std.manifestIni({sections: {s: ${o()}}})`,
      () => `std.manifestXmlJsonml(['r', ${o()}, ${this.pick(["'t'", "['c']", '[]', "['c', {}, 'x']", this.str()])}])`,
      () => `std.toString(${v})`,
      () => `std.parseJson(std.manifestJson(${v}))`,
      () => `std.parseJson(std.manifestJsonMinified(${v}))`,
      () => `std.parseYaml(std.manifestYamlDoc(${v}))`,
      () => `std.parseYaml(std.manifestYamlDoc(${v}, quote_keys=false))`,
      () => `{out: ${v}}`,
      () => `[${v}]`,
    ])();
  }

  /** Numbers as output, through toString, concatenation and `%s`. */
  numbers(): string {
    const n = this.num();
    return this.pick([
      () => n,
      () => `[${n}, ${this.num()}, ${this.num()}]`,
      () => `std.toString(${n})`,
      () => `'' + ${n}`,
      () => `${n} + ''`,
      () => `'%s' % ${n}`,
      () => `std.manifestYamlDoc(${n})`,
      () => `std.manifestPython(${n})`,
      () => `std.manifestJsonMinified([${n}])`,
      () => `{[std.toString(${n})]: ${n}}`,
      () => `std.parseJson(std.toString(${n}))`,
      () => `${n} ${this.pick(['+', '-', '*', '/', '%'])} ${this.num()}`,
      () => `[std.floor(${n}), std.ceil(${n}), std.round(${n}), std.mantissa(${n}), std.exponent(${n})]`,
      () => `std.${this.pick(['sqrt', 'log', 'log2', 'log10', 'exp', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'abs', 'sign', 'round'])}(${n})`,
      () => `std.pow(${n}, ${this.num()})`,
      () => `[${n} << ${this.pick(INTS)}, ${n} >> ${this.pick(INTS)}, ${n} & ${this.num()}, ${n} | 1, ${n} ^ 3, ~${n}]`,
    ])();
  }

  /** Slices with negatives and steps, by syntax and std.slice. */
  slices(): string {
    const target = this.pick([() => this.str(), () => this.value('arr'), () => "'a😀é日b'", () => '[1, 2, 3, 4, 5, 6]', () => 'std.range(0, 20)'])();
    const part = () => this.pick(['', '', '0', '1', '2', '-1', '-2', '-10', '10', '100', '1.5', 'null', "'a'"]);
    if (this.chance(0.4)) return `std.slice(${target}, ${this.pick(['null', '0', '1', '-1', '2', '-3', '5'])}, ${this.pick(['null', '0', '2', '-1', '4', '50'])}, ${this.pick(['null', '1', '2', '3', '-1', '0'])})`;
    const step = this.chance(0.5) ? `:${this.pick(['', '1', '2', '3', '0', '-1', '-2', '1.5'])}` : '';
    return `(${target})[${part()}:${part()}${step}]`;
  }

  /** String functions on non-ASCII, long and odd strings. */
  strings(): string {
    const s = this.str();
    const t = this.str();
    const i = () => this.pick(INTS);
    return this.pick([
      () => `std.substr(${s}, ${this.pick(COUNTS)}, ${i()})`, // a huge start crashes go-jsonnet (a Go panic)
      () => `std.strReplace(${s}, ${t}, ${this.str()})`,
      () => `std.splitLimit(${s}, ${t}, ${i()})`,
      () => `std.splitLimitR(${s}, ${t}, ${i()})`,
      () => `std.split(${s}, ${t})`,
      () => `std.findSubstr(${t}, ${s})`,
      () => `[std.codepoint(c) for c in std.stringChars(${s})]`,
      () => `std.char(${this.pick(['0', '65', '233', '55296', '56319', '57343', '65535', '65536', '128512', '1114111', '1114112', '-1', '1.9', '0.5', '97.99'])})`,
      () => `std.decodeUTF8(std.encodeUTF8(${s}))`,
      () => `std.encodeUTF8(${s})`,
      () => `std.decodeUTF8(${this.value('bytes')})`,
      () => `[std.asciiUpper(${s}), std.asciiLower(${s})]`,
      () => `[std.md5(${s}), std.sha1(${s}), std.sha256(${s})]`,
      () => `[std.sha512(${s}), std.sha3(${s})]`,
      () => `std.base64(${this.chance(0.5) ? s : this.value('bytes')})`,
      () => `std.base64Decode(${s})`,
      () => `std.base64DecodeBytes(${s})`,
      () => `[std.trim(${s}), std.stripChars(${s}, ${t}), std.lstripChars(${s}, ${t}), std.rstripChars(${s}, ${t})]`,
      () => `std.equalsIgnoreCase(${s}, ${t})`,
      () => `[std.startsWith(${s}, ${t}), std.endsWith(${s}, ${t}), std.length(${s}), std.isEmpty(${s})]`,
      () => `std.${this.pick(['escapeStringJson', 'escapeStringBash', 'escapeStringDollars', 'escapeStringPython', 'escapeStringXML'])}(${s})`,
      () => `std.${this.pick(['parseInt', 'parseOctal', 'parseHex'])}(${this.pick(["'0'", "'-0'", "'12'", "'-12'", "'+5'", "'ff'", "'FF'", "'0x10'", "''", "'-'", "'777'", "'8'", "'99999999999999999999'", "'9007199254740993'", "'１２'", "' 1'", "'1 '", "'1_0'", "'g'", s])})`,
      () => `std.stringChars(${s})`,
      () => `std.join(${t}, std.split(${s}, ${this.pick(["','", "'a'", "'😀'", "'é'"])}))`,
      () => `${s} < ${t}`,
      () => `std.sort(std.stringChars(${s}))`,
      () => `std.lines([${s}, ${t}])`,
      () => `std.deepJoin([${s}, [${t}, [${this.str()}]]])`,
      () => `std.repeat(${s}, ${this.pick(['0', '1', '3', '-1', '2.5'])})`,
      () => `std.format(${s}, [])`,
      () => `${s}[${this.pick(['0', '1', '-1', '2', '100', '1.5'])}]`,
    ])();
  }

  /** Arrays, sets and sorting with keyF and mixed types; aggregates. */
  arrays(): string {
    const a = this.value('arr');
    const k = () => (this.chance(0.5) ? `, keyF=${this.pick(FNS1)}` : '');
    return this.pick([
      () => `std.sort(${a}${k()})`,
      () => `std.sort([{k: ${this.pick(['1', '2', '1', '0'])}, i: 0}, {k: ${this.pick(['1', '2', '0'])}, i: 1}, {k: 1, i: 2}, {k: ${this.pick(['1', '0', '2'])}, i: 3}], keyF=function(x) x.k)`,
      () => `std.uniq(${a}${k()})`,
      () => `std.set(${a}${k()})`,
      () => `std.${this.pick(['setUnion', 'setInter', 'setDiff'])}(${this.value('arr')}, ${this.value('arr')}${k()})`,
      () => `std.setMember(${this.anyValue(1)}, ${a}${k()})`,
      () => `std.${this.pick(['minArray', 'maxArray'])}(${a}${k()}${this.chance(0.4) ? `, onEmpty=${this.anyValue(1)}` : ''})`,
      () => `[std.sum(${this.value('arrNum')}), std.avg(${this.value('arrNum')})]`,
      () => `std.${this.pick(['all', 'any'])}(${this.value('arrBool')})`,
      () => `std.remove(${a}, ${this.anyValue(1)})`,
      () => this.removeAt(),
      () => `std.flattenDeepArray(${this.value('arrArr')})`,
      () => `std.flattenArrays(${this.value('arrArr')})`,
      () => `std.reverse(${a})`,
      () => `std.range(${this.pick(COUNTS)}, ${this.pick(COUNTS)})`,
      () => `std.makeArray(${this.pick(['0', '3', '-1', '1.5', "'a'", '1e6'])}, ${this.pick(FNS1)})[${this.pick(['0', '1'])}]`,
      () => `std.member(${a}, ${this.anyValue(1)})`,
      () => `std.contains(${a}, ${this.anyValue(1)})`,
      () => `std.count(${a}, ${this.anyValue(1)})`,
      () => `std.find(${this.anyValue(1)}, ${a})`,
      () => `std.${this.pick(['foldl', 'foldr'])}(${this.pick(FNS2)}, ${a}, ${this.anyValue(1)})`,
      () => `std.filterMap(${this.pick(FNS1)}, ${this.pick(FNS1)}, ${a})`,
      () => `std.${this.pick(['map', 'filter', 'flatMap'])}(${this.pick(FNS1)}, ${a})`,
      () => `std.mapWithIndex(${this.pick(FNS2)}, ${a})`,
      () => `std.${this.pick(['xor', 'xnor'])}(${this.pick(['true', 'false', '1', 'null'])}, ${this.pick(['true', 'false', "'x'"])})`,
      () => `${a} ${this.pick(['<', '<=', '>', '>=', '==', '!=', '+'])} ${this.value('arr')}`,
      () => `std.__compare(${this.anyValue(1)}, ${this.anyValue(1)})`,
    ])();
  }

  /** Objects: hidden fields, removal, mergePatch with nulls, get with inc_hidden. */
  objects(): string {
    const o = this.object(3);
    const key = () => this.pick(["'a'", "'b'", "'c'", "'f'", "'x y'", "''", "'é'", "'zz'", '1', 'null']);
    return this.pick([
      () => `[std.objectFields(${o}), std.objectFieldsAll(${o})]`,
      () => `std.objectRemoveKey(${o}, ${key()})`,
      () => `std.mergePatch(${o}, ${this.chance(0.7) ? this.object(3) : this.anyValue(2)})`,
      () => `std.mergePatch(${this.anyValue(2)}, ${o})`,
      () => `std.get(${o}, ${key()}${this.chance(0.5) ? `, ${this.anyValue(1)}` : ''}${this.chance(0.5) ? `, inc_hidden=${this.pick(['true', 'false', '1'])}` : ''})`,
      () => `std.objectHasEx(${o}, ${key()}, ${this.pick(['true', 'false', 'null'])})`,
      () => `[std.objectValues(${o}), std.objectKeysValuesAll(${o})]`,
      () => `std.mapWithKey(${this.pick(FNS2)}, ${o})`,
      () => `std.prune(${this.anyValue(3)})`,
      () => `std.objectFieldsEx(${o}, ${this.pick(['true', 'false'])})`,
      () => `std.length(${o})`,
      () => `std.isEmpty(${this.pick(["''", "'a'", '[]', '{}', o])})`,
      () => `${o} == ${this.object(2)}`,
      () => `std.equals(${this.anyValue(2)}, ${this.anyValue(2)})`,
      () => `std.primitiveEquals(${this.anyValue(1)}, ${this.anyValue(1)})`,
      () => `std.trace(${this.str()}, ${this.anyValue(2)})`,
      () => `std.trace(${this.anyValue(1)}, 1)`,
      () => `std.${this.pick(['extVar', 'native'])}(${this.pick(["'missing'", "''", '1', "'helmTemplate'"])})`,
      () => `std.native(${this.pick(["'missing'", "''"])})(1)`,
      () => `std.assertEqual(${this.anyValue(2)}, ${this.anyValue(2)})`,
      () => `std.type(${this.anyValue(2)})`,
    ])();
  }

  snippet(i: number): string {
    const names = Object.keys(STD);
    // First every std function in turn, then at random.
    const s = i < names.length ? this.stdCall(names[i]) : this.pick([
      () => this.stdCall(this.pick(names)),
      () => this.stdCall(this.pick(names)),
      () => this.stdCall(this.pick(names)),
      () => this.format(),
      () => this.format(),
      () => this.manifest(),
      () => this.manifest(),
      () => this.numbers(),
      () => this.slices(),
      () => this.strings(),
      () => this.strings(),
      () => this.arrays(),
      () => this.arrays(),
      () => this.objects(),
    ])();
    // In brackets: the command line would read a leading `-` as an option.
    return s.startsWith('-') ? `(${s})` : s;
  }
}

export function generateStdFuzzSnippets(seed: number, count: number): string[] {
  const gen = new StdFuzzGenerator(seed);
  return Array.from({ length: count }, (_, i) => gen.snippet(i));
}

/** The std functions the generator calls (every field of go-jsonnet's std apart from the constants). */
export const fuzzedStdFunctions = Object.keys(STD);
