// A seeded, deterministic generator of small Jsonnet snippets that probe
// edges rather than well-typed programs: every std function of go-jsonnet
// v0.22.0 called with edge-case arguments (empty, unicode up to the astral
// plane, negative, huge, NaN-producing, wrong types), `%` formatting with
// every conversion and flag, operators on mixed types, inheritance with
// super / +: / hidden fields, the manifesters and parsers, and errors.
// Many snippets fail on purpose: the error message and its first stack
// frame must then be go-jsonnet's.

import { SeededChoices } from './generator.js';

// Values by kind, as Jsonnet source.
const NUM = ['0', '-0', '1', '-1', '2', '3', '7', '10', '0.5', '-2.5', '1.25', '0.1', '1/3', '100', '255', '65', '128512', '1e3', '-7.75',
  '1e300', '-1e300', '1e-320', '4.9e-324', '9007199254740992', '9007199254740993', '-9007199254740992', '4294967296', '2147483648',
  '1e20', '1e21', '123456789.125', '0.000001', '1e-7', '536870912', '1e16', '3.14159', 'std.pi', '1e308 * 10', 'std.log(0)'];
const INT = ['0', '1', '2', '3', '-1', '-2', '5', '10', '64', '1e15', '-3'];
const STR = ["''", "'a'", "'abc'", "'Hello, World'", "'é'", "'😀'", "'a😀b'", "'日本語'", "'\\n\\t\"\\\\'", "' padded  '", "'123'", "'-42'",
  "'0x1F'", "'ff'", "'0755'", "'1e3'", "'true'", "'null'", "'[1, 2]'", "'{\"a\": 1}'", "'ABC def'", "'a,b,,c'", "'a.b.c'", "'aaa'",
  "'%'", "'%d'", "'<a href=\"x\">&</a>'", "'$x ${y}'", "'\\u0000\\u001f\\u007f'", "'\\ud83d\\ude00'", "'\\u00e9t\\u00e9'", "'  \\t\\r\\n'",
  "'SGVsbG8='", "'SGVsbG8'", "'_-'", "'yes'", "'Ünïcödé'"];
const ARR = ['[]', '[1, 2, 3]', '[3, 1, 2]', "['b', 'a', 'c']", "[1, 'a']", '[null]', '[[1], [2, 3]]', '[true, false]', '[1, 1, 2, 2, 3]',
  'std.range(1, 10)', "['x', ['y', ['z']]]", '[{a: 1}, {a: 0}]', "['é', '😀', 'a']", '[0.5, -1, 1e10]', '[[], [1]]', '[1, [2, [3, [4]]]]',
  "[104, 101, 108, 108, 111]", '[255, 0, 128]', '[256]', '[-1]', "['a', null, 'b']", '[function(x) x]'];
const OBJ = ['{}', '{a: 1}', '{a: 1, b:: 2, c::: 3}', "{a: {b: [1, {c: null}]}, d: 'x'}", "{'x y': 'z', '': 1}", '{a: null, b: [], c: {}}',
  '{a: 1} + {a+: 2, b: super.a}', "{b: 2, a: 1, 'é': 3, A: 4, '😀': 5, '_': 6}", '{h:: {x: 1}, v: self.h.x}', '{a: [1, 2], b: {c: true}}',
  "{key: 'value', list: [1, 'two', 3.5]}", '{f: function(x) x}', '{a: error "lazy"}', '{assert self.a > 0, a: 1}'];
const BOOL = ['true', 'false'];
const FN1 = ['function(x) x', 'function(x) x * 2', 'function(x) std.toString(x)', 'function(x) [x, x]', 'function(x) x > 1', 'function(x) std.length(x)',
  'std.isNumber', 'function(x) -x', 'function(x) if x == 2 then error "fn" else x', "function(x) x + 'a'", 'std.asciiUpper', 'function(x) null'];
const FN2 = ['function(a, b) a + b', 'function(a, b) [a, b]', 'function(a, b) a * b', 'function(k, v) v', 'function(k, v) k + std.toString(v)',
  'function(a, b) a < b', 'function(i, x) i'];
