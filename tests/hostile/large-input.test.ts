// Large input to `tkts validate --manifests` under a tight heap: 100,000 small documents in one file,
// and one document of 10 MB. Documents are parsed one at a time and their syntax trees dropped, so
// the heap follows the objects kept for validation; a regression (every tree kept: 905 MB for the
// 100,000 documents) ends in an out-of-memory abort here, not in a slow run. The time limit is only
// a guard against hangs; speed is measured by `npm run bench:validate -- --large-only`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneLargeDocument, tinyDocuments } from '../../bench/validate/large-input.js';
import { CASE_TIMEOUT_MS, cleanup, CLI, expectClean, run, tempDir } from './run.js';

/** Measured: both pass with 192 MB and abort with 128 MB; 256 leaves room for V8's own variation. */
const HEAP_MB = 256;
const GUARD_MS = 540_000;
let dir = '';

beforeAll(() => {
  dir = tempDir('large');
  writeFileSync(join(dir, 'small.yaml'), tinyDocuments(100_000));
  writeFileSync(join(dir, 'large.yaml'), oneLargeDocument(10 * 1024 * 1024));
});

afterAll(() => cleanup(dir));

describe(`validate --manifests within a ${HEAP_MB} MB heap`, () => {
  it('100,000 small documents in one file: all validated, no findings', async () => {
    const r = await run(CLI, ['validate', '--manifests', 'small.yaml'], { cwd: dir, heapMb: HEAP_MB, timeLimitMs: GUARD_MS });
    expectClean(r, [0]);
    expect(r.stdout).toMatch(/total \(1 environment\)\s+100000\s+0\s+0/);
  }, CASE_TIMEOUT_MS);

  it('one 10 MB document: validated, its one finding (a ConfigMap over 1 MiB) at the right line', async () => {
    const r = await run(CLI, ['validate', '--manifests', 'large.yaml'], { cwd: dir, heapMb: HEAP_MB, timeLimitMs: GUARD_MS });
    const out = expectClean(r, [1]) + r.stdout;
    expect(out).toMatch(/error\s+data: a ConfigMap holds at most 1 MiB; this one holds \d+ bytes \(schema\.invalid\) \[large\.yaml:8\]/);
  }, CASE_TIMEOUT_MS);
});
