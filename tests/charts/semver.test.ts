import { describe, expect, it } from 'vitest';
import { highestMatching, parseConstraint, parseVersion, parseVersionLoose, sameVersion } from '../../tools/charts/semver.js';

const ok = (c: string, v: string): boolean => parseConstraint(c)(parseVersionLoose(v)!);

describe('semver', () => {
  it('parses full versions only as chartfile versions', () => {
    expect(parseVersion('1.2.3')).toBeDefined();
    expect(parseVersion('v1.21.1')).toBeDefined();
    expect(parseVersion('1.2.3-rc.1+build.5')).toBeDefined();
    for (const bad of ['1.2', 'latest', '6.x.y', '01.2.3', '1.2.3.4', '']) expect(parseVersion(bad)).toBeUndefined();
  });

  it('matches Helm constraint forms', () => {
    expect(ok('^0.1.0', '0.1.5')).toBe(true);
    expect(ok('^0.1.0', '0.2.0')).toBe(false);
    expect(ok('^1.2', '1.9.0')).toBe(true);
    expect(ok('^1.2', '2.0.0')).toBe(false);
    expect(ok('~1.2.3', '1.2.9')).toBe(true);
    expect(ok('~1.2.3', '1.3.0')).toBe(false);
    expect(ok('2.x.x', '2.31.10')).toBe(true);
    expect(ok('2.x.x', '3.0.0')).toBe(false);
    expect(ok('0.12.*', '0.12.8')).toBe(true);
    expect(ok('0.12.*', '0.13.0')).toBe(false);
    expect(ok('>=0.1.0 <0.2.0', '0.1.9')).toBe(true);
    expect(ok('>=0.1.0, <0.2.0', '0.2.0')).toBe(false);
    expect(ok('1.0 - 1.4.5', '1.4.5')).toBe(true);
    expect(ok('1.0 - 1.4.5', '1.4.6')).toBe(false);
    expect(ok('<1 || >=3', '3.1.0')).toBe(true);
    expect(ok('<1 || >=3', '2.0.0')).toBe(false);
    expect(ok('v0.6.0', '0.6.0')).toBe(true);
    expect(ok('5.4.0', '5.4.1')).toBe(false);
    expect(ok('1.2', '1.2.7')).toBe(true); // a partial version is a wildcard
    expect(ok('>1.2', '1.2.9')).toBe(false);
    expect(ok('>1.2', '1.3.0')).toBe(true);
    expect(ok('<=1.2', '1.2.9')).toBe(true);
    expect(ok('!=1.2.3', '1.2.3')).toBe(false);
    expect(ok('*', '9.9.9')).toBe(true);
  });

  it('keeps pre-releases out unless asked for', () => {
    expect(ok('^1.0.0', '1.1.0-rc.1')).toBe(false);
    expect(ok('>=1.1.0-rc.0', '1.1.0-rc.1')).toBe(true);
  });

  it('picks the highest matching version', () => {
    expect(highestMatching(['0.1.0', '0.1.5', '0.2.0', '1.0.0'], '^0.1.0')).toBe('0.1.5');
    expect(highestMatching(['2.31.4', '2.31.10', '1.9.0'], '2.x.x')).toBe('2.31.10');
    expect(highestMatching(['1.0.0'], '^2')).toBeUndefined();
    expect(() => highestMatching(['1.0.0'], '>>1')).toThrow(/invalid version/);
  });

  it('compares versions ignoring v and build metadata', () => {
    expect(sameVersion('v1.21.1', '1.21.1')).toBe(true);
    expect(sameVersion('1.0.0+a', '1.0.0+b')).toBe(true);
    expect(sameVersion('1.0.0', '1.0.1')).toBe(false);
  });
});
