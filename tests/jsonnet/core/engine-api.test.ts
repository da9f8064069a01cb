// The embedding API: imports (file system and callback), ext vars, TLAs,
// native functions, std.thisFile/std.trace, limits and error formatting.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, JsonnetError } from '../../../tools/jsonnet/engine.js';
import { JObject } from '../../../tools/jsonnet/value.js';

let dir: string;
const write = (rel: string, content: string | Uint8Array): string => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsonnet-core-'));
  write('main.jsonnet', "local lib = import 'lib/util.libsonnet'; { v: lib.double(21), here: std.thisFile, there: lib.file }");
  write('lib/util.libsonnet', "{ double(x): x * 2, file: std.thisFile, helper: import 'helper.libsonnet' }");
  write('lib/helper.libsonnet', '"found next to util"');
  write('vendor/shared.libsonnet', '"from vendor"');
  write('vendor2/shared.libsonnet', '"from vendor2"');
  write('uses-jpath.jsonnet', "import 'shared.libsonnet'");
  write('data.txt', 'hello\nworld\n');
  write('data.bin', new Uint8Array([0, 1, 255]));
  write('strs.jsonnet', "[importstr 'data.txt', importbin 'data.bin']");
  write('counter.libsonnet', '{ n: 1 }');
  write('twice.jsonnet', "local a = import 'counter.libsonnet', b = import 'counter.libsonnet'; std.objectFields(a) == std.objectFields(b)");
  write('bad-import.jsonnet', "local x = import 'broken.libsonnet'; x");
  write('broken.libsonnet', '{ a: }');
  write('tla.jsonnet', 'function(name, count=1, obj={}) { name: name, count: count, obj: obj }');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('imports', () => {
  it('resolves relative to the importing file; std.thisFile is where the file was found', () => {
    const e = new Engine();
    const main = path.join(dir, 'main.jsonnet');
    expect(e.toJson(e.evaluateFile(main))).toEqual({ v: 42, here: main, there: path.join(dir, 'lib/util.libsonnet') });
    expect(e.toJson(e.evaluateSnippet(main, "(import 'lib/util.libsonnet').helper"))).toBe('found next to util');
  });
  it('searches jpaths last to first after the importing directory', () => {
    const file = path.join(dir, 'uses-jpath.jsonnet');
    const v = (jpath: string[]): unknown => {
      const e = new Engine({ jpath });
      return e.toJson(e.evaluateFile(file));
    };
    expect(v([path.join(dir, 'vendor')])).toBe('from vendor');
    expect(v([path.join(dir, 'vendor'), path.join(dir, 'vendor2')])).toBe('from vendor2');
    expect(v([path.join(dir, 'vendor2'), path.join(dir, 'vendor')])).toBe('from vendor');
  });
  it('importstr and importbin', () => {
    const e = new Engine();
    expect(e.toJson(e.evaluateFile(path.join(dir, 'strs.jsonnet')))).toEqual(['hello\nworld\n', [0, 1, 255]]);
  });
  it('a missing input file is a JsonnetError', () => {
    const e = new Engine();
    expect(() => e.evaluateFile(path.join(dir, 'absent.jsonnet'))).toThrow(/Opening input file: .*absent.jsonnet: no such file or directory/);
  });
  it('a missing import is a runtime error naming the path', () => {
    const e = new Engine();
    expect(() => e.evaluateSnippet(path.join(dir, 'x.jsonnet'), "import 'nope.libsonnet'")).toThrow(
      /RUNTIME ERROR: couldn't open import "nope.libsonnet": no match locally or in the Jsonnet library paths/,
    );
  });
  it('a syntax error in an imported file is reported with its location', () => {
    const e = new Engine();
    try {
      e.evaluateFile(path.join(dir, 'bad-import.jsonnet'));
      expect.fail('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(JsonnetError);
      expect((err as JsonnetError).formatted).toContain(`RUNTIME ERROR: ${path.join(dir, 'broken.libsonnet')}:1:6`);
    }
  });
  it('each file is read and parsed once per engine; the imported value is shared', () => {
    const reads: string[] = [];
    const e = new Engine({
      importer: (from, p) => {
        reads.push(p);
        if (p === 'a.libsonnet') return { foundAt: '/virtual/a.libsonnet', content: '{ x: std.thisFile }' };
        if (p === 'raw.txt') return { foundAt: '/virtual/raw.txt', content: new TextEncoder().encode('bytes') };
        return null;
      },
    });
    const v = e.evaluateSnippet('/virtual/main.jsonnet', "[(import 'a.libsonnet').x, (import 'a.libsonnet').x, importstr 'raw.txt', importstr 'raw.txt']");
    expect(e.toJson(v)).toEqual(['/virtual/a.libsonnet', '/virtual/a.libsonnet', 'bytes', 'bytes']);
    const v2 = e.evaluateSnippet('/virtual/other.jsonnet', "import 'a.libsonnet'");
    const v3 = e.evaluateSnippet('/virtual/other2.jsonnet', "import 'a.libsonnet'");
    expect(v2).toBe(v3);
    expect(reads).toEqual(['a.libsonnet', 'raw.txt']);
    expect(() => e.evaluateSnippet('/virtual/m.jsonnet', "import 'missing'")).toThrow(/couldn't open import "missing"/);
  });
});

describe('ext vars, TLAs, natives', () => {
  it('ext vars as strings and as code', () => {
    const e = new Engine({ extVars: { s: { kind: 'string', value: 'text' }, c: { kind: 'code', value: '{ a: 1 + 1 }' } } });
    expect(e.toJson(e.evaluateSnippet('<cmdline>', "[std.extVar('s'), std.extVar('c').a]"))).toEqual(['text', 2]);
    expect(() => e.evaluateSnippet('<cmdline>', "std.extVar('nope')")).toThrow('RUNTIME ERROR: Undefined external variable: nope');
  });
  it('ext code is its own snippet for errors', () => {
    const e = new Engine({ extVars: { c: { kind: 'code', value: 'error "in ext"' } } });
    try {
      e.evaluateSnippet('<cmdline>', "std.extVar('c')");
      expect.fail('no error');
    } catch (err) {
      expect((err as JsonnetError).formatted).toContain('\t<extvar:c>:1:1-15\t$');
    }
  });
  it('TLAs call a top-level function', () => {
    const e = new Engine({ tlas: { name: { kind: 'string', value: 'x' }, obj: { kind: 'code', value: '{ k: [1] }' } } });
    expect(e.toJson(e.evaluateFile(path.join(dir, 'tla.jsonnet')))).toEqual({ name: 'x', count: 1, obj: { k: [1] } });
    const none = new Engine();
    expect(() => none.evaluateFile(path.join(dir, 'tla.jsonnet'))).toThrow('RUNTIME ERROR: Missing argument: name');
    expect(none.toJson(none.evaluateSnippet('<cmdline>', '{ a: 1 }'))).toEqual({ a: 1 });
  });
  it('natives receive JSON values (hidden fields left out) and return JSON', () => {
    const seen: unknown[] = [];
    const e = new Engine({
      natives: {
        describe: {
          params: ['name', 'conf'],
          fn: (name, conf) => {
            seen.push(name, conf);
            return { name, keys: Object.keys(conf as object), nested: [1, { deep: true }] };
          },
        },
        fail: { params: [], fn: () => { throw new Error('native said no'); } },
      },
    });
    const v = e.evaluateSnippet('<cmdline>', "std.native('describe')('chart', { a: 1, h:: 2, o: { x: [1, 'two'] } })");
    expect(e.toJson(v)).toEqual({ name: 'chart', keys: ['a', 'o'], nested: [1, { deep: true }] });
    expect(seen).toEqual(['chart', { a: 1, o: { x: [1, 'two'] } }]);
    expect(v).toBeInstanceOf(JObject);
    expect(() => e.evaluateSnippet('<cmdline>', "std.native('fail')()")).toThrow('RUNTIME ERROR: native said no');
    // go-jsonnet: an unknown native function is null, and calling it is a type error.
    expect(e.toJson(e.evaluateSnippet('<cmdline>', "std.native('nope')"))).toBe(null);
    expect(() => e.evaluateSnippet('<cmdline>', "std.native('nope')(1)")).toThrow('Unexpected type null, expected function');
  });
  it('std.trace writes the message with its location and returns the second argument', () => {
    const lines: string[] = [];
    const e = new Engine({ traceOut: (l) => lines.push(l) });
    expect(e.toJson(e.evaluateSnippet('t.jsonnet', "\nstd.trace('hello', 5)"))).toBe(5);
    expect(lines).toEqual(['TRACE: t.jsonnet:2 hello']);
  });
  it('manifestJson gives go-jsonnet output', () => {
    const e = new Engine();
    expect(e.manifestJson(e.evaluateSnippet('<cmdline>', '{ b: [1, 2.5, "x"], a: {}, c: [] }'))).toBe(
      '{\n   "a": { },\n   "b": [\n      1,\n      2.5,\n      "x"\n   ],\n   "c": [ ]\n}\n',
    );
  });
  it('a syntax error shows the failing source, even when the filename was used before', () => {
    const e = new Engine();
    e.evaluateSnippet('<cmdline>', '{ a: 1 }');
    try {
      e.evaluateSnippet('<cmdline>', '[1, 2,, 3]');
      expect.fail('no error');
    } catch (err) {
      expect((err as JsonnetError).formatted).toBe('<cmdline>:1:7-8 Unexpected: "," while parsing terminal\n\n[1, 2,, 3]\n\n');
      expect((err as JsonnetError).kind).toBe('static');
    }
  });
  it('maxStack is configurable', () => {
    const e = new Engine({ maxStack: 20 });
    expect(() => e.evaluateSnippet('<cmdline>', 'local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(50)')).toThrow(
      'max stack frames exceeded.',
    );
    expect(e.toJson(e.evaluateSnippet('<cmdline>', 'local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(5)'))).toBe(5);
  });
  it('errors raised while manifesting are JsonnetErrors too', () => {
    const e = new Engine();
    const v = e.evaluateSnippet('<cmdline>', '{ a: error "late" }');
    expect(() => e.manifestJson(v)).toThrow(JsonnetError);
    expect(() => e.toJson(v)).toThrow(/RUNTIME ERROR: late/);
  });
});
