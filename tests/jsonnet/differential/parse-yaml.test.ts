// std.parseYaml against go-jsonnet v0.22.0 (yaml.v2 through sigs.k8s.io/yaml): values of generated
// documents (yaml-generator.ts), and the errors of decoding (tags that do not fit the text, !!binary,
// unknown and self-containing anchors, merges of what is no mapping, null and collection keys,
// infinities). Answers are goldens (tests/jsonnet/goldens/parse-yaml.json, JSONNET_GOLDEN=record) and
// computed live where go-jsonnet is present. go-yaml's scanner and parser errors (`yaml: line N: did not
// find expected key`, ...) are not matched yet (tools/jsonnet/README.md, "Known differences"): for those
// only the failure itself must agree.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';
import { GoldenStore } from '../reference.js';
import { repoRoot } from './harness.js';
import { makeRng, YamlGenerator } from './yaml-generator.js';

const store = new GoldenStore('parse-yaml');
const engine = new Engine({});

function ours(code: string): { code: number; stdout: string; stderr: string } {
  try {
    return { code: 0, stdout: engine.manifestJson(engine.evaluateSnippet('<cmdline>', code, true)), stderr: '' };
  } catch (e) {
    return { code: 1, stdout: '', stderr: (e as { formatted?: string }).formatted ?? String(e) };
  }
}

const call = (code: string) => ({ args: ['-e', code], cwd: repoRoot });
const parse = (doc: string) => `std.parseYaml(${JSON.stringify(doc)})`;
const firstLine = (s: string) => s.split('\n')[0];

/** go-yaml's scanner and parser errors: texts and lines not matched yet. */
const SYNTAX_ERROR = /^RUNTIME ERROR: failed to parse YAML: error converting YAML to JSON: yaml: (line \d+: )?(did not find|found|mapping values|could not find|block sequence|control characters|invalid leading|invalid trailing|unexpected end)/;

const cases: [string, string][] = [
  ['tags that fit the text', 'a: !!int "12"\nb: !!float 1\nc: !!null ""\nd: !!bool "true"\ne: !!float "1e3"\nf: !!int 0o17\ng: !!float 0x10\nh: !!int 1_0\ni: !!timestamp 2001-12-14\nj: !!str 1.50\nk: !!merge x\nl: !custom [1]\nm: !!str ~\n'],
  ['!!int of a word', 'a: !!int foo'],
  ['!!int of a float', 'a: !!int 1.5'],
  ['!!int of nothing', 'a: !!int'],
  ['!!bool of a number', 'a: !!bool "1"'],
  ['!!null of a word', 'a: !!null x'],
  ['!!float of a date', 'a: !!float 2001-12-14'],
  ['!!timestamp of a word', 'a: !!timestamp x'],
  ['!!binary', 'a: !!binary aGVsbG8=\nb: !!binary |\n  aGVs\n  bG8=\nc: !!binary /w==\nd: !!binary 4oI=\n'],
  ['!!binary that is no base64', 'a: !!binary "!!"'],
  ['!!binary without padding', 'a: !!binary aGVsbG8'],
  ['an unknown anchor', 'a: *x'],
  ['an alias before its anchor', 'a: *x\nb: &x 1'],
  ['an anchor that contains itself', 'a: &x\n  b: *x'],
  ['a sequence that contains itself', '- &x\n  - *x'],
  ['a merge of a mapping that contains it', 'a: &x\n  b: 1\n  <<: *x'],
  ['a merge of a scalar', 'a: &x 1\nb:\n  <<: *x'],
  ['a merge of a sequence of mappings', 'a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n'],
  ['a merge of a sequence holding a scalar', 'a: &a {x: 1}\nc:\n  <<: [*a, 1]\n'],
  ['a null key with a string', '~: "é\\t\\u0001😀"'],
  ['a null key with a float', 'null: 1e-7'],
  ['a null key with a big float', 'null: 1e21'],
  ['a null key with null', 'null: ~'],
  ['a null key with a list', 'null: [a, 1, {b: c, a: [2.5, null, true]}]'],
  ['a null key with a map', 'null: {1: a, b: c, true: d, 1.5: e}'],
  ['a null key after an infinity', 'a: .inf\nnull: 1'],
  ['a sequence as key', '[1]: a'],
  ['a mapping as key', '{a: 1}: b'],
  ['float keys', '1e-7: a\n123456789.0: b\n0.1: c\n1e21: d\n1.0: e\n100000000000000000000.0: f\n0x10: g\n'],
  ['infinities in sorted key order', 'b: .inf\na: -.inf'],
  ['NaN', 'a: [1, .nan]'],
  ['a marker at the end: an empty last document', 'a: 1\n---'],
  ['two markers in a row: an empty document between', 'a: 1\n---\n---\nb: 2\n'],
  ['a value on the marker line', '--- 1'],
  ['values on marker lines after a document', '1\n--- 2\n---   [3]\n--- # c\nd: 4'],
  ['a block scalar started on the marker line', '--- |\n  x\n'],
  ['a comment or an empty line before the first marker', '# c\n---\na: 1\n---\n\n---\nb: 2'],
  ['a marker with a tab and CRLF lines', 'a: 1\r\n---\t\r\nb: 2\r\n'],
  ['a document end marker before a marker', 'a: 1\n...\n---\nb: 2'],
  ['dashes that are no marker', 'a: 1\n---x: 2\nb: |\n  ---\n  y\n'],
  ['a decoding error in a later document counts its marker line', 'a: 1\n---\nb: c: d\n'],
  ['documents each with an error', 'a: 1\n---\nb: *x\n---\nc: !!int y\n'],
  ['\\/ on the first line (YAML 1.2 only)', 'a: "x\\/y"'],
  ['\\/ on a later line', 'a: 1\nb:\n  - "x\\/y"'],
  ['\\/ in a continuation line', 'a: 1\nb: "x\n  \\/y"'],
  ['\\/ in a flow sequence and in a key', 'a: 1\nb: 2\nc: [1, "\\/"]\n"\\/": 1'],
  ["\\' is a quote in yaml.v2", 'a: "it\\\'s \\"q\\" \\\\\'"'],
  ['an unknown escape', 'a: "x\\qy"'],
  ['a mapping as a compact value', 'a: b: c'],
  ['a mapping as a compact value on a later line', 'x: 1\ny:\n  a: b: c'],
  ['a mapping after a quoted key', 'a: "q": c'],
  ['a mapping in a sequence item', '- a: b: c'],
  ['a key indented under a value', 'a: 1\n b: 2'],
  ['a mapping after a block scalar', 'x: 1\ny: |\n  t\nz: a: b'],
  ['a mapping after a quoted value', 'a: "x": 1'],
  ['@ and ` cannot start a value', 'a: @x\nb: `y'],
  ['@ cannot start a key', '@a: 1'],
  ['@ on a later line', 'a: 1\nb: @'],
  ['a double quote left open', 'key: "unterminated'],
  ['a single quote left open', "key: 'x"],
  ['a quote left open before other lines', 'a: 1\nb: "x\nc: 2\n---\nd: 1'],
  ['a quote left open in a flow sequence', 'a: [1, "x]\n'],
  ['a quote left open before empty lines', 'a: "x\n\n\n'],
  ['backslashes outside double quotes', "# \"\\/\"\na: 'x\\/y'\nb: x\\/y\nc: |\n  \"\\/\"\nd: \"\\\\/\"\r\n"],
];

