// Compiled schemas kept on disk (tools/validate/schema-cache.ts): validators read back from the cache
// give the same findings as validators compiled in the process, on the project's rendered environments
// (tests/golden), the CRDs of the vendored charts and thousands of mutated objects; every part of the
// key recompiles; corrupt files are ignored and written again.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinSchemas, loadDefinitionsText, Validator, type Finding, type InputObject, type JsonObject } from '../../tools/validate/index.js';
import { SchemaCache, schemaCodeDigest } from '../../tools/validate/schema-cache.js';
import { MIRROR } from './helpers.js';
import { repoRoot } from '../helpers/ref-tools.js';

type Obj = { [k: string]: any };
const VERSION = '1.32.0';
const ENVS = ['local', 'dev', 'staging', 'production', 'production-canary'];

let definitions: Record<string, Record<string, unknown>>;
let digest: string;
let dir: string;
const cleanups: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tkts-schema-cache-'));
  cleanups.push(d);
  return d;
}

function schemas(cacheRoot: string | undefined, opts: { definitionsDigest?: string; code?: string } = {}): BuiltinSchemas {
  const keep = cacheRoot === undefined ? undefined : { cache: new SchemaCache(cacheRoot, opts.code), definitionsDigest: opts.definitionsDigest ?? digest };
  return new BuiltinSchemas(VERSION, definitions, keep);
}

/** Objects of a rendered environment (the goldens replace CRD specs by digests: those are left out). */
function golden(env: string): Obj[] {
  const docs = parseAllDocuments(readFileSync(join(repoRoot, 'tests/golden', `${env}.yaml`), 'utf8'));
  return docs.map((d) => d.toJS() as Obj).filter((o) => o && o.kind !== 'CustomResourceDefinition');
}

/** CRDs shipped as plain YAML in the vendored charts (`crds/` folders). */
function chartCrds(): Obj[] {
  const charts = join(repoRoot, 'charts');
  if (!existsSync(join(charts, 'loki', 'Chart.yaml'))) throw new Error('charts/ is missing: run `npm run vendor` (CHART_MIRROR=../shared/charts-mirror)');
  const out: Obj[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\/crds\/[^/]+\.ya?ml$/.test(p)) {
        for (const doc of parseAllDocuments(readFileSync(p, 'utf8'))) {
          const o = doc.errors.length ? undefined : (doc.toJS() as Obj);
          if (o?.kind === 'CustomResourceDefinition') out.push(o);
        }
      }
    }
  };
  walk(charts);
  return out;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A copy of `obj` with a few mistakes at random places: unknown fields, wrong types, values beyond
 * int32, strings that are no quantity, base64, date or enum value.
 */
function mutate(obj: Obj, next: () => number): Obj {
  const copy = structuredClone(obj);
  const places: { parent: Obj; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return;
    for (const [k, x] of Object.entries(v)) {
      places.push({ parent: v as Obj, key: Array.isArray(v) ? Number(k) : k });
      walk(x);
    }
  };
  walk(copy);
  for (let n = 0; n < 3 && places.length; n++) {
    const { parent, key } = places[Math.floor(next() * places.length)]!;
    const v = parent[key];
    const pick = <T,>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
    if (typeof v === 'string') parent[key] = pick([12345, 'Sometimes', '%%% not base64', 'lots of cpu', '2024-13-45', true]);
    else if (typeof v === 'number') parent[key] = pick(['7', 2 ** 40, 1.5, -1, null]);
    else if (typeof v === 'boolean') parent[key] = pick(['yes', 0]);
    else if (Array.isArray(v)) parent[key] = pick([{}, [...v, { unknownItemField: 1 }], 'x']);
    else if (typeof v === 'object' && v !== null) v[pick(['unknownField', 'replica', 'contianers'])] = pick([1, 'x', {}]);
  }
  return copy;
}

/**
 * Every environment's objects with the charts' CRDs beside them, and a mutated copy of every object of
 * dev (the others mostly repeat its objects).
 */
function inputSets(): InputObject[][] {
  const crds = chartCrds();
  const next = random(15);
  const badSecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { key: '%%% not base64' } };
  return ENVS.map((env) => {
    const objects = [...golden(env), ...crds];
    const mutants = env === 'dev' ? [...objects.map((o) => mutate(o, next)), deployment, badSecret] : [];
    return [...objects, ...mutants].map((object) => ({ object: object as JsonObject, source: { environment: env } }));
  });
}

