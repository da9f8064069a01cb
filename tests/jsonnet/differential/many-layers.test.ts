// Objects of many layers (a foldl of patches, long `+` chains): past 16 layers, field lookups scan
// until they have cost about one pass over all fields, then an index of the defining layers
// answers (value.ts, findInManyLayers). Lookups from every layer, through `super`, of fields
// defined in some layers only, and of missing fields must give go-jsonnet's answers, before and
// after the index exists. Compared with go-jsonnet v0.22.0 run live.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../helpers/ref-tools.js';
import { JSONNET_CLI } from '../../hostile/run.js';

const goJsonnet = requireTool('go-jsonnet');

function run(bin: string[], args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(bin[0]!, [...bin.slice(1), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Layer i defines c<i % m> with +: (a super chain every m layers), and every 7th layer a hidden h.
const chain = (n: number, m: number): string =>
  `std.foldl(function(acc, i) acc { ['c' + (i % ${m})]+: [i], [if i % 7 == 0 then 'h']:: i }, std.range(1, ${n}), { base: 0 })`;

const programs: [string, string][] = [
  ['a super chain through 300 layers', chain(300, 10)],
  ['few lookups (no index)', `local o = ${chain(40, 5)}; o.c1`],
  ['hidden fields stay hidden', `local o = ${chain(100, 3)}; [std.objectFields(o), std.objectFieldsAll(o), o.h]`],
  ['a missing field after the index exists', `local o = ${chain(100, 3)}; [o.c0, o.c1, o.c2, o.nope]`],
  ['in super from every layer', "std.foldl(function(acc, i) acc { ['f' + i]: ('f' + (i - 3)) in super, g+: [i] }, std.range(1, 60), {}).g"],
  [
    'super.x from every layer',
    "local o = std.foldl(function(acc, i) acc { ['f' + i]: if i > 5 then super['f' + (i - 5)] + 1 else 0, x+: 1 }, std.range(1, 80), { x: 0 }); [o.f80, o.x]",
  ],
  ['super of a field no layer below defines', "local o = std.foldl(function(acc, i) acc { ['f' + i]: i }, std.range(1, 50), {}) { z: super.f51 }; o.z"],
  ['+: on a field defined only at the bottom', "local o = std.foldl(function(acc, i) acc { ['f' + i]: i }, std.range(1, 50), { bottom: [0] }) { bottom+: [1] }; o.bottom"],
  ['self from a low layer sees the top', "std.foldl(function(acc, i) acc { v: i, ['w' + i]: self.v }, std.range(1, 40), {}).w3"],
];

describe('objects of many layers, as go-jsonnet looks fields up', () => {
  it.each(programs)('%s', (_name, code) => {
    const ours = run([process.execPath, JSONNET_CLI], ['-e', code]);
    const go = run([goJsonnet], ['-e', code]);
    expect(ours).toEqual(go);
  });
});