describe('std.parseYaml: decoding as go-jsonnet does', () => {
  it.each(cases)('%s', (_name, doc) => {
    const code = parse(doc);
    const go = store.run(call(code));
    const us = ours(code);
    expect({ code: us.code, stdout: us.stdout, error: firstLine(us.stderr) }).toEqual({ code: go.code, stdout: go.stdout, error: firstLine(go.stderr) });
  });
});

describe('std.parseYaml of generated documents', () => {
  const gen = new YamlGenerator(makeRng(15));
  const docs = Array.from({ length: 800 }, () => gen.document());

  it('gives go-jsonnet values, and its errors where decoding fails', async () => {
    const parsed = docs.map((d) => ({ doc: d, us: ours(parse(d)) }));
    const good = parsed.filter((p) => p.us.code === 0);
    const bad = parsed.filter((p) => p.us.code !== 0);
    expect(good.length).toBeGreaterThan(500);
    // Values in batches of 40 documents a program.
    const batches: (typeof good)[] = [];
    for (let i = 0; i < good.length; i += 40) batches.push(good.slice(i, i + 40));
    const programs = batches.map((b) => `[${b.map((p) => parse(p.doc)).join(',\n')}]`);
    const goValues = await store.runAll(programs.map(call));
    programs.forEach((p, i) => {
      const us = ours(p);
      expect(us.stderr, `batch ${i}`).toBe('');
      expect(goValues[i]!.stderr, `batch ${i}`).toBe('');
      expect(us.stdout, `batch ${i}`).toBe(goValues[i]!.stdout);
    });
    // Errors one document at a time.
    const goErrors = await store.runAll(bad.map((p) => call(parse(p.doc))));
    let syntax = 0;
    bad.forEach((p, i) => {
      const go = goErrors[i]!;
      expect(go.code, p.doc).not.toBe(0);
      if (SYNTAX_ERROR.test(firstLine(go.stderr))) syntax++;
      else expect(firstLine(p.us.stderr), p.doc).toBe(firstLine(go.stderr));
    });
    expect(bad.length - syntax, 'decoding errors compared').toBeGreaterThan(20);
  });
});
