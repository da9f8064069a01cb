// Generated differential test: seeded random inputs for string, array and set
// functions, evaluated by our engine and by C++ jsonnet 0.18 in one batch.

import { GoldenStore } from '../reference.js';
import { expect, test } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';

let seed = Number(process.env.SAMPLE_SEED ?? 11);
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const ALPHABET = ['a', 'b', 'c', ',', ' ', 'é', '😀', 'A'];
const str = (max: number) => Array.from({ length: rand(max + 1) }, () => ALPHABET[rand(ALPHABET.length)]).join('');
const nums = (max: number) => Array.from({ length: rand(max + 1) }, () => rand(10) - 3);
const q = (x: unknown) => JSON.stringify(x);

function makeCase(): string {
  switch (rand(14)) {
    case 0:
      return `std.substr(${q(str(8))}, ${rand(6)}, ${rand(6)})`;
    case 1:
      return `std.findSubstr(${q(str(2) || 'a')}, ${q(str(10))})`;
    case 2:
      return `std.splitLimit(${q(str(10))}, ${q(ALPHABET[rand(ALPHABET.length)])}, ${rand(4) - 1})`;
    case 3:
      return `std.strReplace(${q(str(10))}, ${q(str(2) || 'b')}, ${q(str(3))})`;
    case 4:
      return `std.stripChars(${q(str(10))}, ${q(str(3))})`;
    case 5:
      return `[std.asciiUpper(${q(str(8))}), std.asciiLower(${q(str(8))}), std.stringChars(${q(str(5))})]`;
    case 6:
      return `std.sort(${q(nums(12))})`;
    case 7:
      return `std.sort(${q(Array.from({ length: rand(8) }, () => str(3)))})`;
    case 8:
      return `std.uniq(${q(nums(10))})`;
    case 9: {
      const a = `std.set(${q(nums(10))})`;
      const b = `std.set(${q(nums(10))})`;
      return `[std.setUnion(${a}, ${b}), std.setInter(${a}, ${b}), std.setDiff(${a}, ${b}), std.setMember(${rand(8) - 3}, ${a})]`;
    }
    case 10:
      return `[std.member(${q(nums(6))}, ${rand(5)}), std.count(${q(nums(8))}, ${rand(5)}), std.find(${rand(5)}, ${q(nums(8))})]`;
    case 11:
      return `std.slice(${q(nums(10))}, ${rand(5)}, ${rand(12)}, ${rand(3) + 1})`;
    case 12:
      return `std.slice(${q(str(10))}, ${rand(5)}, ${rand(12)}, ${rand(3) + 1})`;
    default:
      return `std.sort(${q(nums(10))}, function(x) -x)`;
  }
}

const goJsonnet = new GoldenStore('std-generated');

test('random std calls match go-jsonnet', () => {
  const cases = Array.from({ length: 300 }, makeCase);
  const expected = goJsonnet.evalJson(`[\n${cases.join(',\n')}\n]`) as unknown[];
  const engine = new Engine();
  const mismatches: string[] = [];
  cases.forEach((c, i) => {
    const got = engine.toJson(engine.evaluateSnippet('case.jsonnet', c));
    if (JSON.stringify(got) !== JSON.stringify(expected[i])) mismatches.push(`${c}: got ${q(got)} want ${q(expected[i])}`);
  });
  expect(mismatches).toEqual([]);
  expect(expected).toHaveLength(cases.length);
});
