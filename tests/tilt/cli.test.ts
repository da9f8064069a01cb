// `tkts tilt <env>` through the built command line (dist/; `npm test` builds first).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve('dist/tools/cli/main.js');
const tkts = (...args: string[]) => spawnSync('node', [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });

describe('tkts tilt', () => {
  it('prints the YAML as show does, with resources, kinds and images', () => {
    const show = tkts('show', 'environments/local');
    const yamlOnly = tkts('tilt', 'environments/local', '--yaml-only');
    const json = tkts('tilt', 'environments/local');
    expect([show.status, yamlOnly.status, json.status]).toEqual([0, 0, 0]);
    expect(yamlOnly.stdout).toBe(show.stdout);
    const plan = JSON.parse(json.stdout);
    expect(plan.yaml).toBe(show.stdout);
    expect(Object.keys(plan)).toEqual(['yaml', 'resources', 'kinds', 'images']);
    expect(plan.resources.length).toBeGreaterThan(30);
    expect(plan.kinds.map((k: { kind: string }) => k.kind)).toEqual(['ScaledJob']);
    expect(plan.images.map((i: { ref: string }) => i.ref)).toEqual(['ghcr.io/raibid-labs/raibid-server', 'ghcr.io/raibid-labs/raibid-agent']);
  }, 240_000); // three full renders of environments/local: minutes on a busy machine

  it('exits 2 with usage on a missing argument and 1 on a missing environment', () => {
    const none = tkts('tilt');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('expected 1 argument');
    const missing = tkts('tilt', 'environments/nope');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('"environments/nope" does not exist');
  });
});
