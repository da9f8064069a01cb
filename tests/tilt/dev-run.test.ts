// dev-run, the supervisor in the raibid development image (tilt/raibid-dev.Dockerfile): the
// script is taken from the Dockerfile as written and run with /bin/sh, as in the container.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/ref-tools.js';

const dockerfile = path.join(repoRoot, 'tilt/raibid-dev.Dockerfile');
let dir: string;
let devRun: string;
const running: ChildProcess[] = [];

beforeAll(() => {
  const text = fs.readFileSync(dockerfile, 'utf8');
  const m = /^COPY --chmod=0755 <<'EOF' \/usr\/local\/bin\/dev-run\n([\s\S]*?)\nEOF$/m.exec(text);
  if (!m) throw new Error(`${dockerfile}: no dev-run heredoc`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-run-'));
  devRun = path.join(dir, 'dev-run');
  fs.writeFileSync(devRun, m[1] + '\n', { mode: 0o755 });
});
afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
});

/** Writes the "binary" (a script) by renaming a new file into place, as cargo replaces its output. */
function writeBinary(file: string, body: string) {
  fs.writeFileSync(`${file}.new`, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  fs.renameSync(`${file}.new`, file);
}

function start(bin: string, ...args: string[]) {
  const p = spawn('sh', [devRun, bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(p);
  const out = { stdout: '', stderr: '' };
  p.stdout.on('data', (d) => (out.stdout += d));
  p.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
  return { p, out, exited };
}

async function until(what: string, check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('dev-run', () => {
  it('restarts the binary when it is replaced, with the same arguments, and stops it on SIGTERM', async () => {
    const bin = path.join(dir, 'server');
    writeBinary(bin, 'echo "v1 $* pid=$$"; exec sleep 60');
    const { p, out, exited } = start(bin, '--port', '8080');
    await until('v1', () => /v1 --port 8080 pid=\d+/.test(out.stdout));
    const first = Number(/v1 .* pid=(\d+)/.exec(out.stdout)![1]);
    writeBinary(bin, 'echo "v2 $* pid=$$"; exec sleep 60');
    await until('v2', () => /v2 --port 8080 pid=\d+/.test(out.stdout));
    expect(out.stderr).toContain(`dev-run: ${bin} changed, restarting`);
    expect(alive(first)).toBe(false);
    const second = Number(/v2 .* pid=(\d+)/.exec(out.stdout)![1]);
    p.kill('SIGTERM');
    expect(await exited).toBe(0);
    await until('the binary to stop', () => !alive(second));
  });

  it('exits with the binary\'s status when it exits by itself (a Job completes, a crash restarts the container)', async () => {
    const bin = path.join(dir, 'agent');
    writeBinary(bin, 'echo done; exit 3');
    const { out, exited } = start(bin);
    expect(await exited).toBe(3);
    expect(out.stdout).toBe('done\n');
  });
});
