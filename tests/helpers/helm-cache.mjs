#!/usr/bin/env node
// A caching `helm` for the real tk that tests start (never for users; see helm-cache.ts). tk has no cache of
// its own: every tk run renders every chart again with `helm template`. Here a `helm template` whose
// arguments, standard input, working folder, HELM_* variables, helm binary, and the content of every file or
// folder its arguments name (the chart, values files) are the same as an earlier call's replays that call's
// exact stdout, stderr and exit code; anything else runs the real helm. Other subcommands always run it.
//
// Plain JavaScript: tk starts it as a program, outside Vitest.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { hashContent } from './content-hash.mjs';

const real = process.env.TKTS_TEST_HELM_REAL;
const cacheDir = process.env.TKTS_TEST_HELM_CACHE;
const args = process.argv.slice(2);

if (!real || !cacheDir) {
  process.stderr.write('helm (test cache): TKTS_TEST_HELM_REAL and TKTS_TEST_HELM_CACHE must be set\n');
  process.exit(2);
}

if (args[0] !== 'template') {
  const r = spawnSync(real, args, { stdio: 'inherit' });
  finish(r);
} else {
  const input = readStdin();
  const file = join(cacheDir, `${cacheKey(input)}.out`);
  if (existsSync(file)) replay(readFileSync(file));
  else {
    const r = spawnSync(real, args, { input, maxBuffer: 1024 * 1024 * 1024 });
    // A process killed by a signal (or never started) is no answer to keep.
    if (r.status !== null && !r.error) store(file, r.status, r.stdout, r.stderr);
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    finish(r);
  }
}

function finish(r) {
  if (r.error) {
    process.stderr.write(`helm (test cache): ${real}: ${r.error.message}\n`);
    process.exit(2);
  }
  if (r.signal) process.kill(process.pid, r.signal);
  process.exitCode = r.status ?? 1;
}

/** All of standard input (tk writes the values there); empty when there is none. */
function readStdin() {
  const chunks = [];
  const buffer = Buffer.alloc(1 << 16);
  for (;;) {
    let n;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (e) {
      if (e.code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (e.code === 'EOF' || e.code === 'EBADF' || e.code === 'EINVAL') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

function cacheKey(input) {
  const hash = createHash('sha256');
  const part = (label, value) => hash.update(`${label}\0${value}\0`);
  const helm = statSync(real);
  part('helm', `${real} ${helm.size} ${helm.mtimeMs}`);
  part('cwd', process.cwd());
  for (const [name, value] of Object.entries(process.env).sort()) if (name.startsWith('HELM_')) part('env', `${name}=${value}`);
  for (const arg of args) {
    part('arg', arg);
    // A path as an argument or as a flag's value (--values=FILE): its content is part of the key.
    for (const candidate of new Set([arg, arg.slice(arg.indexOf('=') + 1)])) {
      if (candidate === '' || candidate === '-') continue;
      const path = isAbsolute(candidate) ? candidate : resolve(candidate);
      if (existsSync(path)) hashContent(hash, path);
    }
  }
  part('stdin', input.length);
  hash.update(input);
  return hash.digest('hex');
}

// Entry: "<exit code> <stdout bytes>\n", stdout, stderr.
function store(file, status, stdout, stderr) {
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([Buffer.from(`${status} ${stdout.length}\n`), stdout, stderr]));
  renameSync(tmp, file);
}

function replay(entry) {
  const header = entry.indexOf(10);
  const [status, length] = entry.subarray(0, header).toString().split(' ').map(Number);
  const stdout = entry.subarray(header + 1, header + 1 + length);
  process.stdout.write(stdout);
  process.stderr.write(entry.subarray(header + 1 + length));
  process.exitCode = status;
}
