#!/usr/bin/env node
// Runs `just`: one on PATH if present, else the binary npm installed
// (rust-just-linux-x64; the registry here serves only that platform's build).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bundled = join(root, 'node_modules', `rust-just-${process.platform}-${process.arch}`, 'bin', 'just');
const onPath = spawnSync('just', ['--version'], { stdio: 'ignore' }).status === 0;
const bin = onPath ? 'just' : bundled;
if (!onPath && !existsSync(bundled)) {
  console.error(`just: not on PATH and no bundled binary for ${process.platform}-${process.arch}; install just (https://just.systems)`);
  process.exit(2);
}
const r = spawnSync(bin, process.argv.slice(2), { stdio: 'inherit' });
process.exit(r.status ?? 2);
