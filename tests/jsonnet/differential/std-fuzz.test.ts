// Differential test of the standard library on hostile calls: the written
// cases below (one or more per difference found and fixed, minimised) and
// snippets of std-fuzz-generator.ts, each run as `jsonnet -e` by go-jsonnet
// v0.22.0 (goldens in tests/jsonnet/goldens/std-fuzz.json, live where the
// binary is present) and by our engine. The output and the std.trace lines
// must be identical; where go-jsonnet fails, the error message must be its
// own, and so must the first stack frame unless go-jsonnet's is in `<std>`
// (its std functions written in Jsonnet: a known difference, see
// tools/jsonnet/README.md). Set JSONNET_STD_FUZZ_SEED / JSONNET_STD_FUZZ_COUNT
// to explore further (live only), JSONNET_STD_FUZZ_DUMP=file to get every
// difference as JSON.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';
import { GoldenStore, type RefRun } from '../reference.js';
import { fuzzedStdFunctions, generateStdFuzzSnippets } from './std-fuzz-generator.js';

/** Differences found by the generator, minimised; each was fixed in the engine. */
const WRITTEN = [
  // Slices: go-jsonnet's std.slice is Jsonnet, so bounds and steps may be fractional and fail in its order.
  "('a😀é日b')[:1.5:]", '(std.range(0, 20))[::1.5]', '[1, 2, 3, 4][-0.5:]', '[1, 2, 3][:-0.5]', "'abc'[1:2:0.5]", "[1, 2, 3]['a':]",
  "[1, 2, 3][-1:'a']", "[1, 2, 3][1:2:'a']", '[1, 2, 3][true:]', '[1, 2, 3, 4, 5, 6][1.5:1.5:-1]', "std.slice('ab', 2147483648, 0.5, -0)",
  '{}[1:2]', '[1, 2, 3][null:1e300]', "std.slice(1, 10, '!', 0.5)",
  // uniq is foldl over the array or a string's characters; keyF is first called at the second element.
  "std.uniq('aab')", "std.uniq('')", 'std.uniq({})', 'std.uniq(null)', "std.uniq('ab', 1)", 'std.uniq([1], 1)', 'std.uniq([0], keyF=std.asciiUpper)',
  "std.uniq('ab', keyF=function(x) -x)", 'std.uniq([function(x) x, function(x) x])',
  // String functions on what is not a string, as their Jsonnet in go-jsonnet treats it.
  "std.startsWith('abc', ['a'])", "std.startsWith({a: 1}, 'ab')", "std.startsWith(['a', 'b'], ['a'])", "std.startsWith(1, 'a')",
  "std.startsWith('a', 1)", "std.endsWith(['a', 'b'], [])", "std.endsWith(function(x) x, 'a')", "std.endsWith('abc', function(x, y, z) x)",
  "std.endsWith(1, 'a')", "std.endsWith('a', 1)", 'std.stringChars({a: 1, b: 2})', 'std.stringChars(function(x, y) x)', 'std.stringChars([1, [2]])',
  'std.stringChars(false)', 'std.stringChars([])', 'std.asciiUpper([1])', "std.asciiUpper(['ab'])", "std.asciiUpper(['a', 'b'])", 'std.asciiUpper(1)',
  'std.asciiLower({})', "std.asciiLower(['ab'])", 'std.asciiLower([1])', 'std.asciiUpper(function(x) x)',
  // Set functions on objects, functions and scalars: std.length, then x[i], then x[k:].
  'std.setUnion([1], {})', 'std.setUnion({a: 1}, [1])', 'std.setUnion({}, [1])', 'std.setInter(1, [])', 'std.setInter([], 1)', 'std.setDiff([], 1)',
  'std.setDiff([1], 1)', 'std.setUnion([], null)', 'std.setUnion(1, [])', 'std.setUnion([1], 1)', 'std.setInter([1], 1)', 'std.setDiff(1, [])',
  'std.setMember(1, 1)', 'std.setMember(1, {a: 1})', 'std.setMember(1, function(x) x)', 'std.setMember(1, {})', 'std.setDiff({a: 1}, [1])',
  'std.setDiff([1], function(x) x)', 'std.setUnion([], function() 1)', "std.setUnion('ab', [])", 'std.setInter({a: 1}, [1])',
  'std.setInter(function(x) x, [1])', 'std.setUnion([1], function(x) x)', 'std.setUnion([function(x) x], [function(x) x])',
  "std.setDiff([{a: 'x'}, ['y'], 'on', 'yes', []], {z: 1, f: [], g: true}, keyF=function(x) false)",
  // setMember walks what is not a sorted set of numbers or strings, as setInter([x], arr) does.
  'std.setMember(1, [1e308 + 1e308, 1.5])', 'std.setMember(1, [3, 1])', 'std.setMember(2, [1, 2, 3])', "std.setMember('b', ['a', 'b'])",
  "std.setMember('b', ['a', 'b'], keyF=std.asciiUpper)", 'std.setMember([1], [[0], [1]])',
  // std.format: a * width is evaluated before the value (unless `-`), its type checked where it is used; a missing * value fails only when used.
  "'%*d' % ['a', 'b']", "'%.*d' % [error 'x', 'a']", "'%*s' % [error 'x', 'a']", "'%.*s' % [error 'x', 'a']", "'%*%' % [error 'x']",
  "'%.*%' % [error 'x']", "'%-*d' % [error 'x', 1]", "'%*d' % ['3', 1]", "'%*d' % [error 'x']", "'%(a)*d' % {a: 'x'}", "'%(a)-*d' % {a: 'x'}",
  "'%(a)-*f' % {a: 'x'}", "'%(a)*s' % {a: 'x'}", "'%(a)0*f' % {a: 'x'}", "'%-*f' % [error 'w', 'x']", "'%(a)-*.3d' % {a: 'x'}", "'%*d' % []",
  "'%*d' % [1]", "'%.*d' % []", "'%(a).*d' % {a: 1}", "'%(a).*s' % {a: 1}", "'%5.*s' % ['a', 3]", "'😀%+.*%' % []", "'%.*d' % [null, 1.5]",
  "'%(a)-#.*f' % {a: true}", "'x%+*c' % ['a', 9007199254740992]", "'%()--0*.10f' % {'': 'x'}", "std.format(' %9.*s %#+-*.*F', [2.5, 'x', 'a', 7, {a: 1}])",
  // Overflow instead of a crash.
  "'%.9F' % [1e308]", "'%-+011.9F' % [-1e308]", "'%.3e' % [1e308]",
  // manifestIni evaluates every field of every body before it writes a line.
  "std.manifestIni({main: {a: [function(x) x]}, sections: {s: {c: error 'lazy field'}}})",
  "std.manifestIni({main: {b: std.exp(710), a: {x: function(x) x}}, sections: {}})",
  // manifestXmlJsonml's tag errors.
  "std.manifestXmlJsonml(['a', {}, 1])", "std.manifestXmlJsonml(['a', {}, null])", "std.manifestXmlJsonml(['a', {}, {b: 1}])",
  "std.manifestXmlJsonml(['a', {}, true])", "std.manifestXmlJsonml(['a', {}, std.length])", "std.manifestXmlJsonml(['a', {}, []])",
  // std.trace evaluates rest before writing.
  "std.trace('a', error 'x')", "std.trace(1, error 'x')", "std.trace('a', 1)", "local f(x) = std.trace('a', x); f(2)",
  // resolvePath with a null r: std.join leaves it out.
  "std.resolvePath('a/b', null)", "std.resolvePath('b', null)", "std.resolvePath('a/b', 1)",
  // Lazy arguments of the functions go-jsonnet writes in Jsonnet.
  'std.min([1], 1e308 * 10)', 'std.max(1, [1])', 'std.clamp(7, 2147483648, -1e308 * 10)', 'std.clamp(-0.5, {}, -1e308 * 10)', 'std.find(1e308 + 1e308, [])',
  'std.count([], 1e308 * 10)', "std.count('a', 1e308 * 10)", 'std.mergePatch(1e308 + 1e308, [])', "std.mapWithKey(std.max, {a: error 'lazy'})",
  "std.parseHex(std.repeat('ab', 200))", "std.parseOctal(std.repeat('7', 400))",
  // Numbers print with 17 significant digits rounded ties-to-even, as Go prints them.
  'std.avg([3, 0.125, -9007199254740993, 128512])', '(3 + 0.125 - 9007199254740993 + 128512) / 4', '[-2251799813653119.25, 562949953421311.25 * 3]',
  '[1/3, 2/3, 0.1 + 0.2, 1e21 + 0.5, 99.995, 5e-324, 1.7976931348623157e308, 1e-7, 123456789.987654321]',
  "std.toString(-2251799813653119.25) + ' ' + (-2251799813653119.25)",
];

