// Every environment of the project has its apply test (one file each, apply-<env>.test.ts).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../helpers/ref-tools.js';
import { ENVIRONMENTS } from './project.js';

it('applies every environment of the project', () => {
  const environments = readdirSync(join(repoRoot, 'environments')).sort();
  expect([...ENVIRONMENTS].sort()).toEqual(environments);
  for (const env of environments) expect(existsSync(join(repoRoot, 'tests', 'cluster', `apply-${env}.test.ts`)), env).toBe(true);
});
