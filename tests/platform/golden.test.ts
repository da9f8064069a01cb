// Rendered output of every environment against tests/golden/<env>.yaml.
// When a change is intended: `npm run golden:update` and review the diff.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, renderGolden, goldenObject } from '../../scripts/golden.mjs';
import { manifests, root } from './load.js';

describe('golden files', () => {
  for (const env of ENVIRONMENTS) {
    it(`environments/${env} renders as tests/golden/${env}.yaml`, async () => {
      const file = path.join(root, 'tests/golden', `${env}.yaml`);
      expect(fs.existsSync(file), `${file} is missing: run npm run golden:update`).toBe(true);
      const actual = renderGolden(env, await manifests(env));
      const golden = fs.readFileSync(file, 'utf8');
      if (actual !== golden) {
        throw new Error(`environments/${env} output differs from tests/golden/${env}.yaml: run \`npm run golden:update\` and review the diff`);
      }
      expect(golden.length).toBeLessThan(1024 * 1024);
    });
  }

  it('replaces CRD specs by a hash, and a changed spec changes the hash', () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'a.b' }, spec: { group: 'b', x: 1 } };
    const a = goldenObject(crd).spec as string;
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(goldenObject({ ...crd, spec: { x: 1, group: 'b' } }).spec).toBe(a);
    expect(goldenObject({ ...crd, spec: { group: 'b', x: 2 } }).spec).not.toBe(a);
  });

  it('replaces upstream mixin dashboards by a hash, and only those', () => {
    const cm = (labels: Record<string, string>, json: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd', labels }, data: { 'd.json': json } });
    const a = (goldenObject(cm({ 'mop.platform/mixin': 'node' }, '{"uid":"x"}')).data as Record<string, string>)['d.json'];
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((goldenObject(cm({ 'mop.platform/mixin': 'node' }, '{"uid":"y"}')).data as Record<string, string>)['d.json']).not.toBe(a);
    expect((goldenObject(cm({ grafana_dashboard: '1' }, '{"uid":"x"}')).data as Record<string, string>)['d.json']).toBe('{"uid":"x"}');
  });
});