const exploring = process.env.JSONNET_STD_FUZZ_SEED !== undefined || process.env.JSONNET_STD_FUZZ_COUNT !== undefined;
const seed = Number(process.env.JSONNET_STD_FUZZ_SEED ?? 151515);
const count = Number(process.env.JSONNET_STD_FUZZ_COUNT ?? 400);
const store = new GoldenStore('std-fuzz', exploring);
const generated = generateStdFuzzSnippets(seed, count);
const cases = [...(exploring ? [] : WRITTEN), ...generated];
const cwd = mkdtempSync(join(tmpdir(), 'jsonnet-std-fuzz-'));
let reference: RefRun[];

beforeAll(async () => {
  reference = await store.runAll(cases.map((code) => ({ args: ['-e', code], cwd, keyArgs: ['-e', code] })));
}, 600_000);

const differences: { code: string; ref: RefRun; ours: RefRun }[] = [];
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
  if (process.env.JSONNET_STD_FUZZ_DUMP) writeFileSync(process.env.JSONNET_STD_FUZZ_DUMP, JSON.stringify(differences, null, 1));
});

/** Our answer shaped as go-jsonnet's: exit status, output, and on standard error the trace lines, then the error. */
function ours(engine: Engine, traces: string[], code: string): RefRun {
  traces.length = 0;
  const traced = () => traces.map((t) => t + '\n').join('');
  try {
    const stdout = engine.manifestJson(engine.evaluateSnippet('<cmdline>', code, true));
    return { code: 0, stdout, stderr: traced() };
  } catch (e) {
    const formatted = (e as { formatted?: unknown }).formatted;
    if (typeof formatted !== 'string') throw e; // not a Jsonnet error: a defect of ours
    return { code: 1, stdout: '', stderr: traced() + formatted + '\n' };
  }
}

