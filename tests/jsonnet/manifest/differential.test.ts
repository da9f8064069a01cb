// The manifesters against the C++ reference `jsonnet` (0.18), on a corpus of
// data values. Where go-jsonnet (our target) prints differently from 0.18, the
// case lives in manifest.test.ts with go-jsonnet's expected text instead.

import { describe, expect, it } from 'vitest';
import { manifestBuiltins, toStringValue } from '../../../tools/jsonnet/manifest/index.js';
import { JFunction, JObject, type Value } from '../../../tools/jsonnet/value.js';
import { val } from './values.js';
import { GoldenStore } from '../reference.js';

// Values whose numbers are integers and whose strings have no C1 controls:
// there go-jsonnet and jsonnet 0.18 agree on every format below.
const CORPUS = [
  `null`,
  `true`,
  `42`,
  `-7`,
  `"plain"`,
  `""`,
  `"tab\\there \\"quoted\\" back\\\\slash"`,
  `"line1\\nline2\\n"`,
  `"ends without newline\\nsecond"`,
  `"unicode é ü 日本 \\u0001"`,
  `[]`,
  `{}`,
  `[1, [2, [3, []]], {}, [{}]]`,
  `{a: 1, b: [1, 2, {c: []}], d: {}, e: {f: {g: "h"}}}`,
  `{"key with space": 1, "123": 2, "true": 3, "-": 4, "a.b": 5, "x/y": 6, "0x1F": 7, "2001-01-02": 9, "0b101": 10, "ok_key-1": 11}`,
  `{arr: [[1, 2], [3]], objs: [{a: 1, b: 2}, {c: [1]}], text: "multi\\nline\\n"}`,
  `[{a: [1, 2]}, "x\\ny\\n", [[]], [{}], {b: {}}]`,
  `{z: 1, a: 2, M: 3, "é": 4, "A": 5}`,
  `{nested: {deep: {deeper: [1, {deepest: "x\\n\\ny\\n"}]}}}`,
  `{" ": 2, "x y": 3}`,
  `{y: 1, n: 2, yes: 3, No: 4, ON: 5, Null: 6, "~": 7, ".inf": 8}`,
];

function call(name: string, ...args: Value[]): Value {
  const f = manifestBuiltins().get(name) as JFunction;
  return f.call(...args);
}

// Every format, for every corpus entry, from one run of the reference binary (it starts slowly).
const FORMATS: Record<string, { cpp: (e: string) => string; ours: (v: Value) => Value }> = {
  toString: { cpp: (e: string) => `std.toString(${e})`, ours: (v: Value) => toStringValue(v) },
  manifestJson: { cpp: (e) => `std.manifestJson(${e})`, ours: (v) => call('manifestJson', v) },
  manifestJsonExTab: { cpp: (e) => `std.manifestJsonEx(${e}, "\\t")`, ours: (v) => call('manifestJsonEx', v, '\t') },
  manifestJsonExSeps: {
    cpp: (e) => `std.manifestJsonEx(${e}, "  ", " ", " = ")`,
    ours: (v) => call('manifestJsonEx', v, '  ', ' ', ' = '),
  },
  manifestJsonMinified: { cpp: (e) => `std.manifestJsonMinified(${e})`, ours: (v) => call('manifestJsonMinified', v) },
  manifestYamlDoc: { cpp: (e) => `std.manifestYamlDoc(${e})`, ours: (v) => call('manifestYamlDoc', v) },
  manifestYamlDocIndented: { cpp: (e) => `std.manifestYamlDoc(${e}, true)`, ours: (v) => call('manifestYamlDoc', v, true) },
  // 0.18's quote_keys=false costs ~50 ms of CPU per key, so only key-heavy entries go through it.
  manifestYamlDocBareKeys: {
    cpp: (e) => (BARE_KEY_CASES.includes(e) ? `std.manifestYamlDoc(${e}, quote_keys=false)` : 'null'),
    ours: (v) => (BARE_KEY_CASES.includes(currentInput) ? call('manifestYamlDoc', v, false, false) : null),
  },
  manifestYamlStream: { cpp: (e) => `std.manifestYamlStream([${e}, ${e}])`, ours: (v) => call('manifestYamlStream', val([v, v])) },
  manifestYamlStreamNoEnd: {
    cpp: (e) => `std.manifestYamlStream([${e}], true, false)`,
    ours: (v) => call('manifestYamlStream', val([v]), true, false),
  },
  manifestPython: { cpp: (e) => `std.manifestPython(${e})`, ours: (v) => call('manifestPython', v) },
  escapeStringJson: { cpp: (e) => `std.escapeStringJson(${e})`, ours: (v) => call('escapeStringJson', v) },
  escapeStringPython: { cpp: (e) => `std.escapeStringPython(${e})`, ours: (v) => call('escapeStringPython', v) },
  escapeStringBash: { cpp: (e) => `std.escapeStringBash(${e})`, ours: (v) => call('escapeStringBash', v) },
  escapeStringDollars: { cpp: (e) => `std.escapeStringDollars(${e})`, ours: (v) => call('escapeStringDollars', v) },
  // 0.18's TOML writer is slow too: a few structured objects cover it.
  manifestToml: {
    cpp: (e) => (TOML_CASES.includes(e) ? `std.manifestToml(${e})` : 'null'),
    ours: (v) => (TOML_CASES.includes(currentInput) ? call('manifestToml', v) : null),
  },
  manifestPythonVars: {
    cpp: (e) => `local v = ${e}; if std.isObject(v) then std.manifestPythonVars(v) else null`,
    ours: (v) => (v instanceof JObject ? call('manifestPythonVars', v) : null),
  },
};

const BARE_KEY_CASES = CORPUS.filter((e) => e.includes('"0x1F"') || e.includes('yes: 3') || e.includes('nested:'));
const TOML_CASES = CORPUS.filter((e) => e.startsWith('{a: 1, b:') || e.startsWith('{arr:') || e.startsWith('{nested:') || e.startsWith('{" "'));
let currentInput = '';

const program = `{ data: [${CORPUS.join(', ')}], ${Object.entries(FORMATS)
  .map(([name, f]) => `${name}: [${CORPUS.map(f.cpp).join(', ')}]`)
  .join(', ')} }`;
const reference = new GoldenStore('manifest-differential').evalJson(program) as Record<string, unknown[]>;

describe('manifesters agree with jsonnet 0.18 on integer/plain data', () => {
  it('samples the slow formats on the intended entries', () => {
    expect(BARE_KEY_CASES.length).toBe(3);
    expect(TOML_CASES.length).toBe(4);
  });

  for (const [name, f] of Object.entries(FORMATS)) {
    it(name, () => {
      const got = reference.data.map((d, i) => {
        currentInput = CORPUS[i];
        return f.ours(val(d));
      });
      for (let i = 0; i < CORPUS.length; i++) {
        expect({ input: CORPUS[i], out: got[i] }).toEqual({ input: CORPUS[i], out: reference[name][i] });
      }
    });
  }
});
