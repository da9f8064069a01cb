// Go's regexp through the toolkit's RE2 module, compared with answers recorded from Go
// (real Tanka's natives; `npm run golden:re2` re-records them), plus linear-time checks.
import { describe, expect, it } from 'vitest';
import { GoRegexError, GoRegexp, goMatchString, goReplaceAllString } from '../../tools/gocompat/re2.js';
import { evaluate, expected, goldens } from './go-goldens.js';

const cases = goldens<{ native: string; args: string[] }>('re2');
const run = (g: { native: string; args: string[] }) => evaluate(`std.native(${JSON.stringify(g.native)})(${g.args.map((a) => JSON.stringify(a)).join(', ')})`);

describe('RE2 natives match Go (goldens recorded from tk v0.38.0)', () => {
  it('has goldens for matching, substitution, quoting and errors', () => {
    expect(cases.length).toBeGreaterThan(100);
    expect(cases.filter((g) => g.error).length).toBeGreaterThan(20);
  });
  for (const g of cases) {
    it(`${g.native}(${JSON.stringify(g.args)})`, () => {
      expect(run(g)).toEqual(expected(g));
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
