// The toolkit works unchanged on a Tanka project that is not this one: tests/fixtures/generic-project has
// no tilt.config.json and no validate.config.json. `tkts tilt` and `tkts validate` run there through the
// built command line (dist/; `npm test` builds first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIRROR } from '../validate/helpers.js';

const cli = path.resolve('dist/tools/cli/main.js');
const project = path.resolve('tests/fixtures/generic-project');
const tkts = (...args: string[]) => spawnSync('node', [cli, ...args], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 26 });

describe('a Tanka project without this platform\'s configuration', () => {
  it('has none of it', () => {
    expect(existsSync(path.join(project, 'tilt.config.json'))).toBe(false);
    expect(existsSync(path.join(project, 'validate.config.json'))).toBe(false);
  });

  it('tkts tilt plans it: one resource per workload with what its pods need, grouped by namespace', () => {
    const r = tkts('tilt', 'environments/default');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { yaml, ...plan } = JSON.parse(r.stdout);
    expect(yaml).toContain('kind: Deployment');
    expect(plan).toEqual({
      resources: [
        {
          name: 'web',
          workload: 'web',
          objects: ['web:serviceaccount:shop', 'web:poddisruptionbudget:shop', 'web-config:configmap:shop'],
          attached: ['web:service:shop'],
          labels: ['shop'],
          portForwards: [],
          extraPodSelectors: [],
          resourceDeps: ['namespaces'],
        },
        { name: 'namespaces', objects: ['shop:namespace'], attached: [], labels: ['infra'], portForwards: [], extraPodSelectors: [], resourceDeps: [] },
      ],
      kinds: [],
      images: [],
    });
  });

  it('tkts validate checks it and finds nothing', () => {
    const r = tkts('validate', '--mirror', MIRROR, '--no-fmt-check', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.environments.map((e: { environment: string; objects: number }) => [e.environment, e.objects])).toEqual([['environments/default', 6]]);
    expect(out.findings).toEqual([]);
  });
});