/**
 * What must agree: the trace lines, the error message, and the first frame unless go-jsonnet's is
 * in `<std>` (its std functions written in Jsonnet add frames our builtins do not have) or empty
 * (go-jsonnet gives no place to the thunks of std.makeArray).
 */
function sameReport(got: RefRun, ref: RefRun): boolean {
  const split = (r: RefRun) => {
    const lines = r.stderr.split('\n');
    const at = lines.findIndex((l) => !l.startsWith('TRACE: '));
    return { head: lines.slice(0, at + 1).join('\n'), frame: lines[at + 1] ?? '' };
  };
  const a = split(got);
  const b = split(ref);
  const frameKnown = b.frame.startsWith('\t<std>:') || b.frame.trim() === '';
  return a.head === b.head && (frameKnown || a.frame === b.frame);
}

/**
 * Generated snippets on which we still differ, each for a reason outside the std functions; each
 * must still differ (when one agrees, take it out). None at the committed seed; exploring other
 * seeds finds std.parseYaml of multi-document streams (go-jsonnet gives the array of documents).
 */
const KNOWN_DIFFERENCES = new Set<string>([]);

describe(`std functions on hostile arguments vs go-jsonnet (seed ${seed})`, () => {
  it('calls every std function of go-jsonnet', () => {
    const fields = store.run({ args: ['-e', 'std.objectFieldsAll(std)'], cwd, keyArgs: ['-e', 'std.objectFieldsAll(std)'] });
    const functions = (JSON.parse(fields.stdout) as string[]).filter((f) => !['pi', 'thisFile'].includes(f));
    expect(functions.filter((f) => !fuzzedStdFunctions.includes(f))).toEqual([]);
  });

  it('generates the same snippets for the same seed', () => {
    expect(generateStdFuzzSnippets(seed, 100)).toEqual(generated.slice(0, 100));
    expect(generateStdFuzzSnippets(seed + 1, 100)).not.toEqual(generated.slice(0, 100));
  });

  const traces: string[] = [];
  const engine = new Engine({ traceOut: (line) => traces.push(line) });
  cases.forEach((code, i) => {
    it(`#${i}: ${code.length > 100 ? code.slice(0, 100) + '…' : code}`, () => {
      const ref = reference[i];
      const got = ours(engine, traces, code);
      if (ref.stderr.includes('INTERNAL ERROR')) {
        // go-jsonnet crashed (a Go panic, e.g. std.removeAt out of range): a Jsonnet error is the better answer.
        expect(got.code, got.stdout).toBe(1);
        return;
      }
      const same = (got.code === 0) === (ref.code === 0) && got.stdout === ref.stdout && sameReport(got, ref);
      if (!same) differences.push({ code, ref, ours: got });
      if (KNOWN_DIFFERENCES.has(code)) {
        expect(same, 'now agrees with go-jsonnet: take it out of KNOWN_DIFFERENCES').toBe(false);
        return;
      }
      expect(got.code === 0, `exit status (go-jsonnet: ${ref.code})\n${got.stderr}`).toBe(ref.code === 0);
      expect(got.stdout).toBe(ref.stdout);
      expect(sameReport(got, ref), `go-jsonnet:\n${ref.stderr}\nours:\n${got.stderr}`).toBe(true);
    });
  });
});
