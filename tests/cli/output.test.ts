// tkts-jsonnet writes its output straight to file descriptors 1 and 2 (tools/cli/output.ts) instead
// of through process.stdout / process.stderr. The output must arrive whole and in order whatever
// stdout is: a file, a pipe read slowly, a non-blocking pipe that fills up, or a reader that
// stops early (`| head`), which is no error.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSONNET_CLI } from '../hostile/run.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-output-'));
const BIG = 'std.range(1, 300000)';
const bigOutput = '[\n' + Array.from({ length: 300000 }, (_, i) => `   ${i + 1}`).join(',\n') + '\n]\n';

/** Runs the CLI with stdout on a pipe that the test leaves unread for `pauseMs` first. */
function runSlowReader(nodeArgs: string[], pauseMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, JSONNET_CLI, '-e', BIG], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), pauseMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

describe('tkts-jsonnet output', () => {
  it('arrives whole on a pipe read slowly', async () => {
    expect(await runSlowReader([], 300)).toEqual({ code: 0, stdout: bigOutput, stderr: '' });
  });

  it('arrives whole and in order when stdout is a non-blocking pipe that fills up', async () => {
    // Creating process.stdout first makes the pipe non-blocking (libuv does), as a preloaded module might.
    const preload = path.join(dir, 'touch-stdout.cjs');
    fs.writeFileSync(preload, 'process.stdout;\n');
    expect(await runSlowReader(['-r', preload], 300)).toEqual({ code: 0, stdout: bigOutput, stderr: '' });
  });

  it('goes to a file', () => {
    const file = path.join(dir, 'out.json');
    const fd = fs.openSync(file, 'w');
    const r = spawnSync(process.execPath, [JSONNET_CLI, '-e', `{ a: ${BIG}, t: std.trace('x', 1) }`], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    fs.closeSync(fd);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('TRACE: <cmdline>:1 x\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('{\n   "a": ' + bigOutput.slice(0, -1).replaceAll('\n', '\n   ') + ',\n   "t": 1\n}\n');
  });

  it('stops quietly with exit code 0 when the reader goes away', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${JSONNET_CLI}" -e '${BIG}' | head -c 12; echo " exit=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(r.stdout).toBe('[\n   1,\n   2 exit=0\n');
    expect(r.stderr).toBe('');
  });
});
