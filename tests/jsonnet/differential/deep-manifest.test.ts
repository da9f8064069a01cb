// Output nested around --max-stack, against go-jsonnet v0.22.0 run live: go-jsonnet counts a
// stack frame for every array element and object field it manifests (the command's output,
// std.toString, -y), and its manifestJson* builtins stop at --max-stack levels with an error of
// their own. Both engines must agree on the value or on the error's first line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../helpers/ref-tools.js';
import { JSONNET_CLI } from '../../hostile/run.js';

const goJsonnet = requireTool('go-jsonnet');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-manifest-'));

/** A file with `n` nested arrays (or objects `{a: ...}` around 1). */
function nested(n: number, kind: 'array' | 'object'): string {
  const file = path.join(dir, `${kind}-${n}.jsonnet`);
  fs.writeFileSync(file, kind === 'array' ? '['.repeat(n) + ']'.repeat(n) : '{a:'.repeat(n) + '1' + '}'.repeat(n));
  return file;
}

function run(bin: string[], args: string[]): { status: number | null; stdout: string; firstError: string } {
  const r = spawnSync(bin[0]!, [...bin.slice(1), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, firstError: r.stderr.split('\n')[0]! };
}

const cases: [string, string[]][] = [];
for (const n of [499, 500, 501]) cases.push([`command output, ${n} arrays`, [nested(n, 'array')]]);
for (const n of [498, 499, 500]) cases.push([`command output, ${n} objects`, [nested(n, 'object')]]);
for (const n of [496, 497, 498]) cases.push([`command output of a recursive function, ${n} levels`, ['-e', `local f(n) = if n == 0 then [] else [f(n - 1)]; f(${n})`]]);
for (const n of [499, 500]) cases.push([`-y, ${n} arrays`, ['-y', '-e', `[import '${nested(n, 'array')}']`]]);
for (const n of [99, 100, 101]) {
  const file = nested(n, 'array');
  for (const f of ['std.toString', 'std.manifestJson', 'std.manifestJsonMinified', "(function(v) std.manifestJsonEx(v, ' '))"])
    cases.push([`${f}, ${n} arrays, --max-stack 100`, ['--max-stack', '100', '-e', `std.length(${f}(import '${file}'))`]]);
}
cases.push(['--max-stack 1000, 700 arrays', ['--max-stack', '1000', nested(700, 'array')]]);

describe('values nested around --max-stack, as go-jsonnet manifests them', () => {
  it.each(cases)('%s', (_name, args) => {
    const ours = run([process.execPath, JSONNET_CLI], args);
    const go = run([goJsonnet], args);
    expect(ours).toEqual(go);
  });
});
