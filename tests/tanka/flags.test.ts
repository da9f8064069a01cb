import { describe, expect, it } from 'vitest';
import { UsageError } from '../../tools/cli/errors.js';
import { parseFlags } from '../../tools/cli/flags.js';

const specs = {
  target: { short: 't', kind: 'list' as const, commaSplit: true },
  'ext-str': { short: 'V', kind: 'list' as const },
  name: { kind: 'string' as const },
  recursive: { short: 'r', kind: 'bool' as const },
  parallel: { short: 'p', kind: 'string' as const },
};

describe('pflag-style parsing', () => {
  it('accepts --f=v, --f v, -f v, -fv, repeated and comma-split lists, booleans', () => {
    const p = parseFlags(['show', '-t', 'a/b,c/d', '--target=e/f', '-tg/h', '-V', 'k=v,w', '--name', 'x', '-r', 'path'], specs);
    expect(p.flags).toEqual({ target: ['a/b', 'c/d', 'e/f', 'g/h'], 'ext-str': ['k=v,w'], name: 'x', recursive: true });
    expect(p.args).toEqual(['show', 'path']);
    expect(parseFlags(['--recursive=false'], specs).flags.recursive).toBe(false);
    expect(parseFlags(['--', '-t'], specs).args).toEqual(['-t']);
  });

  it('clusters shorthands as pflag (and tk) do: booleans first, a valued flag takes the rest or the next argument', () => {
    expect(parseFlags(['-rp', '2', 'x'], specs)).toMatchObject({ flags: { recursive: true, parallel: '2' }, args: ['x'] });
    expect(parseFlags(['-rp2'], specs).flags).toEqual({ recursive: true, parallel: '2' });
    expect(parseFlags(['-rt=a/b'], specs).flags).toEqual({ recursive: true, target: ['a/b'] });
    expect(parseFlags(['-r=false'], specs).flags).toEqual({ recursive: false });
    expect(() => parseFlags(['-rx'], specs)).toThrow("unknown shorthand flag: 'x' in -rx");
    expect(() => parseFlags(['-rp'], specs)).toThrow("flag needs an argument: 'p' in -p");
  });

  it('rejects unknown flags and missing values', () => {
    expect(() => parseFlags(['--nope'], specs)).toThrow(UsageError);
    expect(() => parseFlags(['-x'], specs)).toThrow("unknown shorthand flag: 'x'");
    expect(() => parseFlags(['--name'], specs)).toThrow('flag needs an argument: --name');
    expect(() => parseFlags(['--recursive=maybe'], specs)).toThrow('invalid argument');
  });
});
