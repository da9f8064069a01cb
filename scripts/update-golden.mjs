#!/usr/bin/env node
// Regenerates tests/golden/<env>.yaml from the built toolkit (dist/; run `npx tsc -p .` first).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENVIRONMENTS, renderGolden } from './golden.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { loadEnvironment } = await import(path.join(root, 'dist/tools/tanka/index.js'));
fs.mkdirSync(path.join(root, 'tests/golden'), { recursive: true });
for (const env of ENVIRONMENTS) {
  const { manifests } = await loadEnvironment(path.join(root, 'environments', env));
  const text = renderGolden(env, manifests);
  fs.writeFileSync(path.join(root, 'tests/golden', `${env}.yaml`), text);
  console.log(`tests/golden/${env}.yaml: ${manifests.length} objects, ${(text.length / 1024).toFixed(0)} KiB`);
}
