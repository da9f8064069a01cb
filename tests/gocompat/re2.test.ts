// Go's regexp through the toolkit's RE2 module, compared with answers recorded from Go
// (real Tanka's natives; `npm run golden:re2` re-records them), plus linear-time checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../tools/jsonnet/engine.js';
import { tankaNatives } from '../../tools/tanka/natives/index.js';
import { GoRegexError, GoRegexp, goMatchString, goReplaceAllString } from '../../tools/gocompat/re2.js';
import { repoRoot } from '../helpers/ref-tools.js';

interface Golden {
  native: string;
  args: string[];
  result?: unknown;
  error?: string;
}

const goldens = JSON.parse(readFileSync(join(repoRoot, 'tests/fixtures/gocompat/re2-golden.json'), 'utf8')) as Golden[];
const natives = tankaNatives({
  helmBin: () => {
    throw new Error('no helm in this test');
  },
  cacheDir: null,
});

/** Evaluates one case the way a Jsonnet file would call the native; returns the value or the error's first line. */
function run(g: Golden): { result?: unknown; error?: string } {
  const engine = new Engine({ natives });
  const code = `std.native(${JSON.stringify(g.native)})(${g.args.map((a) => JSON.stringify(a)).join(', ')})`;
  try {
    return { result: engine.toJson(engine.evaluateSnippet('case.jsonnet', code)) };
  } catch (e) {
    const m = /RUNTIME ERROR: (.*)/.exec((e as Error).message);
    return { error: m ? m[1] : (e as Error).message };
  }
}

describe('RE2 natives match Go (goldens recorded from tk v0.38.0)', () => {
  it('has goldens for matching, substitution, quoting and errors', () => {
    expect(goldens.length).toBeGreaterThan(100);
    expect(goldens.filter((g) => g.error).length).toBeGreaterThan(20);
  });
  for (const g of goldens) {
    it(`${g.native}(${JSON.stringify(g.args)})`, () => {
      expect(run(g)).toEqual(g.error !== undefined ? { error: g.error } : { result: g.result });
    });
  }
});

describe('linear time on patterns that backtrack in JavaScript', () => {
  const evil = 'a'.repeat(200_000) + '!';
  it('regexMatch ^(a+)+$ on 200,000 characters', () => {
    expect(goMatchString('^(a+)+$', evil)).toBe(false);
    expect(goMatchString('^(a|aa)*$', evil)).toBe(false);
    expect(goMatchString('(.*a){20}b', evil)).toBe(false);
  });
  it('regexSubst over a long input', () => {
    expect(goReplaceAllString('(a+)+$', evil, 'X')).toBe(evil);
    expect(goReplaceAllString('a', 'a'.repeat(100_000), '')).toBe('');
  });
});

describe('GoRegexp', () => {
  it('throws GoRegexError with Go text', () => {
    expect(() => GoRegexp.compile('(?=x)')).toThrow(GoRegexError);
    expect(() => GoRegexp.compile('(?=x)')).toThrow('error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
  });
  it('returns the cached compilation for the same pattern', () => {
    expect(GoRegexp.compile('^a$')).toBe(GoRegexp.compile('^a$'));
  });
});
