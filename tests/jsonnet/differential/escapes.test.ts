// Escapes in string literals as go-jsonnet v0.22.0 reads them: its parser decodes a quoted
// string when it takes the token, so a bad escape is reported at the whole literal, with
// go-jsonnet's own texts, after any error the parser meets before the literal and after
// every lexing error of the file (the whole file is lexed first). The token of a string
// that is in the wrong place is shown as written. Goldens in tests/jsonnet/goldens/escapes.json,
// compared live where the binary is present.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';
import { GoldenStore, type RefRun } from '../reference.js';
import { snippetResult } from './harness.js';
import { generateEscapePrograms } from './escape-generator.js';

const groups: Record<string, string[]> = {
  "each of go-jsonnet's messages, at the whole literal": [
    '"\\q"',
    "'\\q'",
    '"ab\\x41"',
    '"\\0"',
    '"\\U0041"',
    '"\\é"',
    '"\\😀"',
    '"a\\\nb"',
    '"\\u"',
    '"\\u12"',
    '"\\u123"',
    '"\\u12é"',
    '"\\u12g4"',
    '"\\ug234"',
    '"\\u+123"',
    '"\\u 123"',
    '"\\uéééé"',
    '"x\\u1éab"',
    '"xé\\ug000"',
    '"😀\\ug000"',
    '"abcdef\\ug000"',
    '"\\n\\t\\ug000"',
    "'\\'a\\ug000'",
    '"\\ud83d"',
    '"\\ude00"',
    '"\\ud83d "',
    '"\\ud83d\\q"',
    '"\\ud83d\\u12"',
    '"\\ud83d\\u0é"',
    '"\\ud83dxxxxxx"',
    '"\\ud83d\\n1234"',
    '"\\ud83dxx\\u0041"',
    '"\\ud83d\\ug000"',
    '"ab\\ud83d\\u0g00"',
    '"é\\ud83d\\ug000"',
    '"\\ud83d\\u00é"',
    '"\\ude00\\ug000"',
    '"\\ud83d\\ude00\\ud83d"',
    '"\\ud83d\\ude00\\ug000"',
    '"a\\u0041b\\ud83d\\ug000"',
    '"\\u12345"',
    '"\\ude00\\ude00"',
    '"\\ud83d\\u0041"',
  ],
  'escapes that are fine, and forms that have none': [
    '["\\"\\\'\\\\\\/\\b\\f\\n\\r\\t", \'\\"\\\'\', "\\u00e9\\u0000\\uD83D\\uDE00"]',
    '@"\\q\\u"',
    "@'\\ud83d'",
    '|||\n  \\q \\u12\n|||',
    '{@"\\q": 1, |||\n  \\u\n|||: 2}',
  ],
  'every place a string stands': [
    '{"\\q": 1}',
    '{"\\q"(x): 3}',
    '{"\\q"+: 3}',
    '{"\\q" 1}',
    '{"\\q": )}',
    'import "\\q"',
    'importstr "\\q"',
    'importbin "\\u12"',
    'import @"\\q"',
    'local f(x="\\q") = 1; 1',
    '{local x = "\\q", a: 1}',
    'assert "\\q"; 1',
    'error "\\q"',
    'if "\\q" then 1',
    'function(x) "\\q"',
    '[x for x in "\\q"]',
    '{[k]: 1 for k in "\\q"}',
    '{["\\q"]: 1 for k in [1]}',
    '1["\\q"]',
    '1["\\q":]',
    'super["\\q"]',
    '"\\q" in super',
    'x.a("\\q")',
    'f("\\q", x=1, 2)',
  ],
  'order: the lexer reads the whole file first, the parser meets errors in order': [
    '"\\q" + "\\z"',
    'local a = "\\q"; local b = "\\z"; 1 +',
    '"\\q" )',
    ') "\\q"',
    '"\\q" + )',
    '["\\q", )]',
    '{a: "\\q"} }',
    '{a: "\\q" b: 1}',
    '"\\q" + "x',
    '"\\q" + 1.x',
    '"\\q" + |||x',
    '"\\q" + /*',
    '"\\q" + `',
    '"\\q" + @x',
    '"\\q" x',
    '("\\q"',
    '{"\\q": 1, "\\q": 2}',
    '{a: 1, a: 2, "\\q": 3}',
    '{a: 1, "\\q": 3, a: 2}',
    '{"a": 1, "a\\q": 2 +}',
    '{a: "\\q", b: 1 for x in [1]}',
    '{a: 1, b: 2 for x in "\\q"}',
    '{[x]: "\\q", a: 1 for x in [1]}',
    '{["\\q"]: 1, ["\\z"]: 2 for x in [1]}',
    '"\\q" tailstrict',
    'local x = "\\ud83d" + "\\u1"; x',
  ],
  'a string token in the wrong place is shown as written': [
    '1 "\\q"',
    '1 "\\n"',
    '1 "é\\u00e9\\t"',
    "1 '\\q\"'",
    '1 "a\\"b"',
    '1 "\\ud83d"',
    '1 "a\nb"',
    '1 "\t"',
    '1 @"a""b"',
    "1 @'a''b'",
    '1 |||\n  a\\q\n  b\n|||',
    '1 |||-\n  a\n|||',
    "local x = 1 'a\\u0041'",
    '{a: 1} "x\\u12"',
    'local x = 1, "\\q"; x',
  ],
  'lexing errors: at a point, a character named as Go quotes a rune': [
    '1.',
    '1.x',
    '[] 1.x',
    '1.é',
    '1e',
    '1ex',
    '1e+',
    '1e+x',
    '1E-é',
    '10.5e',
    '`',
    '§',
    '\u0001',
    '😀',
    '\u007f',
    '\u000b',
    '\f',
    '\\',
    "'",
    '\u001b',
    '\u2028',
    '\ufeff1',
    '\u00a0',
    '1 /* x',
    '/*',
    '"abc',
    '@"abc',
    '@',
    '@x',
    '1 + @é',
    '@@',
  ],
  'errors found on the way (conditions that are no booleans, parameters)': [
    "if 'a' then 1 else 2",
    '1 + (if {} then 1)',
    'local f(x) = if x then 1 else 2; f(3)',
    "[x for x in [1] if 'a']",
    'assert "a"; 1',
    "assert 1 : 'm'; 1",
    'local f(x) = assert x; 1; f(1)',
    "{a: assert 'x'; 1}.a",
    '{assert "a"}',
    'local x = {assert "a"}; x.y',
    'function(x, then) 1',
    'function(1) 1',
    'local f(x=1, 2) = 1; 1',
    'function(x,,) 1',
    'function(',
    'local 1 = 2; 1',
    'x.1',
    '[x for 1 in y]',
    '{[1]: 2}',
    '{a: 1, [1]: 2}',
    'local o = {[1]: 2}; o',
    '{[1]: 2 for x in [1]}',
  ],
  'imports: the path is a whole expression, refused unless it is one string literal': [
    'import "a" + 1',
    'import "a" {b: 1}',
    'import "a".x',
    'import "a"[0]',
    'importstr "a" == "b"',
    'local x = importstr "a" + "b"; x',
    '[importstr "a", 1]',
    'importstr "a" tailstrict',
    'import "a"() tailstrict',
    'import ("a")',
    'import ("a") + 1',
    'import "a" in {}',
    'import "a" + 1 x',
    '1 + import "a" + 2',
    'import |||\n  a\n|||',
    'import |||\n  a\n||| + 1',
    'import "\\q" + 1',
    'import',
    'import 1',
    'importbin ""',
  ],
  'tokens as parse errors name them: keywords bare, symbols quoted, empty strings by their kind': [
    'if 1 2',
    'if true then 1 2',
    'local x = 1 2',
    '[x for x 1]',
    '{a: 1} ""',
    '1 @""',
    'x.""',
    'x[1:2 3]',
    '(1 2)',
    'f(1 2)',
    'assert true 1',
    '{assert true 1}',
  ],
  'operators where none may stand, and slices with too many colons': [
    'super[]',
    '{a: super[]}',
    'x[]',
    'x[ ]',
    '1 = 2',
    '{a: 1 = 2}',
    '1 :',
    '[1 : 2]',
    'x[1 :: 2]',
    '{a: 1 ::}',
    '1 !',
    '1 ~',
    '1 =>',
    '1 +:',
    '1 ===',
    '1 !== 2',
    '(1 = 2)',
    'f(1 = 2)',
    'f(x = 2 = 3)',
    '[1, 2 = 3]',
    'if 1 = 2 then 3',
    '*1',
    '=1',
    ':1',
    'x + :',
    '!= 1',
    '+:1',
    '=> 1',
    'x + +: 1',
    '1 + ::',
    'local a = +:; a',
    '{a+: 1}',
    '{a: 1 +: 2}',
    '1 $',
    '1 ! 2',
    '1 ~ 2',
    'function(x) x = 1',
    '1 ::: 2',
    '[x for x in [1] if x = 1]',
    '[1 :: 2]',
    'x[1 ::: 2]',
    'assert true :: 1; 2',
    'x[1:2:3:4]',
    '!!=1',
    'x[1:2:3:4]',
    'x[1::2:3]',
    'x[1::2::3]',
    'x[::2:]',
    'x[:::]',
    'x[1:2::]',
    'x[1:2:3::]',
    'x[1:2:3 4]',
    'x[1:2 3]',
    'x[1 2]',
    'x[1::2 3]',
    'x[:: :]',
    'x[1: ::]',
    'x[1:::]',
    'x[: : :]',
    'x[::]',
    'x[:]',
    'x[: :]',
    '[1,2,3][1:]',
    '[1,2,3][::2]',
    '[1,2,3][:2:]',
    '"abc"[1::]',
  ],
  'super[...] takes one expression, a comma may come before an object comprehension\'s for': [
    '{[k]: 1, for k in [\'a\']}',
    '{[k]: 1,, for k in [\'a\']}',
    '{a: 1, }',
    '{[k]: 1, if true for k in [\'a\']}',
    '{a: super[1:2]}',
    '{a: super[1 2]}',
    '{a: super[::]}',
    '{a: super[:1]}',
    '[1, for x in [1]]',
    '{local x = 1, [k]: 1, for k in [\'a\']}',
    ' super [x for x in [] if x != ""]',
    '{a: super[]}',
    'super[]',
    '{a: 1} + {b: super["a"]}',
    '{a: 1, for k in [1]}',
    '{, for k in [1]}',
    '{[k]: 1, assert true, for k in [1]}',
    '{a: 1} + {a: super.a}',
  ],
};
/** Imported files with bad escapes: the general path reads them (JSON.parse refuses them). */
const files: [string, string][] = [
  ['bad.json', '{"a": "\\q", "b": [1, 2]}'],
  ['bad-key.json', '{"ok": 1, "k\\u12": 2}'],
  ['bad-late.json', '{"a": 1, "b": "\\x"} x'],
  ['bad-after-parse-error.json', '{"a": 1 "b": "\\x"}'],
  ['bad-before-lex-error.json', '{"a": "\\x", "b": `}'],
  ['surrogates.json', '["\\ud83d\\ude00", "\\ud83dxxxxxx"]'],
  ['lib.libsonnet', "{ f(x):: x + 'a\\u00zz' }"],
];
const importCodes = [...files.map(([name]) => `import '${name}'`), "importstr 'bad.json'", "(import 'lib.libsonnet').f(1)"];

