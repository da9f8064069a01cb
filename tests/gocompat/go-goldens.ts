// Answers recorded from Go (the real tk v0.38.0, by scripts/record-re2-goldens.mjs) and the same
// Jsonnet evaluated by our engine with Tanka's natives, for the gocompat tests to compare.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../tools/jsonnet/engine.js';
import { tankaNatives } from '../../tools/tanka/natives/index.js';
import { repoRoot } from '../helpers/ref-tools.js';

export interface Outcome {
  result?: unknown;
  error?: string;
}

/** tests/fixtures/gocompat/<name>-golden.json. */
export function goldens<T>(name: string): (T & Outcome)[] {
  return JSON.parse(readFileSync(join(repoRoot, 'tests/fixtures/gocompat', `${name}-golden.json`), 'utf8')) as (T & Outcome)[];
}

const natives = tankaNatives({
  helmBin: () => {
    throw new Error('no helm in this test');
  },
  cacheDir: null,
});

/** Evaluates a snippet as a Jsonnet file would; the value, or the error's first line as tk prints it. */
export function evaluate(code: string): Outcome {
  const engine = new Engine({ natives });
  try {
    return { result: engine.toJson(engine.evaluateSnippet('case.jsonnet', code)) };
  } catch (e) {
    const m = /RUNTIME ERROR: (.*)/.exec((e as Error).message);
    return { error: m ? m[1] : (e as Error).message };
  }
}

/** What a golden expects, in evaluate's shape. */
export const expected = (g: Outcome): Outcome => (g.error !== undefined ? { error: g.error } : { result: g.result });
