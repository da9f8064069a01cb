import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../tools/jsonnet/api.js';
import { tankaNatives } from '../../tools/tanka/natives/index.js';

const natives = tankaNatives({
  helmBin: () => {
    throw new Error('no helm in this test');
  },
  cacheDir: null,
});
const call = (name: string, ...args: JsonValue[]) => natives[name].fn(...args);

describe('regexMatch / regexSubst (Go RE2 semantics)', () => {
  it('replaces all matches with Go expansion rules', () => {
    expect(call('regexSubst', '(\\w+)@(\\w+)', 'bob@example', '$2:$1')).toBe('example:bob');
    expect(call('regexSubst', '(?P<first>\\w+) (?P<last>\\w+)', 'John Smith', '${last}, ${first}')).toBe('Smith, John');
    expect(call('regexSubst', '(?<first>\\w+) (?<last>\\w+)', 'John Smith', '$last')).toBe('Smith');
    // `$1x` names group "1x", which does not exist: empty; `${1}x` is group 1 then x.
    expect(call('regexSubst', '(a)', 'a', '$1x')).toBe('');
    expect(call('regexSubst', '(a)', 'a', '${1}x')).toBe('ax');
    expect(call('regexSubst', 'a', 'a', '$$ and $')).toBe('$ and $');
    expect(call('regexSubst', '(a)', 'a', '$9')).toBe('');
  });

  it('skips an empty match right after a match, like Go', () => {
    expect(call('regexSubst', 'a*', 'baaac', 'X')).toBe('XbXcX');
    expect(call('regexSubst', '', 'ab', '-')).toBe('-a-b-');
    expect(call('regexSubst', '(?m)^', 'a\nb', '> ')).toBe('> a\n> b');
  });

  it('matches unanchored with Go character semantics', () => {
    expect(call('regexMatch', 'ell', 'hello')).toBe(true);
    expect(call('regexMatch', '^a.c$', 'a\nc')).toBe(false);
    expect(call('regexMatch', '(?s)^a.c$', 'a\nc')).toBe(true);
    expect(call('regexMatch', '^a.c$', 'a\rc')).toBe(true); // Go's . only excludes \n
    expect(call('regexMatch', '(?i)HELLO', 'say hello')).toBe(true);
    expect(call('regexMatch', '^[[:digit:]]+$', '123')).toBe(true);
    expect(call('regexMatch', '^\\s$', '\u000b')).toBe(false); // Go's \s has no \v
    expect(call('regexMatch', '^\\#x$', '#x')).toBe(true);
    expect(call('regexMatch', '^x{,3}$', 'x{,3}')).toBe(true); // not a repeat in Go: literal
    expect(call('regexMatch', '^\\pL+$', 'héllo')).toBe(true);
    expect(call('regexMatch', '^\\x{263a}$', '☺')).toBe(true);
    expect(call('regexMatch', '\\Qa.b\\E', 'axb')).toBe(false);
    expect(call('regexMatch', '(?m)^b$', 'a\nb\nc')).toBe(true);
    expect(call('regexMatch', '^b$', 'a\nb\nc')).toBe(false);
  });

  it('rejects what RE2 does not support, with Go-like messages', () => {
    expect(() => call('regexMatch', 'a(?=b)', 'ab')).toThrow('invalid or unsupported Perl syntax: `(?=`');
    expect(() => call('regexMatch', '(a)\\1', 'aa')).toThrow('invalid escape sequence');
    expect(() => call('regexMatch', '[a', 'a')).toThrow('missing closing ]');
  });

  it('escapeStringRegex quotes like regexp.QuoteMeta', () => {
    expect(call('escapeStringRegex', 'a.b*c(d)[e]{f}|^$\\+?')).toBe('a\\.b\\*c\\(d\\)\\[e\\]\\{f\\}\\|\\^\\$\\\\\\+\\?');
    expect(call('regexMatch', '^' + (call('escapeStringRegex', '1.2+3') as string) + '$', '1.2+3')).toBe(true);
  });
});