function findingsOf(v: Validator, sets: InputObject[][]): Finding[][] {
  return sets.map((inputs) => v.validate(inputs, { environment: inputs[0]!.source!.environment, external: { crdGroups: ['external-secrets.io'] } }).findings);
}

/** A cache folder holding the Deployment's validators. */
function primed(): string {
  const d = tempDir();
  const s = schemas(d);
  s.validateBuiltin(deployment as JsonObject, 'apps/v1', 'Deployment');
  s.saveCompiled();
  return d;
}

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 ** 40, selector: {}, template: { spec: { containers: [{ name: 'a', imagePullPolicy: 'Sometimes', resources: { limits: { cpu: 'lots' } } }] } } } };

beforeAll(async () => {
  const text = await loadDefinitionsText(VERSION, { mirror: MIRROR });
  definitions = (JSON.parse(text) as { definitions: typeof definitions }).definitions;
  digest = createHash('sha256').update(text).digest('hex');
  dir = tempDir();
});

afterAll(() => {
  for (const d of cleanups) rmSync(d, { recursive: true, force: true });
});

describe('findings with and without the schema cache', () => {
  it('are the same on the rendered environments, the charts CRDs and their mutants: compiled here, written, read back', () => {
    const sets = inputSets();
    expect(sets.reduce((n, s) => n + s.length, 0)).toBeGreaterThan(2200);
    const plain = findingsOf(new Validator(schemas(undefined)), sets);
    // The mutants are caught by every kind of check the compiled code holds.
    for (const k of ['unknown field', 'expected ', 'missing required field', 'is not one of', 'is not a valid quantity', 'is not a valid byte', 'is not a valid int32']) {
      expect(plain.flat().some((f) => f.message.includes(k)), k).toBe(true);
    }
    expect(plain.flat().length).toBeGreaterThan(1000);

    const cold = schemas(dir);
    expect(findingsOf(new Validator(cold), sets)).toEqual(plain);
    expect(cold.compiledHere).toBeGreaterThan(20);
    expect(existsSync(join(dir, 'schemas', `k8s-v${VERSION}.js`))).toBe(true);
    expect(readdirSync(join(dir, 'schemas')).filter((f) => f.startsWith('crd-')).length).toBeGreaterThan(10);

    const warm = schemas(dir);
    expect(findingsOf(new Validator(warm), sets)).toEqual(plain);
    expect(warm.compiledHere).toBe(0);
  });

  it('formats and enums survive the standalone code', () => {
    const warm = schemas(primed());
    const issues = warm.validateBuiltin(deployment as JsonObject, 'apps/v1', 'Deployment')!;
    expect(warm.compiledHere).toBe(0);
    expect(issues.map((i) => i.message)).toEqual(schemas(undefined).validateBuiltin(deployment as JsonObject, 'apps/v1', 'Deployment')!.map((i) => i.message));
    expect(issues.map((i) => i.message).join('\n')).toMatch(/1099511627776 is not a valid int32[\s\S]*"Sometimes" is not one of[\s\S]*"lots" is not a valid quantity/);
  });
});

