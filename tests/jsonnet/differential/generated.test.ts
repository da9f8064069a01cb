// Differential test on generated programs: a seeded generator writes random
// well-typed programs (objects, inheritance, +:, self/super/$, comprehensions,
// locals, functions with defaults and named arguments, std calls, strings,
// formatting); each must give byte-identical output with our engine and
// go-jsonnet v0.22.0 (goldens in tests/jsonnet/goldens/generated.json). Set
// JSONNET_GEN_SEED / JSONNET_GEN_COUNT to explore further (live go-jsonnet
// only); a failing program is kept in the printed temp directory.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { generatePrograms } from './generator.js';
import { EnginePool, firstDifference, loadEngine, runOurs, runReferenceAll, type Program, type RefResult } from './harness.js';
import { GoldenStore } from '../reference.js';

const seed = Number(process.env.JSONNET_GEN_SEED ?? 20240601);
const count = Number(process.env.JSONNET_GEN_COUNT ?? 100);
const referenceStore = new GoldenStore('generated', process.env.JSONNET_GEN_SEED !== undefined || process.env.JSONNET_GEN_COUNT !== undefined);
const dir = mkdtempSync(join(tmpdir(), 'jsonnet-gen-'));
const programs: Program[] = generatePrograms(seed, count).map((code, i) => {
  const path = join(dir, `gen${String(i).padStart(4, '0')}.jsonnet`);
  writeFileSync(path, code);
  return { name: `seed ${seed} #${i}`, path, args: [], expectError: null, errorHasLocation: true };
});

let reference: Map<string, RefResult>;
let pool: EnginePool;
let keepDir = false; // failing programs stay on disk for inspection

beforeAll(async () => {
  const [ref, mod] = await Promise.all([runReferenceAll(referenceStore, programs), loadEngine()]);
  reference = ref;
  pool = new EnginePool(mod.Engine);
});

afterAll(() => {
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
});

describe(`generated jsonnet programs vs go-jsonnet (in ${dir})`, () => {
  it('generates the same programs for the same seed', () => {
    expect(generatePrograms(seed, 3)).toEqual(generatePrograms(seed, 3));
    expect(generatePrograms(seed + 1, 3)).not.toEqual(generatePrograms(seed, 3));
  });

  for (const p of programs) {
    it(p.name, () => {
      onTestFailed(() => {
        keepDir = true;
      });
      const ref = reference.get(p.path)!;
      // A failing reference means the generator produced an ill-typed program: a generator bug.
      expect(ref.code, `generator bug, reference failed on ${p.path}: ${ref.stderr}`).toBe(0);
      const ours = runOurs(pool.get(p.args), p.path);
      if (!ours.ok) expect.fail(`our engine failed on ${p.path}:\n${ours.errorText}`);
      if (ours.output !== ref.stdout) expect.fail(`output differs on ${p.path} at ${firstDifference(ours.output, ref.stdout)}`);
    });
  }
});
