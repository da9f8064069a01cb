// The validation engine: objects in, findings out. It depends on neither the
// Jsonnet engine nor charts; callers evaluate environments and pass plain
// objects with whatever source info they have.
//
//   const v = await Validator.create({ kubernetesVersion: '1.32' });
//   const result = v.validate(objects, { environment: 'environments/dev' });

import { CrdIndex, isCrd } from './crds.js';
import { buildItem, isClusterScopedKind, isObj, type Item } from './model.js';
import { splitApiVersion } from './schemas.js';
import { checkS3Isolation } from './s3-isolation.js';
import type { OpenApiSourceOptions } from './openapi-source.js';
import { formatPath, type PathSegment } from './paths.js';
import { checkContainers, checkCredentialObjects, checkDuplicates, checkLabels, checkProduction, type Report } from './policies.js';
import { checkReferences } from './references.js';
import { RULES, SKIP_PREFIX, ruleInfo } from './rules.js';
import { BuiltinSchemas } from './schemas.js';
import type { Finding, InputObject, JsonObject, ObjectRef, SchemaIssue, SourceInfo, ValidateOptions, ValidationResult } from './types.js';

export * from './types.js';
export { BuiltinSchemas } from './schemas.js';
export { loadDefinitionsText, pinnedVersion } from './openapi-source.js';

/** `production`, `prod-eu`, `environments/production-canary` count as production. */
export function isProductionName(environment: string | undefined): boolean {
  return !!environment && /(^|[/_.-])prod(uction)?($|[/_.-])/i.test(environment);
}

function refOf(obj: unknown, index: number, defaultNamespace: string | undefined, clusterScopedCustom: Set<string>): ObjectRef {
  const ref: ObjectRef = { index };
  if (!isObj(obj)) return ref;
  if (typeof obj.apiVersion === 'string') ref.apiVersion = obj.apiVersion;
  if (typeof obj.kind === 'string') ref.kind = obj.kind;
  const md = isObj(obj.metadata) ? obj.metadata : undefined;
  if (md && typeof md.name === 'string') ref.name = md.name;
  if (md && typeof md.namespace === 'string') ref.namespace = md.namespace;
  else if (defaultNamespace && ref.kind && !isClusterScopedKind(ref.kind) && !clusterScopedCustom.has(`${splitApiVersion(ref.apiVersion ?? '').group}/${ref.kind}`)) {
    ref.namespace = defaultNamespace;
  }
  return ref;
}

function locate(source: SourceInfo | undefined, path: PathSegment[]): { file?: string; line?: number; column?: number } {
  if (!source) return {};
  const out: { file?: string; line?: number; column?: number } = {};
  if (source.file) out.file = source.file;
  if (source.locate) {
    // The deepest part of the path that exists in the source.
    for (let n = path.length; n >= 0; n--) {
      const pos = source.locate(path.slice(0, n));
      if (pos) return { ...out, line: pos.line, column: pos.column };
    }
  }
  if (source.line !== undefined) out.line = source.line;
  if (source.column !== undefined) out.column = source.column;
  return out;
}

/** Opt-outs of an object: rule id → reason (maybe empty). Pod template annotations count too. */
function optOuts(item: Item): Map<string, { reason: string; where: PathSegment[] }> {
  const out = new Map<string, { reason: string; where: PathSegment[] }>();
  const scan = (annotations: Record<string, string>, where: PathSegment[]) => {
    for (const [k, v] of Object.entries(annotations)) {
      if (k.startsWith(SKIP_PREFIX)) out.set(k.slice(SKIP_PREFIX.length), { reason: v.trim(), where: [...where, k] });
    }
  };
  scan(item.annotations, ['metadata', 'annotations']);
  if (item.pod && item.pod.specPath.length > 1) scan(item.pod.annotations, [...item.pod.specPath.slice(0, -1), 'metadata', 'annotations']);
  return out;
}

interface ValidatorCreateOptions extends OpenApiSourceOptions {
  kubernetesVersion?: string;
  /** Keep compiled schemas in the cache folder and reuse them (default true). */
  schemaCache?: boolean;
}

export class Validator {
  constructor(readonly schemas: BuiltinSchemas) {}

  static async create(opts: ValidatorCreateOptions = {}): Promise<Validator> {
    return new Validator(await BuiltinSchemas.load(opts.kubernetesVersion, opts));
  }

