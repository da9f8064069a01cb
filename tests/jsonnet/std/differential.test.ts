// Differential tests: many std calls evaluated by our engine and by the C++
// `jsonnet` 0.18 binary, compared as JSON. Functions added after 0.18, and
// places where go-jsonnet (which we follow) differs from 0.18, are tested in
// go-behaviour.test.ts instead.

import { GoldenStore } from '../reference.js';
import { describe, expect, test } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';

const CASES: string[] = [
  // types and reflection
  `[std.type(x) for x in [null, true, 1, 'a', [], {}, function(x) x]]`,
  `[std.isString('a'), std.isNumber(1), std.isBoolean(false), std.isObject({}), std.isArray([]), std.isFunction(std.map), std.isString(1)]`,
  `[std.length('héllo😀'), std.length([1, 2]), std.length({ a: 1, b:: 2 }), std.length(function(a, b) a)]`,
  `[std.toString(x) for x in [null, true, 1.5, 'a', [1, 'b', { c: [] }], { a: { b: null } }, {}, []]]`,
  `[std.primitiveEquals(1, 1), std.primitiveEquals('a', 'b'), std.primitiveEquals(null, null), std.primitiveEquals(1, '1')]`,
  `[std.equals([1, { a: 2 }], [1, { a: 2 }]), std.equals({ a: 1, b:: 2 }, { a: 1 }), std.equals([1], [2])]`,
  `std.assertEqual({ a: [1, 2] }, { a: [1, 2] })`,
  // math
  `[std.abs(-3), std.abs(2.5), std.sign(-2), std.sign(0), std.sign(3), std.max(1, 2), std.min(1, 2)]`,
  `[std.clamp(-3, 0, 5), std.clamp(4, 0, 5), std.clamp(7, 0, 5)]`,
  `[std.pow(2, 10), std.pow(2, 0.5), std.exp(1), std.log(10), std.sqrt(2)]`,
  `[std.floor(-1.5), std.ceil(-1.5), std.floor(2.7), std.ceil(2.1)]`,
  `[std.sin(1), std.cos(1), std.tan(1), std.asin(0.5), std.acos(0.5), std.atan(1)]`,
  // |x| >= 2^29: Go reduces the argument with Payne-Hanek
  `[[std.sin(x), std.cos(x), std.tan(x)] for x in [536870912, 2147483648, -3e9, 123456789012, 5e15, 9007199254740993, 1e20, 1e22, -1e300, 1.7976931348623157e308]]`,
  `[[std.exponent(x), std.mantissa(x)] for x in [0, 1, 8, 0.3, -5, 1e300, 5e-320]]`,
  `[std.modulo(7, 3), std.modulo(-7, 3), std.modulo(7.5, 2), std.mod(10, 4), std.mod('%d', 3)]`,
  // strings
  `[std.codepoint('a'), std.codepoint('é'), std.codepoint('😀'), std.char(65), std.char(233), std.char(128512)]`,
  `[std.substr('hello', 1, 3), std.substr('héllo😀x', 4, 2), std.substr('abc', 1, 100), std.substr('abc', 5, 1)]`,
  `[std.findSubstr('a', 'banana'), std.findSubstr('ana', 'banana'), std.findSubstr('', 'x'), std.findSubstr('😀', 'a😀b😀'), std.findSubstr('xyz', 'x')]`,
  `[std.startsWith('hello', 'he'), std.startsWith('hello', 'lo'), std.endsWith('hello', 'lo'), std.endsWith('lo', 'hello')]`,
  `[std.stripChars(' test test test     ', ' '), std.stripChars('aaabbbbcccc', 'ac'), std.stripChars('cacabbbbaacc', 'ac')]`,
  `[std.lstripChars('aaabbbbcccc', 'ac'), std.rstripChars('aaabbbbcccc', 'ac'), std.lstripChars('', 'a'), std.rstripChars('aaa', 'a')]`,
  `[std.split('a,b,,c', ','), std.split('', ','), std.split('abc', ','), std.splitLimit('a,b,c', ',', 1), std.splitLimit('a,b,c', ',', -1), std.splitLimit('a,b,c', ',', 0)]`,
  `[std.strReplace('I like to skate with my skateboard', 'skate', 'surf'), std.strReplace('aaa', 'a', 'bb'), std.strReplace('a$b', '$', '$$')]`,
  `[std.stripChars('😀a😀b😀', '😀'), std.lstripChars('éée', 'é'), std.split('a😀b😀c', '😀'), std.strReplace('a😀b', '😀', 'é'), std.substr('😀😀😀', 1, 1), std.startsWith('😀x', '😀'), std.endsWith('x😀', '😀')]`,
  `[std.splitLimit('a😀b😀c', '😀', 1), std.findSubstr('é', 'ééé'), std.member('a😀b', '😀'), std.format('%3s|%-3s|', ['😀', 'é'])]`,
  `[std.asciiUpper('100 Cats! é'), std.asciiLower('100 CATS! É')]`,
  `[std.stringChars('foo'), std.stringChars('a😀b'), std.stringChars('')]`,
  `[std.parseInt('123'), std.parseInt('-123'), std.parseInt('007'), std.parseOctal('755'), std.parseOctal('0'), std.parseHex('ff'), std.parseHex('DEADbeef')]`,
  `[std.resolvePath('a/b/c.jsonnet', 'd.libsonnet'), std.resolvePath('c.jsonnet', 'd')]`,
  // format
  `std.format('Hello %03d', 12)`,
  `'Hello %s, age %d' % ['Foo', 25]`,
  `'Hello %(name)s, age %(age)d' % { age: 25, name: 'Foo' }`,
  `['%d|%5d|%-5d|%05d|%+d|% d|%.3d|%i|%u' % [42, 42, 42, 42, 42, 42, 42, -7, 3]]`,
  `['%o|%#o|%x|%X|%#x|%#X|%08x|%-8x|' % [8, 8, 255, 255, 255, 255, 255, 255]]`,
  `['%f|%.2f|%10.3f|%-10.1f|%010.2f|%+.1f|% .1f|%#.0f|%.0f' % [3.14159, 2.005, 3.14159, 2.5, -2.5, 1, 1, 3, 2.5]]`,
  `['%e|%.2e|%E|%12.3e|%-12.2e|%e|%e' % [1000, 123456, 0.000123, 1.5, -1.5, 0, 1e-300]]`,
  `['%g|%g|%g|%g|%G|%.3g|%#g|%g|%g' % [100000, 1000000, 0.0001, 0.00001, 1e-10, 3.14159, 1.5, -2.5, 123456789]]`,
  `['%c%c%c' % [65, 'b', 128512], '%s' % [[1, 2]], '%s' % [{ a: 1 }], '%%' % [], '%5%|' % [], '%s %s' % ['a', null]]`,
  `['%*d|%-*d|%.*f' % [5, 42, 4, 7, 2, 3.14159]]`,
  `['%(a)s %(a)s %(b)05.1f' % { a: 'x', b: 2.25 }, '%(a)-4s|' % { a: 'x' }]`,
  `['%s' % 'single', '%d' % 3.7, '%d' % -3.7, '%x' % -3.5, '%ld %hd %Lf' % [1, 2, 3]]`,
  `['%.1f' % x for x in [0.05, 0.15, 0.25, 0.35, 1e20, -0.04, 123.456]]`,
  `['%.3f' % x for x in [1e-7, 2.0005, 999.9999, 1234567.891]]`,
  `['%10s|%-10s|' % ['héllo', 'héllo']]`,
  `['%.2s|%-05d|%+05d|% 05d|%#5x|%.0e|%#.0e|%g|%.10g|%5.1g|%-8.3e|' % ['abcdef', 3, 3, -3, 0, 12345, 1, 1e100, 1 / 3, 0.05, -1e-5]]`,
  `['%(x)s%(y)s' % { x: 1, y:: 'hidden-ok' }, '%(k)5.1f' % { k: 3.14159 }]`,
  // arrays
  `[std.makeArray(3, function(x) x * x), std.makeArray(0, function(x) error 'no')]`,
  `std.makeArray(3, function(i) if i == 1 then error 'lazy' else i)[2]`,
  `[std.member([1, 2, 3], 2), std.member([1, 2, 3], 4), std.member('hello', 'll'), std.member([[1]], [1])]`,
  `[std.count([1, 2, 1, 1], 1), std.find(1, [1, 2, 1]), std.find(9, [1])]`,
  `[std.map(function(x) x * 2, [1, 2, 3]), std.map(function(c) c + c, 'ab'), std.mapWithIndex(function(i, x) i * x, [5, 6, 7])]`,
  `std.map(function(x) if x == 2 then error 'lazy' else x, [1, 2, 3])[2]`,
  `[std.filterMap(function(x) x > 1, function(x) x * 10, [1, 2, 3]), std.filter(function(x) x % 2 == 0, [1, 2, 3, 4])]`,
  `[std.flatMap(function(x) [x, x], [1, 2, 3]), std.flatMap(function(x) if x == 2 then [] else [x * 3, x * 2], [1, 2, 3]), std.flatMap(function(x) x + x, 'foo')]`,
  `[std.foldl(function(a, b) a + b, [1, 2, 3], 0), std.foldr(function(a, b) [a] + b, [1, 2, 3], []), std.foldl(function(a, b) [b] + a, [1, 2, 3], [])]`,
  `[std.range(1, 5), std.range(0, 0), std.range(-2, 1), std.range(5, 4)]`,
  `[std.repeat([1, 2], 3), std.repeat('blah', 2), std.repeat('x', 0), std.repeat([], 5)]`,
  `[std.slice([1, 2, 3, 4, 5, 6], 0, 4, 1), std.slice([1, 2, 3, 4, 5, 6], 1, 6, 2), std.slice('jsonnet', 0, 4, 1), std.slice('jsonnet', null, null, 3), std.slice([1, 2, 3], 1, null, null), std.slice('abc', 5, 10, 1)]`,
  `[std.join('.', ['www', 'google', 'com']), std.join([9, 9], [[1], [2, 3]]), std.join(', ', ['a', null, 'b']), std.join([0], [null, [1], null, [2]]), std.join('', [])]`,
  `[std.lines(['a', 'b']), std.lines([]), std.lines(['a', null, 'c'])]`,
  `[std.deepJoin(['a', ['b', ['c']], 'd']), std.deepJoin('x')]`,
  `[std.flattenArrays([[1, 2], [3, 4], [[5, 6], [7, 8]]]), std.flattenArrays([]), std.flattenArrays([[], [1]])]`,
  `[std.reverse([1, 2, 3]), std.reverse([])]`,
  `[std.sort([3, 1, 2]), std.sort(['b', 'a', 'C']), std.sort([[2, 1], [1, 2], [1]]), std.sort([3, 1, 2], function(x) -x), std.sort([])]`,
  `std.sort([{ k: 1, v: 'a' }, { k: 0, v: 'b' }, { k: 1, v: 'c' }, { k: 0, v: 'd' }], function(x) x.k)`,
  `std.sort(std.makeArray(100, function(i) (i * 37) % 101))`,
  `[std.uniq([1, 1, 2, 2, 1]), std.uniq(['a', 'A', 'b'], std.asciiLower), std.uniq([])]`,
  `[std.set([3, 1, 2, 3, 1]), std.set(['b', 'a', 'B'], std.asciiLower), std.setMember(2, [1, 2, 3]), std.setMember(4, [1, 2, 3]), std.setMember('B', ['a', 'b'], std.asciiLower)]`,
  `[std.setUnion([1, 2], [2, 3]), std.setInter([1, 2, 3], [2, 3, 4]), std.setDiff([1, 2, 3], [2, 4]), std.setUnion([], [1]), std.setInter([], [1]), std.setDiff([1], [])]`,
  `std.setUnion([{ n: 'A', v: 1 }, { n: 'B' }], [{ n: 'A', v: 9999 }, { n: 'C' }], keyF=function(x) x.n)`,
  `[std.setInter([{ n: 'A', v: 1 }], [{ n: 'A', v: 2 }], function(x) x.n), std.setDiff([{ n: 'A' }, { n: 'B' }], [{ n: 'A' }], function(x) x.n)]`,
  // objects
  `[std.objectFields({ b: 1, a: 2, c:: 3 }), std.objectFieldsAll({ b: 1, a: 2, c:: 3 })]`,
  `[std.objectHas({ a: 1, b:: 2 }, 'a'), std.objectHas({ a: 1, b:: 2 }, 'b'), std.objectHasAll({ a: 1, b:: 2 }, 'b'), std.objectHas({}, 'x')]`,
  `[std.objectHas({ a:: 1 } + { a: 2 }, 'a'), std.objectHas({ a:: 1 } + { a::: 2 }, 'a'), std.objectHas({ a: 1 } + { a:: 2 }, 'a'), std.objectHas({ a::: 1 } + { a: 2 } + { b: 1 }, 'a'), std.objectHas({ a: 1 } + { b:: 2 }, 'b')]`,
  `[std.objectHasEx({ a:: 1 }, 'a', true), std.objectHasEx({ a:: 1 }, 'a', false), std.objectFieldsEx({ a:: 1, b: 2 }, true)]`,
  `[std.objectValues({ b: 1, a: 2, c:: 3 }), std.objectValuesAll({ b: 1, a: 2, c:: 3 })]`,
  `[std.get({ a: 1 }, 'a'), std.get({ a: 1 }, 'b'), std.get({ a: 1 }, 'b', 5), std.get({ a:: 1 }, 'a', 5, false), std.get({ a:: 1 }, 'a', 5, true)]`,
  `std.mapWithKey(function(k, v) k + '=' + v, { a: 1, b: 'x', h:: 3 })`,
  `std.mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { a: null, b: { c: null, f: { g: null, h: 1 } }, e: { x: 1 }, n: null })`,
  `[std.mergePatch(1, { a: { b: null } }), std.mergePatch({ a: 1 }, 'x'), std.mergePatch({ a: 1, h:: 2 }, {})]`,
  `std.prune({ a: null, b: [], c: {}, d: [null, [], {}, 1, { e: null }], f: { g: { h: null } }, i: 0, j: '', k: false })`,
  `[std.prune([null]), std.prune(null), std.prune(1)]`,
  // encoding
  `[std.base64('hello'), std.base64(''), std.base64('a'), std.base64('ab'), std.base64([0, 255, 128]), std.base64('~~~')]`,
  `[std.base64Decode('aGVsbG8='), std.base64DecodeBytes('AP+A'), std.base64Decode(''), std.base64DecodeBytes('YQ==')]`,
  `[std.md5(''), std.md5('hello'), std.md5('héllo😀')]`,
  `[std.encodeUTF8('aé😀'), std.decodeUTF8([97, 195, 169, 240, 159, 152, 128]), std.decodeUTF8([])]`,
];

const goJsonnet = new GoldenStore('std-differential');

describe('std builtins agree with go-jsonnet', () => {
  const engine = new Engine();
  const expected = goJsonnet.evalJson(`[\n${CASES.join(',\n')}\n]`) as unknown[];
  CASES.forEach((code, i) => {
    test(code, () => {
      const got = engine.toJson(engine.evaluateSnippet('case.jsonnet', code));
      expect(got).toEqual(expected[i]);
    });
  });
});
