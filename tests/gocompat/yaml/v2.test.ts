// Expected outputs are what the real yaml.v2 v2.4.0 prints (as tk v0.38.0 shows objects), following
// go-yaml's emitter rules.
import { describe, expect, test } from 'vitest';
import { encodeStreamV2, marshalV2 } from '../../../tools/gocompat/yaml/marshal.js';
import { naturalKeyLess, sortedKeys } from '../../../tools/gocompat/yaml/sort.js';
import { formatFloatG } from '../../../tools/gocompat/strconv.js';
import { canUsePlain, parseTimestamp } from '../../../tools/gocompat/yaml/resolve.js';

const isYamlTimestamp = (s: string): boolean => parseTimestamp(s) !== null;

const v = (x: unknown) => marshalV2({ v: x } as never);

describe('key order (keyList.Less)', () => {
  test('natural order examples from the reference', () => {
    expect(sortedKeys({ aB: 1, a10: 1, a9: 1, 'a-1': 1 })).toEqual(['a-1', 'a9', 'a10', 'aB']);
    expect(naturalKeyLess('_x', 'a')).toBe(true);
    expect(naturalKeyLess('a', '_x')).toBe(false);
    expect(naturalKeyLess('ab', 'abc')).toBe(true);
    expect(sortedKeys({ b: 1, B: 1, a: 1, A: 1 })).toEqual(['A', 'B', 'a', 'b']);
    expect(sortedKeys({ metadata: 1, kind: 1, apiVersion: 1, spec: 1 })).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });
  test('digit runs compare numerically, leading zeros after the run', () => {
    expect(sortedKeys({ 'x100': 1, 'x20': 1, 'x3': 1 })).toEqual(['x3', 'x20', 'x100']);
    expect(naturalKeyLess('a1', 'a01')).toBe(true);
    expect(naturalKeyLess('a01', 'a1')).toBe(false);
  });
});

