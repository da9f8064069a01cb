// yaml.v3 v3.0.1 Marshal, as used by the manifestYamlFromJson native and
// Tanka's error dumps (examples verified with the real tk v0.38.0).
import { describe, expect, test } from 'vitest';
import { marshalV3 } from '../../../tools/gocompat/yaml/marshal.js';

describe('marshalV3', () => {
  test('reference examples', () => {
    expect(marshalV3({ foo: { bar: 'baz' } })).toBe('foo:\n    bar: baz\n');
    expect(marshalV3({ a: 1000000 })).toBe('a: 1e+06\n');
    expect(marshalV3({ a: 'yes', b: 'n', c: 'on', d: 'true', e: '' })).toBe('a: "yes"\nb: "n"\nc: "on"\nd: "true"\ne: ""\n');
    expect(marshalV3({ foo: 'bar' })).toBe('foo: bar\n');
  });

  test('sequences are indented under their key; items of a sequence skip the "- "', () => {
    expect(marshalV3({ a: [1, 2] })).toBe('a:\n    - 1\n    - 2\n');
    expect(marshalV3({ a: [{ b: 1, c: 2 }] })).toBe('a:\n    - b: 1\n      c: 2\n');
    expect(marshalV3({ a: [{ b: { c: 1 } }] })).toBe('a:\n    - b:\n        c: 1\n');
    expect(marshalV3([[1, 2], [3]])).toBe('- - 1\n  - 2\n- - 3\n');
    expect(marshalV3({ a: { b: { c: [] } } })).toBe('a:\n    b:\n        c: []\n');
  });

  test('natural key order and the same quoting rules as v2', () => {
    expect(marshalV3({ a10: 1, a9: 2, 'a-1': 3, aB: 4 })).toBe('a-1: 3\na9: 2\na10: 1\naB: 4\n');
    expect(marshalV3({ k: '0755', l: '1:20', m: 'a: b', n: '- x' })).toBe('k: "0755"\nl: "1:20"\nm: \'a: b\'\n"n": \'- x\'\n');
  });

  test('no line folding', () => {
    const long = 'word '.repeat(40).trim();
    expect(marshalV3({ long })).toBe(`long: ${long}\n`);
  });

  test('literal blocks use a 4-space indent; tabs are allowed in them', () => {
    expect(marshalV3({ a: 'x\ny\n' })).toBe('a: |\n    x\n    y\n');
    expect(marshalV3({ a: 'x\ny' })).toBe('a: |-\n    x\n    y\n');
    expect(marshalV3({ a: 'a\tb\nc\n' })).toBe('a: |\n    a\tb\n    c\n');
    expect(marshalV3({ a: 'a\tb' })).toBe('a: "a\\tb"\n');
    expect(marshalV3({ a: '  x\ny' })).toBe('a: |4-\n      x\n    y\n');
  });

  test('scalars and empty documents', () => {
    expect(marshalV3(null)).toBe('null\n');
    expect(marshalV3({})).toBe('{}\n');
    expect(marshalV3('x')).toBe('x\n');
  });
});
