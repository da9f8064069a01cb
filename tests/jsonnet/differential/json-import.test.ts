// Files that are plain JSON are built by a fast path (tools/jsonnet/plain-json.ts) instead of the
// lexer, parser and compiler. Against go-jsonnet v0.22.0 run live: imported and as the main file,
// the output and the whole error text must be the same, whether the fast path takes the file
// or hands it to the general path (repeated keys, surrogate escapes, trailing commas, comments).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../helpers/ref-tools.js';
import { JSONNET_CLI } from '../../hostile/run.js';
import { makeRng } from './generator.js';

const goJsonnet = requireTool('go-jsonnet');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'json-import-'));

function run(bin: string[], args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(bin[0]!, [...bin.slice(1), ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sameAsGo(args: string[]): void {
  expect(run([process.execPath, JSONNET_CLI], args)).toEqual(run([goJsonnet], args));
}

let fileCount = 0;
function jsonFile(text: string): string {
  const name = `doc${fileCount++}.json`;
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

// Documents the fast path takes, and documents it must hand on (each says why).
const documents: [string, string][] = [
  ['every kind of value', '{"s":"x","n":1.5,"t":true,"f":false,"z":null,"a":[1,"b",[2,[3]],{"c":{}}],"o":{"p":[]}}'],
  ['escapes', String.raw`{"q":"\"\\\/\b\f\n\r\t","u":"\u0041\u00e9\u2028\u0000\u001f\u007f\u0085\uFFFF","k\n\"":1}`],
  ['raw non-ASCII', '{"é":"日本語 ü 😀","😀":["ünï"]}'],
  ['numbers', '[0,-0,1.5,-1.5e-3,1E5,1e+2,2.5E-2,12345678901234567890123,1e-400,5e-324,1.7976931348623157e308,-0.0,123456789012345678]'],
  ['negative numbers in fields and nested arrays', '{"a":-1,"b":[-2,[-3,-0]],"c":{"d":-4.5}}'],
  ['keys JavaScript treats specially', '{"__proto__":{"x":1},"constructor":2,"toString":3,"1":4,"0":5,"b":6,"10":7,"-1":8,"01":9}'],
  ['pretty-printed, CRLF and tabs', '{\r\n\t"a" : [ 1 ,\t2 ] ,\n  "b":{ "c" :\n"d" }\n}\r\n'],
  ['empty containers', '[{},[],[[]],{"a":{}},""]'],
  ['strings holding quotes and colons', '{"a":":","b":"\\":","c":"x\\\\","d\\\\":":\\"","e":"\\"\\":\\":"}'],
  ['a top-level array of objects', '[{"id":1,"title":"A"},{"id":2,"title":"B"}]'],
  ['a repeated key', '{"a":1,"a":2}'],
  ['a repeated key, nested', '{"x":{"b":1,"c":2,"b":3}}'],
  ['a repeated key with space before the colon', '{"a" : 1, "a" : 2}'],
  ['a repeated key next to a string holding a quote and a colon', '{"a":"\\":","a":1}'],
  ['a repeated key next to a string starting with a colon', '{"v":":x","a" :1,"a":2}'],
  ['a surrogate pair escape', '{"e":"\\ud83d\\ude00","f":"\\uD83D\\uDE00x"}'],
  ['trailing commas', '{"a":[1,2,],"b":{"c":1,},}'],
  ['comments', '{"a":1 /* c */, "b": 2 // d\n}'],
  ['a raw tab and newline in a string', '{"a":"x\ty\nz"}'],
  ['single quotes', "{'a':'b'}"],
  ['a plain Jsonnet object', '{"a": 1 + 1, b: self.a}'],
  ['a top-level string', '"just a string"'],
  ['a top-level number', '-12.5'],
  ['a number with a leading zero', '[01]'],
  ['junk after the document', '{"a":1} x'],
  ['two documents', '{"a":1}{"b":2}'],
];

describe('JSON files, imported and as the main file, as go-jsonnet evaluates them', () => {
  it.each(documents)('%s', (_name, text) => {
    const file = jsonFile(text);
    sameAsGo([file]);
    sameAsGo(['-e', `import '${file}'`]);
    sameAsGo(['-e', `{ v: import '${file}', s: std.toString(import '${file}'), j: std.manifestJsonEx(import '${file}', ' '), y: std.manifestYamlDoc(import '${file}') }`]);
  });
});

describe('values from JSON files in Jsonnet expressions', () => {
  const doc = jsonFile('{"a":1,"b":[1,2],"c":{"d":"e"},"10":2,"2":3}');
  it.each([
    ['hidden fields stay hidden under a plain field', `{a:: 0, c:: 1} + import '${doc}'`],
    ['super reaches the JSON fields', `(import '${doc}') + {a: super.a + 1, c+: {f: super.d}, b+: [3]}`],
    ['field names in order', `std.objectFields(import '${doc}') + std.objectFieldsAll(import '${doc}')`],
    ['a missing field', `(import '${doc}').nope`],
    ['an index out of range', `(import '${doc}').b[5]`],
    ['the same file imported twice', `[import '${doc}', (import '${doc}').c, std.objectHas(import '${doc}', 'a')]`],
    ['comparison and membership', `[(import '${doc}') == {a: 1, b: [1, 2], c: {d: 'e'}, '10': 2, '2': 3}, std.member((import '${doc}').b, 2)]`],
  ])('%s', (_name, code) => sameAsGo(['-e', code]));
});

describe('JSON nested around --max-stack: fields and array elements take the frames they take in Jsonnet', () => {
  const objects = (n: number) => jsonFile('{"a":'.repeat(n) + '1' + '}'.repeat(n));
  const arrays = (n: number) => jsonFile('['.repeat(n) + ']'.repeat(n));
  const negatives = (n: number) => jsonFile('['.repeat(n) + '-1' + ']'.repeat(n));
  const mixed = (n: number) => jsonFile('[{"a":'.repeat(n) + '-1' + '}]'.repeat(n));
  const cases: [string, string[]][] = [];
  for (const n of [497, 498, 499, 500]) cases.push([`${n} objects, imported`, ['-e', `import '${objects(n)}'`]]);
  for (const n of [498, 499, 500]) cases.push([`${n} objects, the main file`, [objects(n)]]);
  for (const n of [498, 499, 500, 501]) cases.push([`${n} arrays, imported`, ['-e', `import '${arrays(n)}'`]]);
  for (const n of [498, 499, 500]) cases.push([`${n} arrays around -1`, [negatives(n)]]);
  for (const n of [248, 249, 250]) cases.push([`${n} arrays of objects around -1`, [mixed(n)]]);
  for (const n of [99, 100, 101]) cases.push([`${n} objects, --max-stack 100`, ['--max-stack', '100', '-e', `std.length(std.toString(import '${objects(n)}'))`]]);
  cases.push(['1100 arrays, --max-stack 2000 (deeper than the fast path goes)', ['--max-stack', '2000', arrays(1100)]]);
  it.each(cases)('%s', (_name, args) => sameAsGo(args));
});

/** A random JSON document: every value kind, escapes, numbers of every shape, random whitespace. */
function randomDocument(rng: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const space = () => (rng() < 0.7 ? '' : pick([' ', '\n', '\t', '\r\n', '  ']));
  const str = () => {
    let s = '"';
    const n = Math.floor(rng() * 6);
    for (let i = 0; i < n; i++) {
      s += pick(['a', 'b', 'key', ':', '\\"', '\\\\', '\\/', '\\n', '\\t', '\\u00e9', '\\u0000', '\\u2028', 'é', '😀', ' ', ',', '{', ']', '\\u003a']);
    }
    return s + '"';
  };
  const num = () =>
    pick(['-', '']) + pick(['0', '7', '42', '1234567890123456789', '9007199254740993']) + pick(['', '.5', '.000001', '.25']) + pick(['', 'e5', 'E-3', 'e+20', 'e200', 'e-320']);
  const value = (depth: number): string => {
    const r = rng();
    if (depth > 5 || r < 0.45) return pick([str, num, () => pick(['true', 'false', 'null'])])();
    if (r < 0.7) {
      const items = Array.from({ length: Math.floor(rng() * 5) }, () => space() + value(depth + 1) + space());
      return '[' + items.join(',') + ']';
    }
    const keys = new Set<string>();
    const fields: string[] = [];
    for (let i = Math.floor(rng() * 5); i > 0; i--) {
      const k = str();
      if (keys.has(JSON.parse(k))) continue;
      keys.add(JSON.parse(k));
      fields.push(space() + k + space() + ':' + space() + value(depth + 1) + space());
    }
    return '{' + fields.join(',') + '}';
  };
  return space() + (rng() < 0.5 ? '{"v":' + value(0) + '}' : '[' + value(0) + ']') + space();
}

describe('generated JSON documents, imported', () => {
  it('gives go-jsonnet output for 300 documents', () => {
    const rng = makeRng(20261207);
    const files = Array.from({ length: 300 }, () => jsonFile(randomDocument(rng)));
    const program = `[${files.map((f) => `import '${f}'`).join(', ')}]`;
    sameAsGo(['-e', program]);
    sameAsGo(['-e', `std.manifestYamlStream(${program})`]);
  });
});