describe('numbers: FormatFloat(f, g, -1, 64)', () => {
  test.each([
    [1000000, '1e+06'],
    [1234567, '1.234567e+06'],
    [1073741824, '1.073741824e+09'],
    [100000, '100000'],
    [8080, '8080'],
    [0.5, '0.5'],
    [0.0001, '0.0001'],
    [1e-5, '1e-05'],
    [-0, '-0'],
    [123.456, '123.456'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [-2.5e-7, '-2.5e-07'],
    [999999, '999999'],
  ])('%s -> %s', (n, s) => {
    expect(formatFloatG(n)).toBe(s);
    expect(v(n)).toBe(`v: ${s}\n`);
  });
  test('true, false, null', () => {
    expect(marshalV2({ a: true, b: false, c: null })).toBe('a: true\nb: false\nc: null\n');
  });
});

describe('string styles', () => {
  test.each([
    ['yes', '"yes"'], ['Yes', '"Yes"'], ['n', '"n"'], ['N', '"N"'], ['on', '"on"'], ['OFF', '"OFF"'],
    ['true', '"true"'], ['False', '"False"'], ['~', '"~"'], ['null', '"null"'], ['NULL', '"NULL"'], ['', '""'],
    ['0755', '"0755"'], ['1.10', '"1.10"'], ['2001-12-14', '"2001-12-14"'], ['1:20', '"1:20"'],
    ['0x1F', '"0x1F"'], ['0o17', '"0o17"'], ['0b101', '"0b101"'], ['1_000', '"1_000"'], ['123', '"123"'],
    ['-1', '"-1"'], ['+1', '"+1"'], ['1e5', '"1e5"'], ['.5', '"0.5"'.replace('0.5', '.5')], ['.inf', '".inf"'],
    ['-.Inf', '"-.Inf"'], ['.NaN', '".NaN"'], ['08', '"08"'],
    ['2001-12-14T21:59:43.10Z', '"2001-12-14T21:59:43.10Z"'], ['2001-12-14 21:59:43.10', '"2001-12-14 21:59:43.10"'],
    ['2001-1-2', '"2001-1-2"'], ['2021-01-01t01:02:03+01:00', '"2021-01-01t01:02:03+01:00"'],
  ])('%j resolves to a non-string and is double-quoted', (s, out) => {
    expect(v(s)).toBe(`v: ${out}\n`);
  });

  test.each([
    ['hello', 'hello'], ['yess', 'yess'], ['1.2.3', '1.2.3'], ['0x', '0x'], ['2001-13-01', '2001-13-01'],
    ['2001-02-30', '2001-02-30'], ['12:60', '12:60'], ['1e400', '1e400'], ['v1.0', 'v1.0'], ['a:b', 'a:b'],
    ['a#b', 'a#b'], ['-x', '-x'], ['?x', '?x'], [':x', ':x'], ['x-', 'x-'], ['apps/v1', 'apps/v1'],
    ['héllo wörld', 'héllo wörld'], ['a, b', 'a, b'], ['[x', "'[x'"], ['{x}', "'{x}'"],
    ['0xFFFFFFFFFFFFFFFFFF', '0xFFFFFFFFFFFFFFFFFF'], ['<<', '<<'],
  ])('%j', (s, out) => {
    expect(v(s)).toBe(`v: ${out}\n`);
  });

  test.each([
    ['a: b', "'a: b'"], ['- x', "'- x'"], ['*x', "'*x'"], [' x', "' x'"], ['trailing ', "'trailing '"],
    ['#x', "'#x'"], ['a #b', "'a #b'"], ['&a', "'&a'"], ['!x', "'!x'"], ['|x', "'|x'"], ['>x', "'>x'"],
    ["'q'", "'''q'''"], ['"q"', `'"q"'`], ['%x', "'%x'"], ['@x', "'@x'"], ['`x', "'`x'"], ['---', "'---'"],
    ['...x', "'...x'"], ['-', "'-'"], [':', "':'"], ['?', "'?'"], ['a:', "'a:'"], ["it's", "it's"],
  ])('the emitter forbids plain for %j: single quotes', (s, out) => {
    expect(v(s)).toBe(`v: ${out}\n`);
  });

  test('tabs, control characters and spaces before breaks: double quotes with escapes', () => {
    expect(v('a\tb\nc\n')).toBe('v: "a\\tb\\nc\\n"\n');
    expect(v('line1  \nline2\n')).toBe('v: "line1  \\nline2\\n"\n');
    expect(v('a\tb')).toBe('v: "a\\tb"\n');
    expect(v('bell\u0007')).toBe('v: "bell\\a"\n');
    expect(v('x\u007f')).toBe('v: "x\\x7F"\n');
    expect(v('x\u0085y')).toBe('v: "x\\Ny"\n');
    expect(v('x\r')).toBe('v: "x\\r"\n');
    expect(v('smile 😀')).toBe('v: "smile \\U0001F600"\n');
    expect(v('\ufeffab')).toBe('v: "\\uFEFF\\x61\\x62"\n');
    expect(v('nbsp\u00a0x')).toBe('v: nbsp\u00a0x\n');
  });

  test('literal block scalars and their chomping indicators', () => {
    expect(v('a\nb\n')).toBe('v: |\n  a\n  b\n');
    expect(v('a\nb')).toBe('v: |-\n  a\n  b\n');
    expect(v('a\nb\n\n')).toBe('v: |+\n  a\n  b\n\n');
    expect(v('\n')).toBe('v: |2+\n\n');
    expect(v('  indented\nx\n')).toBe('v: |2\n    indented\n  x\n');
    expect(v('\nlead')).toBe('v: |2-\n\n  lead\n');
    expect(v('a\n\nb\n')).toBe('v: |\n  a\n\n  b\n');
    expect(marshalV2({ a: 'x\ny\n', b: 1 })).toBe('a: |\n  x\n  y\nb: 1\n');
    expect(marshalV2({ a: 'x\ny\n\n', b: 1 })).toBe('a: |+\n  x\n  y\n\nb: 1\n');
    expect(marshalV2({ a: { b: 'x\ny' } })).toBe('a:\n  b: |-\n    x\n    y\n');
    expect(marshalV2(['x\ny'])).toBe('- |-\n  x\n  y\n');
    expect(marshalV2('x\ny\n')).toBe('|\n  x\n  y\n');
  });

  test('keys follow the same rules', () => {
    expect(marshalV2({ n: 1, y: 2, on: 3, '80': 4 })).toBe('"80": 4\n"n": 1\n"on": 3\n"y": 2\n');
    expect(marshalV2({ 'a: b': 1, '': 2 })).toBe('"": 2\n\'a: b\': 1\n');
    expect(marshalV2({ 'app.kubernetes.io/name': 'x' })).toBe('app.kubernetes.io/name: x\n');
  });

  test('multi-line and long keys become complex keys', () => {
    expect(marshalV2({ 'a\nb': 1 })).toBe('? |-\n  a\n  b\n: 1\n');
    const k = 'k'.repeat(129);
    expect(marshalV2({ [k]: 'v' })).toBe(`? ${k}\n: v\n`);
    expect(marshalV2({ ['k'.repeat(128)]: 'v' })).toBe(`${'k'.repeat(128)}: v\n`);
    expect(marshalV2({ [k]: { a: 1, b: 2 } })).toBe(`? ${k}\n: a: 1\n  b: 2\n`);
  });
});

describe('layout', () => {
  test('unindented sequences, nested sequences, empty collections', () => {
    expect(marshalV2({ spec: { containers: [{ name: 'x', ports: [{ containerPort: 80 }] }] } })).toBe(
      'spec:\n  containers:\n  - name: x\n    ports:\n    - containerPort: 80\n',
    );
    expect(marshalV2([[1, 2], [3]])).toBe('- - 1\n  - 2\n- - 3\n');
    expect(marshalV2({ a: [[1]] })).toBe('a:\n- - 1\n');
    expect(marshalV2({ a: {}, b: [], c: [{}, []] })).toBe('a: {}\nb: []\nc:\n- {}\n- []\n');
    expect(marshalV2({})).toBe('{}\n');
    expect(marshalV2([])).toBe('[]\n');
    expect(marshalV2(null)).toBe('null\n');
    expect(marshalV2('x')).toBe('x\n');
    expect(marshalV2(5)).toBe('5\n');
  });

  test('80-column folding of plain scalars with spaces (issue #607 example)', () => {
    const long = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.';
    expect(marshalV2({ long })).toBe(
      'long: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor\n  incididunt ut labore et dolore magna aliqua.\n',
    );
    // deeper nesting indents the continuation one level below the key
    expect(marshalV2({ a: { b: [long] } })).toBe(
      'a:\n  b:\n  - Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor\n    incididunt ut labore et dolore magna aliqua.\n',
    );
  });

  test('strings without spaces are never folded; keys are never folded', () => {
    const word = 'x'.repeat(200);
    expect(v(word)).toBe(`v: ${word}\n`);
    const key = 'word '.repeat(20).trim();
    expect(marshalV2({ [key]: 1 })).toBe(`${key}: 1\n`);
  });

  test('single- and double-quoted scalars fold too', () => {
    const s = '- ' + 'abcdefghi '.repeat(10) + 'end';
    expect(v(s)).toBe("v: '- abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi\n  abcdefghi abcdefghi end'\n");
    const d = 'tab\t ' + 'abcdefghi '.repeat(10) + 'end';
    expect(v(d)).toBe('v: "tab\\t abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi abcdefghi\n  abcdefghi abcdefghi end"\n');
  });

  test('double spaces are kept when folding a double-quoted scalar', () => {
    const d = '\t' + 'x'.repeat(80) + '  y';
    expect(v(d)).toBe(`v: "\\t${'x'.repeat(80)}\n  \\ y"\n`);
  });
});

describe('streams (tk show)', () => {
  test('documents separated by ---, none before the first or after the last', () => {
    expect(encodeStreamV2([{ a: 1 }, { b: 2 }])).toBe('a: 1\n---\nb: 2\n');
    expect(encodeStreamV2([])).toBe('');
    expect(encodeStreamV2([{ a: 1 }])).toBe('a: 1\n');
    expect(encodeStreamV2([{ a: 'x\n\n' }, { b: [1] }])).toBe('a: |+\n  x\n\n---\nb:\n- 1\n');
  });
});

describe('resolve helpers', () => {
  test('timestamps per Go time.Parse layouts', () => {
    expect(isYamlTimestamp('2001-12-14')).toBe(true);
    expect(isYamlTimestamp('2000-02-29')).toBe(true);
    expect(isYamlTimestamp('2001-02-29')).toBe(false);
    expect(isYamlTimestamp('2001-12-14T21:59:43Z')).toBe(true);
    expect(isYamlTimestamp('2001-12-14T21:59:43')).toBe(false);
    expect(isYamlTimestamp('2001-12-14 21:59:43')).toBe(true);
    expect(isYamlTimestamp('2001-12-14 21:59:43Z')).toBe(false);
    expect(isYamlTimestamp('2001-12-14T24:00:00Z')).toBe(false);
    expect(isYamlTimestamp('12001-12-14')).toBe(false);
  });
  test('plain-safe strings', () => {
    expect(canUsePlain('default')).toBe(true);
    expect(canUsePlain('1:20')).toBe(false);
    expect(canUsePlain('190:20:30')).toBe(false);
  });
});
