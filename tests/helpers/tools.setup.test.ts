// The check before any test (tools.setup.ts), run as Vitest runs it, on a machine without the tools:
// nothing on PATH but node, no shared folder, an empty tool cache, no apt-get to install with.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './ref-tools.js';

describe('tools.setup', () => {
  it('stops the run with one line per missing program and the apt-get command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tools-setup-'));
    try {
      const config = join(dir, 'vitest.config.mjs');
      writeFileSync(config, `export default { test: { include: ['tests/helpers/ref-tools.test.ts'], globalSetup: [${JSON.stringify(join(repoRoot, 'tests/helpers/tools.setup.ts'))}] } };\n`);
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      symlinkSync(process.execPath, join(bin, 'node'));
      const env: NodeJS.ProcessEnv = { HOME: dir, PATH: bin, SHARED_DIR: join(dir, 'no-shared'), REF_TOOLS_CACHE: join(dir, 'cache') };
      const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', repoRoot, '--config', config], { env, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toContain('The tests need programs that were not found:');
      for (const line of [
        'jsonnet not found: set JSONNET_BIN, put it on PATH (Debian package jsonnet (C++ 0.18))',
        'docker-registry not found: set DOCKER_REGISTRY_BIN, put it on PATH (Debian package docker-registry)',
        `tilt not found: set TILT_BIN, put it on PATH, or ${join(dir, 'no-shared/tools/linux-amd64/tilt.gz')} (Tilt v0.37.6)`,
      ]) expect(r.stderr).toContain(`  ${line}\n`);
      expect(r.stderr).toContain('Install the Debian packages with: sudo apt-get install etcd-server prometheus prometheus-alertmanager docker-registry apache2-utils git openssl jsonnet (npm test does it itself when run as root)');
      // kubectl came from the npm package that brings helm
      expect(r.stderr).not.toContain('kubectl not found');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