const GENERATED_SEED = 15;
const GENERATED_COUNT = 400;
const generated = generateEscapePrograms(GENERATED_SEED, GENERATED_COUNT);

const store = new GoldenStore('escapes');
const cwd = mkdtempSync(join(tmpdir(), 'jsonnet-escapes-'));
for (const [name, text] of files) writeFileSync(join(cwd, name), text);
const filesContent = JSON.stringify(files);
const snippets = [...Object.values(groups).flat(), ...generated];
let reference: Map<string, RefRun>;
let importReference: Map<string, RefRun>;

beforeAll(async () => {
  const runs = await store.runAll(snippets.map((code) => ({ args: ['-e', code], cwd, keyArgs: ['-e', code] })));
  reference = new Map(snippets.map((code, i) => [code, runs[i]]));
  const importRuns = await store.runAll(importCodes.map((code) => ({ args: ['-e', code], cwd, keyArgs: ['-e', code], content: filesContent })));
  importReference = new Map(importCodes.map((code, i) => [code, importRuns[i]]));
});

// go-jsonnet ran in cwd with no -J: the engine runs there too, so imports are looked for as go-jsonnet
// looked for them (relative to the process's folder) and error paths are written as go-jsonnet wrote them.
const home = process.cwd();
beforeAll(() => process.chdir(cwd));
afterAll(() => {
  process.chdir(home);
  rmSync(cwd, { recursive: true, force: true });
});