describe('parseYaml (yaml.v3 decoding, then JSON)', () => {
  it('returns one element per document', () => {
    expect(call('parseYaml', '')).toEqual([]);
    expect(call('parseYaml', 'a: 1\n---\n# only a comment\n---\nb: 2\n')).toEqual([{ a: 1 }, null, { b: 2 }]);
  });

  it('resolves scalars as yaml.v3 does', () => {
    const [doc] = call('parseYaml', 'v: [x, 010, 0o10, 0x10, yes, on, ~, 2021-01-01, 1_000, 1e3, .5, "010", true, False, -0b11]\n') as JsonValue[];
    expect(doc).toEqual({ v: ['x', 8, 8, 16, 'yes', 'on', null, '2021-01-01T00:00:00Z', 1000, 1000, 0.5, '010', true, false, -3] });
    expect(call('parseYaml', 't: 2001-12-14t21:59:43.10-05:00\ns: 2001-12-14 21:59:43.10\nx: 2001-13-14\n')).toEqual([
      { t: '2001-12-14T21:59:43.1-05:00', s: '2001-12-14T21:59:43.1Z', x: '2001-13-14' },
    ]);
  });

  it('expands anchors, aliases, merge keys and !!binary', () => {
    expect(call('parseYaml', 'x: &a {k: v}\ny: *a\nz:\n  <<: *a\n  m: n\nb: !!binary aGVsbG8=\n')).toEqual([
      { x: { k: 'v' }, y: { k: 'v' }, z: { k: 'v', m: 'n' }, b: 'hello' },
    ]);
  });

  it('fails where Tanka fails', () => {
    expect(() => call('parseYaml', 'a: 1\na: 2\n')).toThrow('mapping key "a" already defined at line 1');
    expect(() => call('parseYaml', '1: a\n')).toThrow('json: unsupported type: map[interface {}]interface {}');
    expect(() => call('parseYaml', 'a: .inf\n')).toThrow('json: unsupported value: +Inf');
  });

  it('wraps decoding errors as tk does (parsing yaml: ...), not the conversion to JSON', () => {
    expect(() => call('parseYaml', 'a: 1\na: 2\n')).toThrow(/^parsing yaml: yaml: unmarshal errors:\n  line 2: mapping key "a" already defined at line 1$/);
    expect(() => call('parseYaml', 'a: !!int x\n')).toThrow(/^parsing yaml: yaml: cannot decode !!str `x` as a !!int$/);
    expect(() => call('parseYaml', 'a: .inf\n')).toThrow(/^converting yaml to json: /);
  });

  it("refuses nesting beyond 10,000 levels with yaml.v3's words (texts from tk v0.38.0)", () => {
    // Within the limit, see tests/tanka/deep-input.test.ts (it takes a larger stack than a test thread has).
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(() => call('parseYaml', nest(10_001))).toThrow(/^parsing yaml: yaml: exceeded max depth of 10000$/);
    expect(() => call('parseYaml', nest(100_000))).toThrow(/^parsing yaml: yaml: exceeded max depth of 10000$/);
    expect(() => call('parseYaml', `a: ${nest(10_001)}\n---\nb: 1\n`)).toThrow(/^parsing yaml: yaml: exceeded max depth of 10000$/);
  });
});

describe('JSON natives', () => {
  it('manifestJsonFromJson indents like json.Indent, keeping order and number text', () => {
    expect(call('manifestJsonFromJson', '  {"b": 1, "a": [ ], "c": {"x": [1, 2e3]}, "d": {}}  ', 2)).toBe(
      '{\n  "b": 1,\n  "a": [],\n  "c": {\n    "x": [\n      1,\n      2e3\n    ]\n  },\n  "d": {}\n}\n',
    );
    expect(call('manifestJsonFromJson', '[1,"a, b: c"]', 4)).toBe('[\n    1,\n    "a, b: c"\n]\n');
    expect(() => call('manifestJsonFromJson', '{', 2)).toThrow();
  });

  it('manifestYamlFromJson writes yaml.v3 with 4 spaces', () => {
    expect(call('manifestYamlFromJson', '{ "foo": { "bar": "baz" } }')).toBe('foo:\n    bar: baz\n');
  });

  it("parseJson fails with encoding/json's words, nesting beyond 10,000 levels too (texts from tk v0.38.0)", () => {
    expect(() => call('parseJson', '{')).toThrow(/^unexpected end of JSON input$/);
    expect(() => call('parseJson', '[1,]')).toThrow(/^invalid character ']' looking for beginning of value$/);
    expect(() => call('parseJson', '{"a":tru}')).toThrow(/^invalid character '\}' in literal true \(expecting 'e'\)$/);
    expect(() => call('parseJson', '1 2')).toThrow(/^invalid character '2' after top-level value$/);
    expect(() => call('parseJson', '['.repeat(10_001) + ']'.repeat(10_001))).toThrow(/^invalid character '\[' exceeded max depth$/);
    expect(() => call('parseJson', '{"a":'.repeat(10_001) + '1' + '}'.repeat(10_001))).toThrow(/^invalid character '\{' exceeded max depth$/);
  });

  it('parseJson and sha256', () => {
    expect(call('parseJson', '{"a": [1, 2.5, null]}')).toEqual({ a: [1, 2.5, null] });
    expect(call('sha256', 'Hello, World!')).toBe('dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f');
  });
});

describe('helmTemplate argument checks', () => {
  it('names wrong argument types and a missing calledFrom as Tanka does', () => {
    expect(() => call('helmTemplate', 1, 'c', {})).toThrow("first argument 'name' must be of 'string' type, got 'float64' instead");
    expect(() => call('helmTemplate', 'n', null, {})).toThrow("second argument 'chart' must be of 'string' type, got '<nil>' instead");
    expect(() => call('helmTemplate', 'n', 'c', {})).toThrow("helmTemplate: 'opts.calledFrom' is unset or empty.");
    expect(() => call('helmTemplate', 'n', 'c', { calledFrom: '/x/main.jsonnet', includeCrds: 'yes' })).toThrow(
      'json: cannot unmarshal string into Go struct field JsonnetOpts.IncludeCrds of type bool',
    );
    expect(() => call('helmTemplate', 'n', './nope', { calledFrom: '/nonexistent/env/main.jsonnet' })).toThrow(
      "helmTemplate: Failed to find a chart at '': helmTemplate: Failed to find a chart at '/nonexistent/env/nope'",
    );
  });
});