  validate(inputs: InputObject[], opts: ValidateOptions = {}): ValidationResult {
    const t0 = performance.now();
    const environment = opts.environment ?? inputs.find((i) => i.source?.environment)?.source?.environment;
    const production = opts.production ?? isProductionName(environment);
    const external = opts.external ?? {};
    const defaultNamespace = opts.defaultNamespace ?? 'default';
    const findings: Finding[] = [];
    const items: (Item | undefined)[] = new Array(inputs.length);
    const clusterScopedCustom = new Set<string>();

    const emit = (index: number, rule: string, message: string, path: PathSegment[], severity?: 'error' | 'warning') => {
      const override = opts.rules?.[rule];
      if (override === 'off') return;
      const input = inputs[index]!;
      const object = refOf(input.object, index, defaultNamespace, clusterScopedCustom);
      if (input.source?.file) object.file = input.source.file;
      if (input.source?.line !== undefined) object.line = input.source.line;
      const f: Finding = {
        rule,
        severity: override ?? severity ?? ruleInfo(rule).severity,
        message,
        object,
        ...locate(input.source, path),
      };
      if (path.length) f.path = formatPath(path);
      const env = input.source?.environment ?? environment;
      if (env) f.environment = env;
      findings.push(f);
    };

    // 1. Well-formedness, and the CRDs among the objects.
    const wellFormed: { obj: JsonObject; index: number }[] = [];
    inputs.forEach((input, index) => {
      const obj = input.object;
      if (!isObj(obj)) {
        emit(index, 'schema.malformed', `expected an object, got ${Array.isArray(obj) ? 'an array' : obj === null ? 'null' : typeof obj}`, []);
        return;
      }
      const missing = ['apiVersion', 'kind'].filter((f) => typeof obj[f] !== 'string' || obj[f] === '');
      if (missing.length) {
        emit(index, 'schema.malformed', `object has no ${missing.join(' and ')}`, [missing[0]!]);
        return;
      }
      wellFormed.push({ obj, index });
    });
    const crds = new CrdIndex(this.schemas, wellFormed, external);
    crds.compileAll();
    for (const { obj } of wellFormed) {
      if (!isCrd(obj)) continue;
      const spec = isObj(obj.spec) ? obj.spec : {};
      const names = isObj(spec.names) ? spec.names : {};
      if (spec.scope === 'Cluster' && typeof spec.group === 'string' && typeof names.kind === 'string') clusterScopedCustom.add(`${spec.group}/${names.kind}`);
    }

    // 2. Schemas.
    const compileBefore = this.schemas.compileMs;
    const tSchema = performance.now();
    for (const { obj, index } of wellFormed) {
      const apiVersion = obj.apiVersion as string;
      const kind = obj.kind as string;
      let issues: SchemaIssue[];
      try {
        issues = this.schemas.validateBuiltin(obj, apiVersion, kind) ?? crds.validate(obj, apiVersion, kind);
      } catch (e) {
        issues = [{ rule: 'schema', severity: 'error', message: `could not validate: ${(e as Error).message}`, path: [] }];
      }
      for (const i of issues) emit(index, i.rule, i.message, i.path, i.severity);
      for (const i of crds.crdIssues.get(index) ?? []) emit(index, i.rule, i.message, i.path, i.severity);
      items[index] = buildItem(index, obj, inputs[index]!.source, clusterScopedCustom, defaultNamespace);
    }

    const schemaMs = performance.now() - tSchema;
    const compileMs = this.schemas.compileMs - compileBefore;
    const tPolicies = performance.now();

    // 3. Policies and references, collected per object so opt-outs can be applied.
    const pending: { item: Item; rule: string; message: string; path: PathSegment[] }[] = [];
    const report: Report = (item, rule, message, path) => pending.push({ item, rule, message, path });
    const all = items.filter((x): x is Item => x !== undefined);
    const guarded = (what: string, fn: () => void, item?: Item) => {
      try {
        fn();
      } catch (e) {
        // A check must never take the run down: report where it failed instead.
        emit(item?.index ?? 0, 'internal', `${what} failed: ${(e as Error).stack ?? e}`, [], 'error');
      }
    };
    for (const item of all) {
      guarded('container policies', () => checkContainers(item, report), item);
      guarded('label policy', () => checkLabels(item, report), item);
      guarded('credential policies', () => checkCredentialObjects(item, production, report), item);
    }
    const where = (item: Item) => {
      const s = item.source;
      return s?.file ? `${s.file}${s.line ? `:${s.line}` : ''}` : `object #${item.index + 1}`;
    };
    guarded('duplicate check', () => checkDuplicates(all, report, where));
    guarded('S3 isolation rules', () => checkS3Isolation(all, opts.s3Stores ?? [], report));
    if (production) guarded('production rules', () => checkProduction(all, report));
    const tReferences = performance.now();
    guarded('reference checks', () => checkReferences(all, external, report));
    const referencesMs = performance.now() - tReferences;
    const policiesMs = tReferences - tPolicies;

    const optOutCache = new Map<number, Map<string, { reason: string; where: PathSegment[] }>>();
    for (const item of all) {
      const o = optOuts(item);
      if (o.size === 0) continue;
      optOutCache.set(item.index, o);
      for (const [rule, { reason, where: at }] of o) {
        if (!RULES.has(rule)) emit(item.index, 'opt-out-unknown-rule', `opt-out names unknown rule "${rule}"`, at);
        else if (!RULES.get(rule)!.optOut) emit(item.index, 'opt-out-unknown-rule', `rule "${rule}" cannot be opted out of`, at);
        else if (!reason) emit(item.index, 'opt-out-reason', `opt-out of "${rule}" gives no reason (the annotation value must say why)`, at);
      }
    }
    for (const p of pending) {
      const o = optOutCache.get(p.item.index)?.get(p.rule);
      if (o && o.reason && ruleInfo(p.rule).optOut) continue;
      emit(p.item.index, p.rule, p.message, p.path);
    }

    findings.sort((a, b) => a.object.index - b.object.index || (a.path ?? '').localeCompare(b.path ?? '') || a.rule.localeCompare(b.rule));
    const result: ValidationResult = { objects: inputs.length, findings, elapsedMs: performance.now() - t0, timings: { schemaMs, compileMs, policiesMs, referencesMs } };
    if (environment) result.environment = environment;
    result.kubernetesVersion = this.schemas.version;
    this.schemas.saveCompiled();
    return result;
  }
}

