// Robustness by mutation: generated programs are broken on purpose (a literal
// replaced by a value of the wrong type, a std function swapped for another,
// the source cut short), then run through our engine and go-jsonnet v0.22.0
// (goldens in tests/jsonnet/goldens/mutants.json). Where go-jsonnet succeeds
// our output must be identical; where it fails we must fail too, with a
// JsonnetError (never a JavaScript TypeError or a crash).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { generatePrograms } from './generator.js';
import { EnginePool, firstDifference, loadEngine, runOurs, runReferenceAll, type Program, type RefResult } from './harness.js';
import { GoldenStore } from '../reference.js';

const seed = Number(process.env.JSONNET_MUT_SEED ?? 7321);
const count = Number(process.env.JSONNET_MUT_COUNT ?? 60);
const referenceStore = new GoldenStore('mutants', process.env.JSONNET_MUT_SEED !== undefined || process.env.JSONNET_MUT_COUNT !== undefined);

/** Deterministic mutation of `code` number `i`. */
export function mutate(code: string, i: number): string {
  let x = (i * 2654435761) >>> 0;
  const next = () => (x = (Math.imul(x ^ (x >>> 13), 1274126177) + 1013904223) >>> 0);
  const kind = next() % 3;
  if (kind === 0) {
    // a number literal becomes a value of another type
    const nums = [...code.matchAll(/(?<![\w.'"])\d+(?![\w.'"])/g)];
    if (nums.length) {
      const m = nums[next() % nums.length];
      const repl = ["'s'", 'null', '[]', '{}', 'true', '(function(q) q)'][next() % 6];
      return code.slice(0, m.index) + repl + code.slice(m.index! + m[0].length);
    }
  }
  if (kind === 1) {
    // a std function swapped for another
    const calls = [...code.matchAll(/std\.(\w+)\(/g)];
    if (calls.length) {
      const m = calls[next() % calls.length];
      const other = ['length', 'toString', 'sort', 'join', 'map', 'substr', 'format', 'objectFields', 'range', 'md5', 'abs', 'set'][next() % 12];
      return code.slice(0, m.index) + `std.${other}(` + code.slice(m.index! + m[0].length);
    }
  }
  // cut short: a syntax error (or, rarely, still a valid prefix)
  return code.slice(0, Math.max(1, next() % code.length));
}

const dir = mkdtempSync(join(tmpdir(), 'jsonnet-mut-'));
const programs: Program[] = generatePrograms(seed, count).map((code, i) => {
  const path = join(dir, `mut${String(i).padStart(4, '0')}.jsonnet`);
  writeFileSync(path, mutate(code, i));
  return { name: `seed ${seed} mutant #${i}`, path, args: [], expectError: null, errorHasLocation: true };
});

let reference: Map<string, RefResult>;
let pool: EnginePool;
let JsonnetError: new (...a: never[]) => Error;
let keepDir = false;

beforeAll(async () => {
  const [ref, mod] = await Promise.all([runReferenceAll(referenceStore, programs), loadEngine()]);
  reference = ref;
  pool = new EnginePool(mod.Engine);
  JsonnetError = mod.JsonnetError;
});

afterAll(() => {
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
});

describe(`mutated jsonnet programs (in ${dir})`, () => {
  it('mutations are deterministic and change the program', () => {
    const [code] = generatePrograms(seed, 1);
    expect(mutate(code, 3)).toBe(mutate(code, 3));
    expect(mutate(code, 3)).not.toBe(code);
  });

  for (const p of programs) {
    it(p.name, () => {
      onTestFailed(() => {
        keepDir = true;
      });
      const ref = reference.get(p.path)!;
      const ours = runOurs(pool.get(p.args), p.path);
      if (ref.code === 0) {
        if (!ours.ok) expect.fail(`go-jsonnet succeeded, ours failed on ${p.path}:\n${ours.errorText}`);
        if (ours.output !== ref.stdout) expect.fail(`output differs on ${p.path} at ${firstDifference(ours.output, ref.stdout)}`);
      } else {
        if (ours.ok) expect.fail(`go-jsonnet failed (${ref.stderr.split('\n')[0]}) but ours succeeded on ${p.path}`);
        if (!(ours.error instanceof JsonnetError)) expect.fail(`not a JsonnetError on ${p.path} (${ours.errorName}):\n${ours.errorText}`);
      }
    });
  }
});
