// go-yaml's plain-scalar resolution, one module for yaml.v2 and yaml.v3 (tools/gocompat/yaml/resolve.ts).
// Expected values recorded from the real tk v0.38.0 (`std.native('parseYaml')`, yaml.v3) and
// go-jsonnet v0.22.0 (`std.parseYaml`, sigs.k8s.io/yaml over yaml.v2) on 2026-12-07.
import { describe, expect, it } from 'vitest';
import { resolvePlain } from '../../../tools/gocompat/yaml/resolve.js';
import { evaluate } from '../go-goldens.js';

// value of `a: <scalar>` as tk's parseYaml gives it (yaml.v3 into interface{}, then encoding/json)
const V3: [string, unknown][] = [
  ['.1_0', 0.1],
  ['1_0.5', 10.5],
  ['.5', 0.5],
  ['._1', '._1'],
  ['+.5', 0.5],
  ['-.5e3', -500],
  ['1e400', '1e400'],
  ['0b1_0', 2],
  ['-0b11', -3],
  ['0o17', 15],
  ['0x_1F', 31],
  ['1:20', '1:20'],
  ['yes', 'yes'],
  ['2001-1-1', '2001-01-01T00:00:00Z'],
  ['2001-02-29', '2001-02-29'],
  ['2001-01-01t01:02:03Z', '2001-01-01T01:02:03Z'],
  ['2001-01-01   1:02:03', '2001-01-01T01:02:03Z'],
  ['2001-01-01 1:02:03,5', '2001-01-01T01:02:03.5Z'],
  ['2001-01-01T01:02:03,5Z', '2001-01-01T01:02:03.5Z'],
  ['2001-01-01T1:2:3+05:00', '2001-01-01T01:02:03+05:00'],
];

// value of `a: <scalar>` as go-jsonnet's std.parseYaml gives it
const V2: [string, unknown][] = [
  ['.1_0', 0.1],
  ['1_0.5', 10.5],
  ['._1', '._1'],
  ['1e400', '1e400'],
  ['0b1_0', 2],
  ['-0b11', -3],
  ['0o17', 15],
  ['0x_1F', 31],
  ['1:20', '1:20'],
  ['yes', true],
  ['on', true],
  ['2001-1-1', '2001-1-1'],
  ['2001-01-01 1:02:03,5', '2001-01-01 1:02:03,5'],
];

describe('go-yaml scalar resolution', () => {
  it.each(V3)('yaml.v3 (tk parseYaml) reads %s as Go does', (text, want) => {
    expect(evaluate(`std.native('parseYaml')('a: ${text}')[0].a`)).toEqual({ result: want });
  });

  it.each(V2)('yaml.v2 (std.parseYaml) reads %s as Go does', (text, want) => {
    expect(evaluate(`std.parseYaml('a: ${text}').a`)).toEqual({ result: want });
  });

  it('an explicit tag that does not fit names the resolved tag, as yaml.v3 does', () => {
    const err = (v: string) => evaluate(`std.native('parseYaml')('a: ${v}')`).error;
    expect(err('!!int 1.0')).toContain('yaml: cannot decode !!float `1.0` as a !!int');
    expect(err('!!bool 1')).toContain('yaml: cannot decode !!int `1` as a !!bool');
    expect(err('!!int abc')).toContain('yaml: cannot decode !!str `abc` as a !!int');
    expect(err('!!int ~')).toContain('yaml: cannot decode !!null `~` as a !!int');
    expect(evaluate(`std.native('parseYaml')('a: !!float 3')[0].a`)).toEqual({ result: 3 });
    expect(evaluate(`std.native('parseYaml')('a: !!timestamp 2001-01-01')[0].a`)).toEqual({ result: '2001-01-01T00:00:00Z' });
  });

  it('the versions differ only in booleans and in what a timestamp decodes to', () => {
    expect(resolvePlain('on', 'v2')).toEqual({ tag: 'bool', value: true });
    expect(resolvePlain('on', 'v3')).toEqual({ tag: 'str', value: 'on' });
    expect(resolvePlain('2001-1-1', 'v2')).toEqual({ tag: 'timestamp', value: '2001-1-1' });
    expect(resolvePlain('2001-1-1', 'v3')).toEqual({ tag: 'timestamp', value: '2001-01-01T00:00:00Z' });
    expect(resolvePlain('<<', 'v3')).toEqual({ tag: 'str', value: '<<' });
  });
});