const ANY = [...NUM.slice(0, 12), ...STR.slice(0, 12), ...ARR.slice(0, 10), ...OBJ.slice(0, 6), ...BOOL, 'null', FN1[0]];
const YAML = ["'a: 1'", "'- 1\\n- 2'", "'a: [x, y, yes, off]'", "'---\\na: 1\\n---\\nb: 2'", "'a: 0x1F\\nb: 0o17\\nc: 1e3\\nd: .inf\\ne: ~'",
  "'a: |\\n  text\\n  more\\n'", "'a: &x 1\\nb: *x'", "'\"quoted\": \\'single\\''", "''", "'a: b: c'", "'[1, 2'", "'a:\\n  - {b: 1}\\n  - [c]'",
  "'1.0'", "'- null\\n- Null\\n- NULL\\n- ~'", "'a: 1\\na: 2'", "'? complex\\n: key'", "'a: !!str 1'", "'date: 2001-12-14'", "'a: 010'", "'n: -.5'"];
const JSON_STR = ["'{\"a\": [1, 2.5, \"x\"]}'", "'[]'", "'1e400'", "'{\"a\": 1, \"a\": 2}'", "'[1, 2'", "'\"\\\\ud83d\\\\ude00\"'", "'  null  '", "'tru'",
  "'{\"b\": {}, \"a\": null}'", "'-0'", "'0.1'", "'123456789012345678901234567890'", "''", "'[1,]'", "'\"\\\\u0000\"'"];

type Kind = 'num' | 'int' | 'str' | 'arr' | 'obj' | 'bool' | 'fn1' | 'fn2' | 'any' | 'char' | 'arrNum' | 'arrStr' | 'arrBool' | 'yaml' | 'json' | 'xml' | 'ini' | 'bytes';

