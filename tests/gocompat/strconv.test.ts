// Go's strconv through tools/gocompat/strconv.ts: ParseInt/ParseUint base 0 and FormatFloat 'f', directly
// (cases from the Go spec's integer literal syntax) and through every path that uses them (std.parseYaml,
// Tanka's parseYaml and manifestYamlFromJson natives, std.manifestJsonEx/manifestYamlDoc), compared with
// answers recorded from the real tk v0.38.0 (go-jsonnet and Go's strconv; `npm run golden:re2` re-records).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { JSONNET_CLI } from '../hostile/run.js';
import { requireTool } from '../helpers/ref-tools.js';
import { formatFloatF, formatFloatFixed, parseInt64, parseUint64, quote, quoteRune } from '../../tools/gocompat/strconv.js';
import { evaluate, expected, goldens } from './go-goldens.js';

const cases = goldens<{ expr: string }>('strconv');

describe('strconv as Go has it', () => {
  it('ParseInt(s, 0, 64): prefixes, legacy octal, underscores between digits, the int64 range', () => {
    expect(parseInt64('0')).toBe(0n);
    expect(parseInt64('0777')).toBe(511n);
    expect(parseInt64('0o17')).toBe(15n);
    expect(parseInt64('0X1f')).toBe(31n);
    expect(parseInt64('-0b11')).toBe(-3n);
    expect(parseInt64('0x_1F')).toBe(31n);
    expect(parseInt64('1_000')).toBe(1000n);
    expect(parseInt64('-9223372036854775808')).toBe(-(2n ** 63n));
    for (const bad of ['', '-', '08', '0x', '0b', '1__0', '_1', '1_', '0x1F_', '+-1', '9223372036854775808', '-9223372036854775809', '1e3', ' 1']) {
      expect(parseInt64(bad), bad).toBeNull();
    }
  });

  it('ParseUint(s, 0, 64): no sign, the uint64 range', () => {
    expect(parseUint64('18446744073709551615')).toBe(2n ** 64n - 1n);
    expect(parseUint64('0xFFFFFFFFFFFFFFFF')).toBe(2n ** 64n - 1n);
    for (const bad of ['18446744073709551616', '+1', '-1', '0x10000000000000000']) expect(parseUint64(bad), bad).toBeNull();
  });

  it('ParseInt/ParseUint with base 10 or 2: digits only, no prefix, no underscores', () => {
    expect(parseInt64('-9223372036854775808', 10)).toBe(-(2n ** 63n));
    expect(parseInt64('010', 10)).toBe(10n);
    for (const bad of ['0x10', '1_000', '9223372036854775808', '', '+', '1e3']) expect(parseInt64(bad, 10), bad).toBeNull();
    expect(parseInt64('-101', 2)).toBe(-5n);
    expect(parseUint64('1'.repeat(64), 2)).toBe(2n ** 64n - 1n);
    expect(parseInt64('1'.repeat(64), 2)).toBeNull();
    for (const bad of ['0b1', '2', '1_0']) expect(parseInt64(bad, 2), bad).toBeNull();
  });

  it("FormatFloat(f, 'f', -1, 64): shortest digits, never an exponent", () => {
    expect(formatFloatF(1.2345678901234568e-10)).toBe('0.00000000012345678901234568');
    expect(formatFloatF(5e-324)).toBe('0.' + '0'.repeat(323) + '5');
    expect(formatFloatF(1e21)).toBe('1000000000000000000000');
    expect(formatFloatF(-0)).toBe('-0');
    expect(formatFloatF(0.1)).toBe('0.1');
    expect([formatFloatF(NaN), formatFloatF(Infinity), formatFloatF(-Infinity)]).toEqual(['NaN', '+Inf', '-Inf']);
  });

  it('Quote and QuoteRune: only what strconv.IsPrint calls printable stays as it is (recorded from tk and go-jsonnet)', () => {
    // go-jsonnet's `Field "..."` frames and tk's export formats (`printf "%q"`, sprig's quote) print these.
    expect(quote('a\u00a0b')).toBe('"a\\u00a0b"');
    expect(quote('a\u0300b')).toBe('"a\u0300b"');
    expect(quote('a\u00adb\u2028\u0085\u200b\ue000')).toBe('"a\\u00adb\\u2028\\u0085\\u200b\\ue000"');
    expect(quote('a\u{1f600}b')).toBe('"a\u{1f600}b"');
    expect(quote('a\u00a0b\u200b\u{e0001}"x')).toBe('"a\\u00a0b\\u200b\\U000e0001\\"x"');
    expect(quote("it's\x07\x7f\n")).toBe('"it\'s\\a\\x7f\\n"');
    expect([39, 34, 160, 127, 0xd800, 0xe0001].map(quoteRune)).toEqual(["'\\''", "'\"'", "'\\u00a0'", "'\\x7f'", "'\ufffd'", "'\\U000e0001'"]);
  });

  it('every path through them gives what Go gives (goldens recorded from tk v0.38.0)', () => {
    expect(cases.length).toBeGreaterThan(200);
    const differences = cases
      .map((g) => ({ expr: g.expr, want: expected(g), got: evaluate(g.expr) }))
      .filter((c) => JSON.stringify(c.got) !== JSON.stringify(c.want));
    expect(differences).toEqual([]);
  });
});

describe("FormatFloat(n, 'f', prec): fmt's %f", () => {
  it('rounds the exact binary value half to even, with every digit at any size', () => {
    const cases: [number, number, string][] = [
      [0.125, 2, '0.12'], // a tie: toFixed gives 0.13
      [0.375, 2, '0.38'],
      [0.5, 0, '0'],
      [1.5, 0, '2'],
      [2.5, 0, '2'],
      [0.05, 1, '0.1'], // 0.05 is a little above 0.05 in binary
      [0.1, 20, '0.10000000000000000555'],
      [0.0078125, 6, '0.007812'],
      [-0, 6, '-0.000000'],
      [1e22, 6, '10000000000000000000000.000000'],
      [1e23, 0, '99999999999999991611392'], // the double nearest 1e23, every digit
      [5e-324, 6, '0.000000'],
      [123.456, 6, '123.456000'],
      [NaN, 6, 'NaN'],
      [-Infinity, 2, '-Inf'],
    ];
    for (const [n, prec, want] of cases) expect(formatFloatFixed(n, prec), `${n} %.${prec}f`).toBe(want);
  });

  it("go-jsonnet's %f in std.substr's errors gives the same text", () => {
    const goJsonnet = requireTool('go-jsonnet');
    for (const v of ['0.0078125', '1.5', '-0.5', '-1e22', '-123456789.125', '2.0000005']) {
      const program = `std.substr('abc', ${v}, 1)`;
      const go = spawnSync(goJsonnet, ['-e', program], { encoding: 'utf8' }).stderr.split('\n')[0];
      const ours = spawnSync(process.execPath, [JSONNET_CLI, '-e', program], { encoding: 'utf8' }).stderr.split('\n')[0];
      expect(ours, program).toBe(go);
      expect(go).toMatch(/^RUNTIME ERROR: substr second parameter/);
    }
  });
});