const engine = new Engine({});
const same = (code: string, ref: RefRun) => expect(snippetResult(engine, code)).toEqual({ code: ref.code === 0 ? 0 : 1, stdout: ref.stdout, stderr: ref.stderr });

for (const [group, codes] of Object.entries(groups)) {
  describe(group, () => {
    it.each(codes)('%j', (code) => same(code, reference.get(code)!));
  });
}

describe('imported files', () => {
  it.each(importCodes)('%s', (code) => same(code, importReference.get(code)!));
});

describe(`${GENERATED_COUNT} generated programs with escapes good and bad in every place, some with a lexing or parsing error (seed ${GENERATED_SEED})`, () => {
  it('all answer as go-jsonnet does', () => {
    const differ: string[] = [];
    for (const code of generated) {
      const ref = reference.get(code)!;
      const o = snippetResult(engine, code);
      if (o.code !== (ref.code === 0 ? 0 : 1) || o.stdout !== ref.stdout || o.stderr !== ref.stderr) {
        differ.push(`${JSON.stringify(code)}\n  go:   ${JSON.stringify(ref.stdout + ref.stderr)}\n  ours: ${JSON.stringify(o.stdout + o.stderr)}`);
      }
    }
    expect(differ.slice(0, 5).join('\n')).toBe('');
    expect(differ.length).toBe(0);
  });
});
