// Hostile and careless input to the Jsonnet CLI (`tkts-jsonnet`): every case ends in time, within
// the heap limit, with a Jsonnet-style error (exit 1) or a usage error, and never shows JavaScript.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_TIMEOUT_MS, cleanup, expectClean, JSONNET_CLI, listTree, run, tempDir } from './run.js';

const N = 20_000;
let dir = '';

beforeAll(() => {
  dir = tempDir('jsonnet');
  const files: Record<string, string | Buffer> = {
    'deep-array.jsonnet': '['.repeat(N) + ']'.repeat(N),
    'deep-object.jsonnet': '{a:'.repeat(N) + '1' + '}'.repeat(N),
    'deep-parens.jsonnet': '('.repeat(N) + '1' + ')'.repeat(N),
    'deep.json': '['.repeat(N) + ']'.repeat(N),
    'deep.yaml': '['.repeat(N) + ']'.repeat(N),
    'deep-block.yaml': Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + '\n',
    'import-deep-json.jsonnet': "import 'deep.json'",
    'parse-deep-json.jsonnet': "std.parseJson(importstr 'deep.json')",
    'parse-deep-yaml.jsonnet': "std.parseYaml(importstr 'deep.yaml')",
    'parse-deep-block.jsonnet': "std.parseYaml(importstr 'deep-block.yaml')",
    'deep-flow-map.yaml': '{a: '.repeat(N) + '1' + '}'.repeat(N),
    'parse-deep-flow-map.jsonnet': "std.parseYaml(importstr 'deep-flow-map.yaml')",
    'deep-compact-block.yaml': '- '.repeat(N) + '1\n',
    'parse-deep-compact-block.jsonnet': "std.parseYaml(importstr 'deep-compact-block.yaml')",
    'alias-chain.yaml': 'a0: &a0 [1]\n' + Array.from({ length: 10_050 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}]\n`).join(''),
    'parse-alias-chain.jsonnet': "std.parseYaml(importstr 'alias-chain.yaml')",
    'recursion.jsonnet': 'local f(x) = f(x + 1) + 1; f(0)',
    'unterminated-string.jsonnet': "{ a: 'abc",
    'unterminated-comment.jsonnet': '{ a: 1 } /* never closed',
    'nul.jsonnet': Buffer.from([0x7b, 0x00, 0x7d]),
    'invalid-utf8.jsonnet': Buffer.from([0x27, 0xff, 0xfe, 0x27]),
    'huge-number.jsonnet': '1e400',
    'import-missing.jsonnet': "import 'does-not-exist.jsonnet'",
    'import-dir.jsonnet': "import 'adir'",
    'import-self.jsonnet': "import 'import-self.jsonnet'",
    'error.jsonnet': "error 'x' + std.repeat('y', 100000)",
    'assert.jsonnet': 'assert false : "no"; 1',
    'missing-extvar.jsonnet': "std.extVar('nope')",
    'native-missing.jsonnet': "std.native('nope')('x')",
    'many-fields.jsonnet': '{\n' + Array.from({ length: 100_000 }, (_, i) => `f${i}: ${i}`).join(',\n') + '\n}',
    // The same on one line of 1.5 MB, with an error at its end: positions come from a line-start table, not a scan.
    'many-fields-one-line.jsonnet': '{' + Array.from({ length: 100_000 }, (_, i) => `f${i}: ${i}`).join(', ') + ", z: error 'at the end'}",
    'function-result.jsonnet': 'function(x) x',
    'bad-surrogate.jsonnet': '"\\ud800"',
    'crlf-bom.jsonnet': '\ufeff{\r\n  a: 1,\r\n}\r\n',
    'long-identifier.jsonnet': `local ${'a'.repeat(200_000)} = 1; ${'a'.repeat(200_000)}`,
    'object-key-deep.jsonnet': 'local f(n) = if n == 0 then {} else { a: f(n - 1) }; std.manifestJson(f(20000))',
    // Go's parsers accept 10,000 levels of nesting (the JavaScript stack alone holds about 1,000).
    'parse-json-deep.jsonnet': "std.length(std.parseJson(std.repeat('[', 10000) + std.repeat(']', 10000)))",
    'parse-json-too-deep.jsonnet': "std.parseJson(std.repeat('[', 10001) + std.repeat(']', 10001))",
    'parse-yaml-deep.jsonnet': "std.length(std.parseYaml('a: ' + std.repeat('[', 9999) + std.repeat(']', 9999)))",
    'parse-yaml-too-deep.jsonnet': "std.parseYaml(std.repeat('[', 10001) + std.repeat(']', 10001))",
    'ok.jsonnet': '{ a: 1 }',
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  mkdirSync(join(dir, 'adir'));
  mkdirSync(join(dir, 'a-file-parent'));
  writeFileSync(join(dir, 'a-file'), 'x');
  symlinkSync('loop-b', join(dir, 'loop-a'));
  symlinkSync('loop-a', join(dir, 'loop-b'));
});

afterAll(() => cleanup(dir));

interface Case {
  name: string;
  args: string[];
  codes?: number[];
  stderr?: RegExp;
  input?: string;
}

const cases: Case[] = [
  { name: '20,000 nested arrays', args: ['deep-array.jsonnet'], codes: [0, 1] },
  { name: '20,000 nested objects', args: ['deep-object.jsonnet'], codes: [0, 1] },
  { name: '20,000 nested parentheses', args: ['deep-parens.jsonnet'], codes: [0, 1] },
  { name: 'import of 20,000-deep JSON', args: ['import-deep-json.jsonnet'] },
  { name: 'std.parseJson of 20,000-deep JSON', args: ['parse-deep-json.jsonnet'], stderr: /failed to parse JSON: .*exceeded max depth/ },
  // As go-jsonnet v0.22.0 fails, in bounded memory (the worker's heap limit ended these with an internal error).
  { name: 'std.parseYaml of 20,000-deep flow YAML', args: ['parse-deep-yaml.jsonnet'], stderr: /^RUNTIME ERROR: failed to parse YAML: error converting YAML to JSON: yaml: exceeded max depth of 10000\n/ },
  { name: 'std.parseYaml of 20,000-deep flow mappings', args: ['parse-deep-flow-map.jsonnet'], stderr: /^RUNTIME ERROR: failed to parse YAML: error converting YAML to JSON: yaml: exceeded max depth of 10000\n/ },
  // Each alias was resolved by walking the whole document: this ran for minutes.
  { name: 'std.parseYaml of 10,050 chained aliases', args: ['parse-alias-chain.jsonnet'], stderr: /^RUNTIME ERROR: failed to parse YAML: error converting YAML to JSON: yaml: document contains excessive aliasing\n/ },
  { name: 'std.parseYaml of a 20,000-deep compact block sequence', args: ['parse-deep-compact-block.jsonnet'], stderr: /^RUNTIME ERROR: failed to parse YAML: error converting YAML to JSON: yaml: exceeded max depth of 10000\n/ },
  { name: 'std.parseYaml of 3,000-deep block YAML', args: ['parse-deep-block.jsonnet'], codes: [0, 1] },
  { name: 'infinite recursion', args: ['recursion.jsonnet'], stderr: /max stack frames exceeded/ },
  { name: 'unterminated string', args: ['unterminated-string.jsonnet'], stderr: /unterminated-string\.jsonnet:1:/ },
  { name: 'unterminated comment', args: ['unterminated-comment.jsonnet'], stderr: /unterminated-comment\.jsonnet:1:/ },
  { name: 'NUL byte in the source', args: ['nul.jsonnet'], stderr: /nul\.jsonnet:1:/ },
  { name: 'invalid UTF-8 in a string', args: ['invalid-utf8.jsonnet'], codes: [0, 1] },
  { name: 'a number literal out of range', args: ['huge-number.jsonnet'], codes: [0, 1] },
  { name: 'import of a missing file', args: ['import-missing.jsonnet'], stderr: /does-not-exist\.jsonnet/ },
  { name: 'import of a directory', args: ['import-dir.jsonnet'], stderr: /adir/ },
  { name: 'a file that imports itself', args: ['import-self.jsonnet'] },
  { name: 'an error with a 100 KB message', args: ['error.jsonnet'], stderr: /RUNTIME ERROR: xyyy/ },
  { name: 'a failed assertion', args: ['assert.jsonnet'], stderr: /no/ },
  { name: 'a missing external variable', args: ['missing-extvar.jsonnet'], stderr: /nope/ },
  { name: 'an unknown native function', args: ['native-missing.jsonnet'] },
  { name: 'an object with 100,000 fields', args: ['many-fields.jsonnet'], codes: [0] },
  { name: 'std.parseJson 10,000 levels deep', args: ['parse-json-deep.jsonnet'], codes: [0] },
  { name: 'std.parseJson 10,001 levels deep', args: ['parse-json-too-deep.jsonnet'], stderr: /^RUNTIME ERROR: failed to parse JSON: invalid character '\[' exceeded max depth\n/ },
  { name: 'std.parseYaml 10,000 levels deep', args: ['parse-yaml-deep.jsonnet'], codes: [0] },
  { name: 'std.parseYaml 10,001 levels deep', args: ['parse-yaml-too-deep.jsonnet'], stderr: /^RUNTIME ERROR: failed to parse YAML: error converting YAML to JSON: yaml: exceeded max depth of 10000\n/ },
  { name: 'an object with 100,000 fields on one line', args: ['many-fields-one-line.jsonnet'], stderr: /RUNTIME ERROR: at the end\n\tmany-fields-one-line\.jsonnet:1:1477785-1477803\t/ },
  { name: 'a function as the result', args: ['function-result.jsonnet'], stderr: /function/ },
  { name: 'a lone surrogate escape', args: ['bad-surrogate.jsonnet'], codes: [0, 1] },
  { name: 'BOM and CRLF line ends', args: ['crlf-bom.jsonnet'], codes: [0, 1] },
  { name: 'a 200 KB identifier', args: ['long-identifier.jsonnet'], codes: [0] },
  { name: 'std.manifestJson of a 20,000-deep object', args: ['object-key-deep.jsonnet'] },
  { name: 'a missing input file', args: ['no-such-file.jsonnet'], stderr: /no-such-file\.jsonnet: no such file or directory/ },
  { name: 'a directory as input', args: ['adir'], stderr: /adir/ },
  { name: 'a symlink loop as input', args: ['loop-a'], stderr: /loop-a/ },
  { name: 'an output file below a file', args: ['-o', 'a-file/out.json', 'ok.jsonnet'], stderr: /a-file\/out\.json/ },
  { name: 'multi-output into a file path', args: ['-m', 'a-file', 'ok.jsonnet'], stderr: /a-file/ },
  { name: 'an unknown flag', args: ['--no-such-flag', 'ok.jsonnet'], codes: [1, 2] },
  { name: 'a non-numeric --max-stack', args: ['--max-stack', 'abc', 'ok.jsonnet'], codes: [1, 2] },
  { name: 'an --ext-code that does not parse', args: ['--ext-code', 'x={', '-e', "std.extVar('x')"] },
  { name: 'a --tla-code that does not parse', args: ['--tla-code', 'x=[', '-e', 'function(x) x'] },
  { name: 'an --ext-str-file that is missing', args: ['--ext-str-file', 'x=missing.txt', '-e', "std.extVar('x')"], stderr: /missing\.txt/ },
  { name: 'stdin with garbage', args: ['-'], input: '\u0000\u0001{{{', codes: [1] },
  { name: 'a program that reads /dev/null as a string', args: ['-e', "importstr '/dev/null'"], codes: [0, 1] },
];

describe('hostile input to the Jsonnet CLI', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));
  for (const c of cases) {
    it.concurrent(c.name, async () => {
      const before = listTree(dir);
      const r = await run(JSONNET_CLI, c.args, { cwd: dir, input: c.input });
      const stderr = expectClean(r, c.codes ?? [1]);
      if (c.stderr) expect(stderr).toMatch(c.stderr);
      expect(listTree(dir)).toEqual(before); // nothing written
    }, CASE_TIMEOUT_MS);
  }
});
