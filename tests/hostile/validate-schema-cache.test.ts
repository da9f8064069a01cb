// `tkts validate --manifests` on hostile and broken manifests gives the same findings with the schema
// cache (tools/validate/schema-cache.ts) cold, warm, corrupted, and without it (--no-cache).
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIRROR } from '../validate/helpers.js';
import { CASE_TIMEOUT_MS, cleanup, CLI, expectClean, run, tempDir } from './run.js';

let dir = '';
let cache = '';

const crd = (kind: string, props: object) =>
  JSON.stringify({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${kind.toLowerCase()}s.example.com` },
    spec: { group: 'example.com', names: { kind, plural: `${kind.toLowerCase()}s`, singular: kind.toLowerCase(), listKind: `${kind}List` }, scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: props } } } } }] },
  });
const resource = (kind: string, spec: object) => JSON.stringify({ apiVersion: 'example.com/v1', kind, metadata: { name: 'r', namespace: 'default' }, spec });

const files: Record<string, string> = {
  'redos.yaml': [crd('Widget', { mode: { type: 'string', pattern: '^(a+)+$' } }), resource('Widget', { mode: 'a'.repeat(50_000) + '!' })].join('\n---\n'),
  'bad-pattern.yaml': [crd('Gadget', { mode: { type: 'string', pattern: 'a(?=b)' } }), resource('Gadget', { mode: 'ab' })].join('\n---\n'),
  'cel.yaml': [crd('Rule', { n: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self < 10', message: 'n must be below 10' }] }, extra: { type: 'object', properties: { a: { type: 'string', enum: ['x'] } } } }), resource('Rule', { n: 12, extra: { a: 'y', b: 1 } })].join('\n---\n'),
  'workloads.yaml': [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\nspec:\n  replicas: 1099511627776\n  selector: {matchLabels: {a: b}}\n  tempalte: {}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n        - name: web\n          image: web:1\n          imagePullPolicy: Sometimes\n          resources: {limits: {cpu: lots}}\n          ports: [{containerPort: "80"}]\n',
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: default\ndata:\n  key: "%%% not base64"\n',
    'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\n  namespace: default\nspec:\n  schedule: "61 * * * *"\n  jobTemplate: {spec: {template: {spec: {restartPolicy: Always, containers: [{name: c, image: "c:1"}]}}}}\n',
  ].join('---\n'),
  'duplicate-keys.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  namespace: default\ndata:\n  a: b\ndata:\n  c: d\n',
  'many-docs.yaml': Array.from({ length: 500 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: default\ndata:\n  n: "${i}"\n  bad: ${i % 7 === 0 ? '[1]' : '"ok"'}\n`).join('---\n'),
};

beforeAll(() => {
  dir = tempDir('schema-cache');
  cache = tempDir('schema-cache-dir');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
});

afterAll(() => {
  cleanup(dir);
  cleanup(cache);
});

/** The run's report without its timings. */
async function validate(...flags: string[]): Promise<unknown> {
  const r = await run(CLI, ['validate', '--manifests', '--mirror', MIRROR, '--format', 'json', ...flags, dir], { cwd: dir, env: { TKTS_CACHE_DIR: cache } });
  expectClean(r, [1]);
  return JSON.parse(r.stdout.replace(/"elapsedMs": \d+/g, '"elapsedMs": 0'));
}

const schemasDir = () => join(cache, 'schemas');
const keptFile = () => join(schemasDir(), 'k8s-v1.32.0.js');

describe('validate --manifests with the schema cache', () => {
  it(
    'gives the findings of --no-cache cold, warm and after the cache files were corrupted',
    async () => {
      const plain = await validate('--no-cache');
      expect(readdirSync(cache)).toEqual([]);
      const findings = (plain as { findings: { rule: string }[] }).findings;
      expect(findings.length).toBeGreaterThan(20);
      for (const rule of ['schema', 'schema.unknown-field', 'schema.cel', 'schema.crd']) expect(findings.some((f) => f.rule === rule), rule).toBe(true);

      expect(await validate()).toEqual(plain);
      const written = statSync(keptFile()).mtimeMs;
      const crdFiles = readdirSync(schemasDir()).filter((f) => f.startsWith('crd-'));
      expect(crdFiles.length).toBeGreaterThanOrEqual(2);

      expect(await validate()).toEqual(plain);
      expect(statSync(keptFile()).mtimeMs, 'a warm run compiles nothing and writes nothing').toBe(written);

      truncateSync(keptFile(), 1000);
      for (const f of crdFiles) writeFileSync(join(schemasDir(), f), readFileSync(join(schemasDir(), f), 'utf8').replace(/"string"/g, '"integer"'));
      expect(await validate()).toEqual(plain);
      expect(statSync(keptFile()).size, 'written again').toBeGreaterThan(1000);
      expect(readFileSync(keptFile(), 'utf8')).toMatch(/^\/\/ tkts schema cache [0-9a-f]{64} [0-9a-f]{64}\n/);
      expect(await validate()).toEqual(plain);
    },
    CASE_TIMEOUT_MS,
  );
});