// go-jsonnet v0.22.0's std functions, by the kinds of their parameters.
const SIGNATURES: Record<string, Kind[]> = {
  abs: ['num'], acos: ['num'], all: ['arrBool'], any: ['arrBool'], asciiLower: ['str'], asciiUpper: ['str'], asin: ['num'],
  assertEqual: ['any', 'any'], atan: ['num'], atan2: ['num', 'num'], avg: ['arrNum'], base64: ['str'], base64Decode: ['str'],
  base64DecodeBytes: ['str'], ceil: ['num'], char: ['int'], clamp: ['num', 'num', 'num'], codepoint: ['char'], contains: ['arr', 'any'],
  cos: ['num'], count: ['arr', 'any'], decodeUTF8: ['bytes'], deepJoin: ['arr'], deg2rad: ['num'], encodeUTF8: ['str'], endsWith: ['str', 'str'],
  equals: ['any', 'any'], equalsIgnoreCase: ['str', 'str'], escapeStringBash: ['str'], escapeStringDollars: ['str'], escapeStringJson: ['str'],
  escapeStringPython: ['str'], escapeStringXML: ['str'], exp: ['num'], exponent: ['num'], filter: ['fn1', 'arr'], filterMap: ['fn1', 'fn1', 'arr'],
  find: ['any', 'arr'], findSubstr: ['str', 'str'], flatMap: ['fn1', 'arr'], flattenArrays: ['arr'], flattenDeepArray: ['arr'], floor: ['num'],
  foldl: ['fn2', 'arr', 'any'], foldr: ['fn2', 'arr', 'any'], format: ['str', 'any'], get: ['obj', 'str'], hypot: ['num', 'num'], id: ['any'],
  isArray: ['any'], isBoolean: ['any'], isDecimal: ['num'], isEmpty: ['str'], isEven: ['num'], isFunction: ['any'], isInteger: ['num'],
  isNull: ['any'], isNumber: ['any'], isObject: ['any'], isOdd: ['num'], isString: ['any'], join: ['str', 'arr'], length: ['any'], lines: ['arrStr'],
  log: ['num'], log10: ['num'], log2: ['num'], lstripChars: ['str', 'str'], makeArray: ['int', 'fn1'], manifestIni: ['ini'], manifestJson: ['any'],
  manifestJsonEx: ['any', 'str'], manifestJsonMinified: ['any'], manifestPython: ['any'], manifestPythonVars: ['obj'], manifestToml: ['obj'],
  manifestTomlEx: ['obj', 'str'], manifestXmlJsonml: ['xml'], manifestYamlDoc: ['any'], manifestYamlStream: ['arr'], mantissa: ['num'],
  map: ['fn1', 'arr'], mapWithIndex: ['fn2', 'arr'], mapWithKey: ['fn2', 'obj'], max: ['num', 'num'], maxArray: ['arr'], md5: ['str'],
  member: ['arr', 'any'], mergePatch: ['any', 'any'], min: ['num', 'num'], minArray: ['arr'], mod: ['num', 'num'], modulo: ['num', 'num'],
  objectFields: ['obj'], objectFieldsAll: ['obj'], objectFieldsEx: ['obj', 'bool'], objectHas: ['obj', 'str'], objectHasAll: ['obj', 'str'],
  objectHasEx: ['obj', 'str', 'bool'], objectKeysValues: ['obj'], objectKeysValuesAll: ['obj'], objectRemoveKey: ['obj', 'str'],
  objectValues: ['obj'], objectValuesAll: ['obj'], parseHex: ['str'], parseInt: ['str'], parseJson: ['json'], parseOctal: ['str'],
  parseYaml: ['yaml'], pow: ['num', 'num'], primitiveEquals: ['any', 'any'], prune: ['any'], rad2deg: ['num'], range: ['int', 'int'],
  remove: ['arr', 'any'], removeAt: ['arr', 'int'], repeat: ['any', 'int'], resolvePath: ['str', 'str'], reverse: ['arr'], round: ['num'],
  rstripChars: ['str', 'str'], set: ['arr'], setDiff: ['arr', 'arr'], setInter: ['arr', 'arr'], setMember: ['any', 'arr'], setUnion: ['arr', 'arr'],
  sha1: ['str'], sha256: ['str'], sha3: ['str'], sha512: ['str'], sign: ['num'], sin: ['num'], slice: ['any', 'int', 'int', 'int'], sort: ['arr'],
  split: ['str', 'str'], splitLimit: ['str', 'str', 'int'], splitLimitR: ['str', 'str', 'int'], sqrt: ['num'], startsWith: ['str', 'str'],
  strReplace: ['str', 'str', 'str'], stringChars: ['str'], stripChars: ['str', 'str'], substr: ['str', 'int', 'int'], sum: ['arrNum'], tan: ['num'],
  toString: ['any' as Kind], trim: ['str'], type: ['any'], uniq: ['arr'], xnor: ['bool', 'bool'], xor: ['bool', 'bool'],
  __compare: ['any', 'any'], __compare_array: ['arr', 'arr'], __array_less: ['arr', 'arr'], __array_greater: ['arr', 'arr'],
  __array_less_or_equal: ['arr', 'arr'], __array_greater_or_equal: ['arr', 'arr'], $flatMapArray: ['fn1', 'arr'], $objectFlatMerge: ['arr'],
};
/** Named optional parameters worth setting now and then. */
const OPTIONAL: Record<string, string[]> = {
  sort: ['keyF=function(x) -x', 'keyF=std.length', 'keyF=function(x) x.a'], uniq: ['keyF=std.asciiLower'], set: ['keyF=std.length'],
  setMember: ['keyF=std.length'], setUnion: ['keyF=std.length'], setInter: ['keyF=std.length'], setDiff: ['keyF=std.length'],
  minArray: ['keyF=std.length', "onEmpty='none'"], maxArray: ['keyF=function(x) -x', "onEmpty='none'"],
  manifestJsonEx: ["newline=''", "key_val_sep=' = '", "newline='\\r\\n'"], manifestYamlDoc: ['indent_array_in_object=true', 'quote_keys=false'],
  manifestYamlStream: ['indent_array_in_object=true', 'c_document_end=false', 'quote_keys=false'], get: ['default=7', 'inc_hidden=false'],
  objectFieldsEx: [], parseYaml: [], remove: [], foldl: [], makeArray: [],
};
const XML = ["['a']", "['a', {href: 'x&y'}]", "['root', {}, 'text', ['child', {id: 1}, 'é<>']]", "['br', {}]", "[1]", "'text'", "['a', {b: null}]",
  "['x', {a: true, c: 1.5}, ['y']]"];
const INI = ["{main: {a: 1, b: 'x'}, sections: {s1: {k: [1, 2]}, s2: {}}}", "{sections: {}}", "{main: {}, sections: {a: {b: null}}}",
  "{sections: {s: {k: 'v', l: ['a', 'b']}}}", '{}'];
const BYTES = ['[104, 105]', '[]', '[195, 169]', '[240, 159, 152, 128]', '[255]', '[256]', '[-1]', "['a']", '[0]', '[226, 130]'];

const CONVERSIONS = ['d', 'i', 'u', 'o', 'x', 'X', 'e', 'E', 'f', 'F', 'g', 'G', 'c', 's', '%', 'a', 'r', 'q'];
const FLAGS = ['', '', '#', '0', '-', ' ', '+', '-0', '#0', '+ ', '0+'];
const FORMAT_VALUES = ['0', '-0', '1', '-1', '42', '-42', '3.14159', '-2.5', '0.5', '1e100', '1e-5', '123456789', '2.5', '1e21', '1e-320',
  "'s'", "'hello'", "'é😀'", "''", 'null', 'true', '[1, 2]', '{a: 1}', '65', '128512', '255', '0.0001', '99.99', '1/3', '5e-324'];