describe('the key', () => {
  it('other definitions recompile', () => {
    const other = schemas(dir, { definitionsDigest: 'f'.repeat(64) });
    other.validateBuiltin(deployment as JsonObject, 'apps/v1', 'Deployment');
    expect(other.compiledHere).toBeGreaterThan(0);
  });

  it('other code or another Ajv version recompiles', () => {
    const d = tempDir();
    const first = schemas(d, { code: 'code-a' });
    first.validateBuiltin(deployment as JsonObject, 'apps/v1', 'Deployment');
    first.saveCompiled();
    const same = schemas(d, { code: 'code-a' });
    same.validateBuiltin(deployment as JsonObject, 'apps/v1', 'Deployment');
    expect(same.compiledHere).toBe(0);
    const changed = schemas(d, { code: 'code-b' });
    changed.validateBuiltin(deployment as JsonObject, 'apps/v1', 'Deployment');
    expect(changed.compiledHere).toBeGreaterThan(0);

    // The code digest covers every module of the folder and Ajv's version.
    const code = tempDir();
    mkdirSync(join(code, 'apiserver'));
    writeFileSync(join(code, 'schemas.js'), 'a');
    writeFileSync(join(code, 'apiserver', 'pod.js'), 'b');
    const base = schemaCodeDigest(code, '8.20.0');
    expect(schemaCodeDigest(code, '8.20.0')).toBe(base);
    expect(schemaCodeDigest(code, '8.21.0')).not.toBe(base);
    writeFileSync(join(code, 'apiserver', 'pod.js'), 'c');
    expect(schemaCodeDigest(code, '8.20.0')).not.toBe(base);
    writeFileSync(join(code, 'apiserver', 'pod.js'), 'b');
    writeFileSync(join(code, 'new.ts'), '');
    expect(schemaCodeDigest(code, '8.20.0')).not.toBe(base);
    expect(schemaCodeDigest()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a CRD schema is converted once per content and code', () => {
    const d = tempDir();
    let conversions = 0;
    const schema = { type: 'object', properties: { spec: { type: 'object' } } };
    const convert = () => (conversions++, { converted: structuredClone(schema) });
    expect(new SchemaCache(d, 'a').convertedCrd(schema, 'ref', convert)).toEqual({ converted: schema });
    expect(new SchemaCache(d, 'a').convertedCrd(structuredClone(schema), 'ref', convert)).toEqual({ converted: schema });
    expect(conversions).toBe(1);
    new SchemaCache(d, 'b').convertedCrd(schema, 'ref', convert);
    new SchemaCache(d, 'a').convertedCrd(schema, 'other ref', convert);
    new SchemaCache(d, 'a').convertedCrd({ ...schema, required: ['spec'] }, 'ref', convert);
    expect(conversions).toBe(4);
  });
});

describe('CRDs shared by the environments of one run', () => {
  it('are converted once; the same schema with its keys in another order is another schema', () => {
    const d = tempDir();
    const cache = new SchemaCache(d, 'a');
    let conversions = 0;
    const convert = () => (conversions++, { n: conversions });
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } } };
    const first = cache.convertedCrd(schema, 'ref', convert);
    expect(cache.convertedCrd(structuredClone(schema), 'ref', convert)).toBe(first);
    expect(conversions).toBe(1);
    const reordered = { type: 'object', properties: { b: { type: 'integer' }, a: { type: 'string' } } };
    expect(cache.convertedCrd(reordered, 'ref', convert)).toEqual({ n: 2 });
    expect(cache.convertedCrd({ ...schema, properties: { ...schema.properties, a: { type: 'number' } } }, 'ref', convert)).toEqual({ n: 3 });
    expect(cache.convertedCrd(schema, 'other ref', convert)).toEqual({ n: 4 });
    expect(cache.convertedCrd([schema], 'ref', convert)).toEqual({ n: 5 });
  });
});

describe('corrupt cache files', () => {
  let dir = '';
  beforeAll(() => {
    dir = primed();
  });
  const file = () => join(dir, 'schemas', `k8s-v${VERSION}.js`);

  function expectRecompiledAndRewritten(): void {
    const s = schemas(dir);
    const issues = s.validateBuiltin(deployment as JsonObject, 'apps/v1', 'Deployment');
    expect(s.compiledHere).toBeGreaterThan(0);
    expect(issues).toEqual(schemas(undefined).validateBuiltin(deployment as JsonObject, 'apps/v1', 'Deployment'));
    s.saveCompiled();
    const again = schemas(dir);
    again.validateBuiltin(deployment as JsonObject, 'apps/v1', 'Deployment');
    expect(again.compiledHere).toBe(0);
  }

  it('a file cut short is ignored and written again', () => {
    truncateSync(file(), Math.floor(readFileSync(file()).length / 2));
    expectRecompiledAndRewritten();
  });

  it('a changed byte under an intact header is ignored', () => {
    const text = readFileSync(file(), 'utf8');
    // Still valid JavaScript, but no longer the code that was written: int32 becomes int64.
    writeFileSync(file(), text.replace('"int32"', '"int64"'));
    expect(readFileSync(file(), 'utf8')).not.toBe(text);
    expectRecompiledAndRewritten();
  });

  it('garbage and an empty file are ignored', () => {
    writeFileSync(file(), Buffer.from([0xff, 0x00, 0x0a, 0x7b]));
    expectRecompiledAndRewritten();
    writeFileSync(file(), '');
    expectRecompiledAndRewritten();
  });

  it('a corrupt CRD file is converted again', () => {
    const d = tempDir();
    let conversions = 0;
    const convert = () => (conversions++, { type: 'object' });
    new SchemaCache(d, 'a').convertedCrd({ x: 1 }, 'ref', convert);
    const [crd] = readdirSync(join(d, 'schemas'));
    writeFileSync(join(d, 'schemas', crd!), readFileSync(join(d, 'schemas', crd!), 'utf8').replace('object', 'string'));
    expect(new SchemaCache(d, 'a').convertedCrd({ x: 1 }, 'ref', convert)).toEqual({ type: 'object' });
    expect(conversions).toBe(2);
  });
});
