// Generated differential test of std.format: every combination of flags,
// width, precision and numeric conversion over a set of awkward numbers,
// compared with the C++ jsonnet 0.18 binary in one batch.

import { GoldenStore } from '../reference.js';
import { expect, test } from 'vitest';
import { format } from '../../../tools/jsonnet/std/index.js';
import { JArray } from '../../../tools/jsonnet/value.js';

const FLAGS = ['', '-', '0', '+', ' ', '#', '-+', '0 ', '#0'];
const WIDTHS = ['', '1', '8'];
const PRECS = ['', '.0', '.3', '.12'];
const CONVS = ['d', 'o', 'x', 'X', 'f', 'e', 'E', 'g', 'G'];
// 0 is left out for %g/%e-like codes only where 0.18 fails (log(0)); see go-behaviour.test.ts.
const NUMBERS = [1, -1, 0.5, -0.5, 3.14159, -2.71828, 123456.789, 1e-7, 9.9999, 1e21, 255, -255, 0.000123456, 99.5];

// C++ jsonnet formats slowly (std.jsonnet code), so a fixed pseudo-random
// sample of the full product is compared; the sample changes with SAMPLE_SEED.
const SAMPLE = 400;
const SAMPLE_SEED = Number(process.env.SAMPLE_SEED ?? 7);

const goJsonnet = new GoldenStore('std-format');

test('std.format numeric conversions match go-jsonnet', () => {
  const specs: string[] = [];
  for (const f of FLAGS) for (const w of WIDTHS) for (const p of PRECS) for (const c of CONVS) specs.push(`%${f}${w}${p}${c}`);
  let seed = SAMPLE_SEED;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pairs: [string, number][] = [];
  for (let k = 0; k < SAMPLE; k++) pairs.push([specs[rand(specs.length)], NUMBERS[rand(NUMBERS.length)]]);
  const code = `[p[0] % [p[1]] for p in ${JSON.stringify(pairs)}]`;
  const expected = goJsonnet.evalJson(code) as string[];
  const mismatches: string[] = [];
  pairs.forEach(([spec, n], i) => {
    const got = format(spec, JArray.of([n]));
    if (got !== expected[i]) mismatches.push(`${spec} % ${n}: got ${got} want ${expected[i]}`);
  });
  expect(mismatches).toEqual([]);
  expect(pairs.length).toBe(SAMPLE);
});
