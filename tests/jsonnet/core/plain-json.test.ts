// The fast path for files that are plain JSON (tools/jsonnet/plain-json.ts): which texts it takes
// and which it hands to the general path, and field locations identical to the general path's.
// Its values are compared with go-jsonnet in tests/jsonnet/differential/json-import.test.ts.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';
import { plainJsonValue } from '../../../tools/jsonnet/plain-json.js';
import { JObject } from '../../../tools/jsonnet/value.js';

describe('plainJsonValue', () => {
  it.each([
    ['an object', '{"a":1}'],
    ['an array', ' [1, "x", true, null, -0.5e3] '],
    ['pretty-printed with CRLF', '{\r\n  "a" : [ 1,\t2 ],\r\n  "b": {}\r\n}\r\n'],
    ['escapes but no surrogates', '{"\\"\\n":"\\u00e9\\/"}'],
    ['keys JavaScript treats specially', '{"__proto__":1,"constructor":2,"1":3,"0":4}'],
    ['strings holding quotes and colons', '{"a":"\\":","b":":","c":"\\\\"}'],
    ['1000 levels', '['.repeat(1000) + ']'.repeat(1000)],
  ])('takes %s', (_name, text) => {
    expect(plainJsonValue('x.json', text)).not.toBeUndefined();
  });

  it.each([
    ['a repeated key', '{"a":1,"a":2}'],
    ['a repeated key with space before the colon', '{"a" :1,"b":":","a" :2}'],
    ['a repeated key written with an escape', '{"a":1,"\\u0061":2}'],
    ['a repeated key, nested in an array', '[{"b":{"c":1,"c":1}}]'],
    ['a number beyond float64', '{"a":1e400}'],
    ['a negative number beyond float64', '[-1e400]'],
    ['a surrogate pair escape', '["\\ud83d\\ude00"]'],
    ['a lone surrogate escape', '["\\uDC00"]'],
    ['a trailing comma', '[1,]'],
    ['a comment', '[1] // x'],
    ['an unquoted key', '{a:1}'],
    ['a raw newline in a string', '["a\nb"]'],
    ['a top-level string', '"a"'],
    ['a top-level number', '1'],
    ['nothing', ' '],
    ['1001 levels', '['.repeat(1001) + ']'.repeat(1001)],
  ])('hands on %s', (_name, text) => {
    expect(plainJsonValue('x.json', text)).toBeUndefined();
  });

  it('gives plain (:) fields, as an object literal does', () => {
    const v = plainJsonValue('x.json', '{"a":{"b":[1]}}') as JObject;
    expect(v).toBeInstanceOf(JObject);
    const hidden = new Engine().evaluateSnippet('m.jsonnet', '{a:: 0}') as JObject;
    expect(hidden.extend(v).visibleFields()).toEqual([]);
    expect(v.visibleFields()).toEqual(['a']);
  });
});

describe('fieldLocation of values from a JSON file', () => {
  const doc = [
    '{', // line 1
    '  "metadata": {"name": "web", "labels": {"app\\n": "x"}},', // line 2
    '  "10": [', // line 3
    '    {"kind": "A"},', // line 4
    '    [{"deep": -1}]', // line 5
    '  ],', // line 6
    '  "é": {"ü": 1}, "2": 2', // line 7
    '}', // line 8
  ].join('\r\n');

  /** The engine's answers for these paths when `text` is imported. */
  function locations(text: string, paths: (string | number)[][]): unknown[] {
    const engine = new Engine({ importer: () => ({ foundAt: 'doc.json', content: text }) });
    const root = engine.evaluateSnippet('main.jsonnet', "import 'doc.json'");
    engine.toJson(root);
    return paths.map((p) => engine.fieldLocation(root, p));
  }

  it("are the general path's", () => {
    const paths = [['metadata'], ['metadata', 'name'], ['metadata', 'labels', 'app\n'], ['10', 0, 'kind'], ['10', 1, 0, 'deep'], ['é', 'ü'], ['2'], ['nope']];
    expect(plainJsonValue('doc.json', doc)).not.toBeUndefined();
    const fast = locations(doc, paths);
    // A comment at the end: not JSON, so the lexer, parser and compiler build the same values.
    const general = locations(doc + '\n// general path', paths);
    expect(fast).toEqual(general);
    expect(fast[1]).toEqual({ file: 'doc.json', line: 2, column: 16, endLine: 2, endColumn: 29 });
    expect(fast[5]).toEqual({ file: 'doc.json', line: 7, column: 10, endLine: 7, endColumn: 17 });
    expect(fast[7]).toBeNull();
  });
});
