// Differential test on generated edge-case snippets (edge-generator.ts):
// every std function with edge and wrong-typed arguments, `%` formatting,
// mixed-type operators, inheritance, manifesters, parsers and errors. Each
// snippet runs as `jsonnet -e` in go-jsonnet v0.22.0 (goldens in
// tests/jsonnet/goldens/edge.json, live where the binary is present) and in
// our engine: the output must be identical; where go-jsonnet fails, we fail
// too, with its error message and its first stack-frame line. Set
// JSONNET_EDGE_SEED / JSONNET_EDGE_COUNT to explore further (live only).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';
import { GoldenStore, type RefRun } from '../reference.js';
import { snippetResult } from './harness.js';
import { coveredStdFunctions, generateEdgeSnippets } from './edge-generator.js';
// Snippets on which we still differ from go-jsonnet, each for a known reason.
// Each must still differ: when one agrees, take it out of the list.
import { KNOWN_DIFFERENCES } from './edge-known.js';

const exploring = process.env.JSONNET_EDGE_SEED !== undefined || process.env.JSONNET_EDGE_COUNT !== undefined;
const seed = Number(process.env.JSONNET_EDGE_SEED ?? 4242);
const count = Number(process.env.JSONNET_EDGE_COUNT ?? 1200);
const store = new GoldenStore('edge', exploring);
const snippets = generateEdgeSnippets(seed, count);
const cwd = mkdtempSync(join(tmpdir(), 'jsonnet-edge-'));
let reference: RefRun[];

beforeAll(async () => {
  reference = await store.runAll(snippets.map((code) => ({ args: ['-e', code], cwd, keyArgs: ['-e', code] })));
}, 600_000);

// JSONNET_EDGE_DUMP=file: every difference, both answers in full, as JSON (for working through them).
const differences: { code: string; ref: RefRun; ours: RefRun }[] = [];
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
  if (process.env.JSONNET_EDGE_DUMP) writeFileSync(process.env.JSONNET_EDGE_DUMP, JSON.stringify(differences, null, 1));
});


/** The error message and the first stack frame: the lines a user reads. */
const head = (stderr: string) => stderr.split('\n').slice(0, 2).join('\n');

describe(`generated edge-case snippets vs go-jsonnet (seed ${seed})`, () => {
  it('covers every std function of go-jsonnet', () => {
    const goFields = store.run({ args: ['-e', 'std.objectFieldsAll(std)'], cwd, keyArgs: ['-e', 'std.objectFieldsAll(std)'] });
    const functions = (JSON.parse(goFields.stdout) as string[]).filter((f) => !['pi', 'thisFile', 'extVar', 'native', 'trace'].includes(f));
    expect(functions.filter((f) => !coveredStdFunctions.includes(f))).toEqual([]);
  });

  it('generates the same snippets for the same seed', () => {
    expect(generateEdgeSnippets(seed, 300)).toEqual(snippets.slice(0, 300));
    expect(generateEdgeSnippets(seed + 1, 300)).not.toEqual(snippets.slice(0, 300));
  });

  const engine = new Engine();
  snippets.forEach((code, i) => {
    it(`#${i}: ${code.length > 100 ? code.slice(0, 100) + '…' : code}`, () => {
      const ref = reference[i];
      const got = snippetResult(engine, code);
      const same = got.code === 0 ? ref.code === 0 && got.stdout === ref.stdout : ref.code !== 0 && head(got.stderr) === head(ref.stderr);
      if (ref.stderr.startsWith('INTERNAL ERROR')) {
        // go-jsonnet crashed (e.g. std.removeAt out of range): a Jsonnet error is the better answer.
        expect(got.code, got.stdout).toBe(1);
        return;
      }
      if (!same) differences.push({ code, ref, ours: got });
      if (KNOWN_DIFFERENCES.has(code)) {
        expect(same, 'now agrees with go-jsonnet: take it out of KNOWN_DIFFERENCES (edge-known.ts)').toBe(false);
        return;
      }
      expect(got.code === 0, `exit status (go-jsonnet: ${ref.code})\n${got.stderr}`).toBe(ref.code === 0);
      if (ref.code === 0) expect(got.stdout).toBe(ref.stdout);
      else expect(head(got.stderr)).toBe(head(ref.stderr));
    });
  });
});