const OPERATORS = ['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '==', '!=', '&&', '||', '&', '|', '^', '<<', '>>', 'in'];

export class EdgeGenerator extends SeededChoices {

  private value(kind: Kind): string {
    // Now and then any value at all: wrong types must give go-jsonnet's errors.
    if (kind !== 'any' && this.chance(0.12)) return this.pick(ANY);
    switch (kind) {
      case 'num':
        return this.pick(NUM);
      case 'int':
        return this.pick(INT);
      case 'str':
        return this.pick(STR);
      case 'char':
        return this.pick(["'a'", "'é'", "'😀'", "'\\n'", "''", "'ab'", "'日'"]);
      case 'arr':
        return this.pick(ARR);
      case 'arrNum':
        return this.pick(['[]', '[1, 2, 3]', '[0.5, -1, 1e10]', '[1e308, 1e308]', '[-0]', '[1, "a"]']);
      case 'arrStr':
        return this.pick(["['a', 'b']", '[]', "['é', '']", "['a', null]", '[1]']);
      case 'arrBool':
        return this.pick(['[]', '[true]', '[true, false]', '[false, error "lazy"]', '[1]', '[true, true]']);
      case 'obj':
        return this.pick(OBJ);
      case 'bool':
        return this.pick(BOOL);
      case 'fn1':
        return this.pick(FN1);
      case 'fn2':
        return this.pick(FN2);
      case 'yaml':
        return this.pick(YAML);
      case 'json':
        return this.pick(JSON_STR);
      case 'xml':
        return this.pick(XML);
      case 'ini':
        return this.pick(INI);
      case 'bytes':
        return this.pick(BYTES);
      case 'any':
        return this.pick([...ANY, ...OBJ, ...ARR]);
    }
  }

  /** A call of one std function (all of them in turn, then at random). */
  stdCall(name: string): string {
    // go-jsonnet crashes (a Go panic) on an index out of range here.
    if (name === 'removeAt') return `std.removeAt(${this.pick(['[1, 2, 3]', "['b', 'a', 'c']", '[[1], [2, 3]]'])}, ${this.pick(['0', '1', '-0'])})`;
    const sig = SIGNATURES[name];
    let n = sig.length;
    // Now and then too few or too many arguments.
    if (this.chance(0.04)) n = Math.max(0, n - 1);
    else if (this.chance(0.03)) n = n + 1;
    const args = Array.from({ length: n }, (_, i) => this.value(sig[i] ?? 'any'));
    const opts = OPTIONAL[name];
    if (opts && opts.length > 0 && this.chance(0.35)) args.push(this.pick(opts));
    const callee = name.startsWith('$') ? `std['${name}']` : `std.${name}`;
    return `${callee}(${args.join(', ')})`;
  }

  format(): string {
    const n = this.int(1, 3);
    let fmt = '';
    const vals: string[] = [];
    for (let i = 0; i < n; i++) {
      const conv = this.pick(CONVERSIONS);
      const width = this.chance(0.5) ? String(this.int(0, 12)) : this.chance(0.1) ? '*' : '';
      const prec = this.chance(0.4) ? '.' + (this.chance(0.1) ? '*' : String(this.int(0, 8))) : '';
      const lenMod = this.chance(0.05) ? this.pick(['h', 'l', 'L']) : '';
      fmt += this.pick(['', 'x', ' ', '|', 'é']) + '%' + this.pick(FLAGS) + width + prec + lenMod + conv;
      if (width === '*') vals.push(String(this.int(0, 8)));
      if (prec === '.*') vals.push(String(this.int(0, 5)));
      if (conv !== '%') vals.push(this.pick(FORMAT_VALUES));
    }
    if (this.chance(0.05)) vals.push('1'); // too many values
    if (this.chance(0.05) && vals.length > 0) vals.pop(); // too few
    if (this.chance(0.1)) {
      // Named form: %(key)...
      const conv = this.pick(CONVERSIONS.filter((c) => c !== '%'));
      return `'%(k)${this.pick(FLAGS)}${this.chance(0.5) ? this.int(0, 9) : ''}${conv}' % {k: ${this.pick(FORMAT_VALUES)}}`;
    }
    const rhs = vals.length === 1 && this.chance(0.5) ? vals[0] : `[${vals.join(', ')}]`;
    return this.chance(0.2) ? `std.format(${JSON.stringify(fmt).replace(/^"|"$/g, "'")}, ${rhs})` : `'${fmt}' % ${rhs}`;
  }

  operator(): string {
    const op = this.pick(OPERATORS);
    const pool = [...ANY, ...OBJ.slice(0, 4), ...NUM.slice(12, 30)];
    const unary = this.chance(0.08);
    // In brackets: the command line would read a leading `-` as an option.
    if (unary) return `[${this.pick(['-', '+', '!', '~'])}(${this.pick(pool)})]`;
    return `(${this.pick(pool)}) ${op} (${this.pick(pool)})`;
  }

  inheritance(): string {
    const vis = () => this.pick([':', '::', ':::']);
    const base = `{a${vis()} 1, b${vis()} 'x', c${vis()} [1], d${vis()} {e: 1, f:: 2}, m(x)${vis()} x + 1}`;
    const field = () =>
      this.pick([
        `a${this.pick(['+', ''])}${vis()} ${this.pick(['10', 'super.a * 2', "'s'", 'self.b', 'null'])}`,
        `b${this.pick(['+', ''])}${vis()} ${this.pick(["'y'", 'super.b + self.b', '[super.b]', 'std.length(super.b)'])}`,
        `c+${vis()} ${this.pick(['[2]', "'x'", '{}', 'super.c'])}`,
        `d+${vis()} ${this.pick(['{e+: 1}', '{f: 3}', '{g:: super.f}', '{e: super.e + 1}', '{f+: 1}'])}`,
        `g${vis()} ${this.pick(["'a' in super", "'z' in super", "'d' in self", 'super.m(1)', 'self.m(2)', 'super.zz', 'std.objectHas(super, "a")'])}`,
        `h${vis()} $.a`,
        `local l = super.a`,
        `assert ${this.pick(['self.a != null', 'super.a == 1', 'false', "std.isString(self.b) : 'msg'"])}`,
      ]);
    const layers = Array.from({ length: this.int(1, 3) }, () => `{${Array.from({ length: this.int(1, 3) }, field).join(', ')}}`);
    const expr = [base, ...layers].join(' + ');
    return this.pick([
      expr,
      `local o = ${expr}; [std.objectFields(o), std.objectFieldsAll(o), o]`,
      `local o = ${expr}; {x: o.a, y: o.d, z: std.objectHasAll(o, 'g')}`,
      `(${expr}).g`,
      `std.manifestJsonMinified(${expr})`,
      `local o = ${expr}; o { a: super.a }`,
    ]);
  }

  manifest(): string {
    const v = this.pick([...OBJ, ...ARR, ...NUM.slice(0, 16), ...STR.slice(0, 16), 'null', 'true']);
    return this.pick([
      `std.manifestJsonEx(${v}, ${this.pick(["'  '", "''", "'\\t'", "'    '"])}${this.chance(0.3) ? `, ${this.pick(["newline=''", "key_val_sep=':'"])}` : ''})`,
      `std.manifestYamlDoc(${v}${this.chance(0.4) ? `, ${this.pick(BOOL)}, ${this.pick(BOOL)}` : ''})`,
      `std.manifestYamlStream([${v}, ${this.pick(ARR)}]${this.chance(0.4) ? `, ${this.pick(BOOL)}, ${this.pick(BOOL)}` : ''})`,
      `std.manifestPython(${v})`,
      `std.manifestPythonVars({x: ${v}, y: 1})`,
      `std.manifestTomlEx({t: ${v}, s: {u: ${v}}, arr: [{k: 1}, {k: 2}]}, ${this.pick(["'  '", "''"])})`,
      `std.manifestIni({main: {k: ${v}}, sections: {s: {k: ${v}}}})`,
      `std.manifestXmlJsonml(['r', {a: ${this.pick(NUM.slice(0, 8))}}, ${this.pick(["'t'", "['c']", '[]'])}])`,
      `std.toString(${v})`,
      `std.manifestJson(${v})`,
      `std.parseJson(std.manifestJson(${v}))`,
      `std.parseYaml(std.manifestYamlDoc(${v}))`,
    ]);
  }

  error(): string {
    return this.pick([
      `error ${this.pick(["'msg'", '{a: 1}', '[1]', '1.5', 'null'])}`,
      `local f(x) = ${this.pick(['error "in f"', 'x.nope', 'x[10]', 'x + 1', 'std.length(x)', 'assert x > 0; x'])}; f(${this.pick(["'a'", '[1]', '{}', '-1', 'null'])})`,
      `{a: ${this.pick(['error "field"', '1 + "a"', 'self.b', '[][0]', 'std.foo'])}}${this.pick(['', '.a', '[\'a\']'])}`,
      `local o = {a: {b: ${this.pick(['error "deep"', 'std.length(1)', '1 / 0', '"x" - 1'])}}}; ${this.pick(['o', 'o.a', 'o.a.b', 'std.toString(o)', "'' + o"])}`,
      `[1, 2, ${this.pick(['error "elem"', '1 % 0', '{}.x', '~1.5'])}]${this.pick(['', '[2]', '[0]'])}`,
      `${this.pick(['[x for x in', 'std.map(function(x) x, ', '{[x]: 1 for x in'])} ${this.pick(['1', '[1, error "e"]', "['a', 'a']", '[1]', 'error "arr"'])}${this.pick([']', ')', '}'])}`,
      `local f(a, b=error "default") = a + b; f(${this.pick(['1', '1, 2', 'b=1', 'a=1', '1, a=2', 'c=1', '1, 2, 3'])})`,
      `std.assertEqual(${this.pick(ANY)}, ${this.pick(ANY)})`,
      `assert ${this.pick(['false', '1 == 2', 'true'])} : ${this.pick(["'custom'", '{m: 1}'])}; 'ok'`,
      `local x = ${this.pick(['1', "'s'", '[1]', '{}', 'null', 'true'])}; x${this.pick(['.a', '[0]', '(1)', '[1:2]', "['a']"])}`,
      `std.extVar('missing')`,
      `import 'does-not-exist.libsonnet'`,
      `{a: 1, a: 2}`,
      `local a = b; local b = 1; a`,
      `{a: 1}.b`,
      `1 +`,
      `'unterminated`,
      `local f = function(x) x; f(1)(2)`,
      `std.makeArray(${this.pick(['-1', '1.5', "'a'", '3'])}, function(i) i)`,
      `std.repeat(${this.pick(["'ab'", '[1]'])}, ${this.pick(['-1', '2.5', '0', '3'])})`,
      `${this.pick(['1e308 * 10', '-1e308 * 10', '1 / 0', '0 / 0', '1 % 0', 'std.pow(10, 400)', 'std.exp(1000)', 'std.sqrt(-1)', 'std.log(-1)', 'std.acos(2)'])}`,
      `${this.pick(['1 << 64', '1 << -1', '2e63 | 0', '-1 >> 1', '(1 << 62) * 4 & 1', '9007199254740993 ^ 0', '1.5 & 1', '~9007199254740992'])}`,
      `'abc'[${this.pick(['3', '-1', '1.5', "'a'", '0', '2'])}]`,
      `[1, 2, 3][${this.pick(['3', '-1', '1.5', "'a'", 'null', '0'])}]`,
      `std.substr(${this.pick(STR)}, ${this.pick(['-1', '0', '1', '1.5', "'a'"])}, ${this.pick(['-1', '0', '2', '100', '0.5'])})`,
      `std.char(${this.pick(['-1', '0', '1114111', '1114112', '55296', '1.5', "'a'"])})`,
      `std.codepoint(${this.pick(["'ab'", "''", '1', "'😀'"])})`,
      `std.parseInt(${this.pick(["'12a'", "''", "'-'", "'+5'", "' 5'", "'99999999999999999999'", "'0x10'"])})`,
    ]);
  }

  /** One snippet; `i` walks through every std function before picking at random. */
  snippet(i: number): string {
    const s = this.anySnippet(i);
    // In brackets: the command line would read a leading `-` as an option.
    return s.startsWith('-') ? `(${s})` : s;
  }

  private anySnippet(i: number): string {
    const names = Object.keys(SIGNATURES);
    if (i < names.length) return this.stdCall(names[i]);
    const r = this.rnd();
    if (r < 0.4) return this.stdCall(this.pick(names));
    if (r < 0.55) return this.format();
    if (r < 0.68) return this.operator();
    if (r < 0.78) return this.inheritance();
    if (r < 0.88) return this.manifest();
    return this.error();
  }
}

export function generateEdgeSnippets(seed: number, count: number): string[] {
  const gen = new EdgeGenerator(seed);
  return Array.from({ length: count }, (_, i) => gen.snippet(i));
}

/** Every std function the generator covers (go-jsonnet's std fields apart from the constants). */
export const coveredStdFunctions = Object.keys(SIGNATURES);
