// Differential test: every hand-written program under tests/fixtures/jsonnet
// gives byte-identical JSON output with our engine and with go-jsonnet v0.22.0
// (goldens in tests/jsonnet/goldens/corpus.json, live where the binary is
// present); programs marked `// expect-error:` fail in both, and our message
// contains the expected text (go-jsonnet's wording, case-insensitive).

import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  EnginePool,
  firstDifference,
  listCorpus,
  loadEngine,
  runOurs,
  runReferenceAll,
  type RefResult,
} from './harness.js';
import { GoldenStore } from '../reference.js';

const programs = listCorpus();
const referenceStore = new GoldenStore('corpus');
let reference: Map<string, RefResult>;
let pool: EnginePool;
let JsonnetError: new (...a: never[]) => Error;

beforeAll(async () => {
  const [ref, mod] = await Promise.all([runReferenceAll(referenceStore, programs), loadEngine()]);
  reference = ref;
  pool = new EnginePool(mod.Engine);
  JsonnetError = mod.JsonnetError;
});

describe('jsonnet corpus vs go-jsonnet', () => {
  it('has a corpus of hundreds of programs', () => {
    expect(programs.length).toBeGreaterThan(300);
  });

  for (const p of programs) {
    it(p.name, () => {
      const ref = reference.get(p.path)!;
      const ours = runOurs(pool.get(p.args), p.path);
      if (p.expectError === null) {
        expect(ref.code, `reference failed on a success program: ${ref.stderr}`).toBe(0);
        if (!ours.ok) expect.fail(`our engine failed:\n${ours.errorText}`);
        if (ours.output !== ref.stdout) expect.fail(`output differs at ${firstDifference(ours.output, ref.stdout)}`);
      } else {
        expect(ref.code, 'reference succeeded on an error program').not.toBe(0);
        if (ours.ok) expect.fail(`our engine succeeded with:\n${ours.output}`);
        if (!(ours.error instanceof JsonnetError)) expect.fail(`not a JsonnetError (${ours.errorName}):\n${ours.errorText}`);
        expect(ours.errorText!.toLowerCase()).toContain(p.expectError.toLowerCase());
        // Errors carry a location in the program (file:line:column of the failing code or a frame).
        if (p.errorHasLocation) expect(ours.errorText, 'the error names no location in the program').toContain(basename(p.path));
      }
    });
  }
});
