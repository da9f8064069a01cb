// Validation of custom resources by walking the (converted) CRD schema.
//
// Why not Ajv here: operator CRDs are huge (Prometheus, Alertmanager, KEDA
// ScaledJob: 300-500 KB of schema each) and an environment has one or a few
// resources of each, so compiling them costs seconds (measured 2-4 s each with
// Ajv) for microseconds of validation. Walking the schema costs nothing up
// front. Built-in kinds, with many objects per kind, stay on compiled Ajv.
//
// Patterns are Go (RE2) regular expressions, matched in linear time by gocompat/re2 (the API
// server checks them with Go's regexp), so a pattern like `^(a+)+$` cannot hang validation.

import { GoRegexp } from '../gocompat/re2.js';
import { CelRules, celValue, fieldPathSegments, type CelRule } from './cel.js';
import { didYouMean, preview, type PathSegment } from './paths.js';
import type { SchemaIssue } from './types.js';

type Schema = Record<string, unknown>;

const FORMATS: Record<string, (s: string) => boolean> = {
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s),
  byte: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s),
  int32: () => true,
  int64: () => true,
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(types: string[], v: unknown): boolean {
  const t = typeOf(v);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Schema)[k], (b as Schema)[k]));
}

type RefValidator = (ref: string, data: unknown, path: PathSegment[]) => SchemaIssue[];

/** One CEL environment for all CRDs: compiled rules are cached by their text. */
const celRules = new CelRules();

export class CrdValidator {
  constructor(
    private readonly schema: Schema,
    private readonly ref: RefValidator,
  ) {}

  validate(data: unknown): SchemaIssue[] {
    const out: SchemaIssue[] = [];
    this.walk(this.schema, data, [], out);
    return out;
  }

  private walk(s: Schema, v: unknown, path: PathSegment[], out: SchemaIssue[]): void {
    const issue = (message: string, rule = 'schema', at: PathSegment[] = path) => out.push({ rule, severity: 'error', message, path: at });
    if (typeof s.$ref === 'string') {
      out.push(...this.ref(s.$ref, v, path));
      return;
    }
    if (s.type !== undefined) {
      const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
      if (!typeMatches(types, v)) {
        issue(`expected ${types.filter((t) => t !== 'null').join(' or ')}, got ${typeOf(v) === 'integer' ? 'number' : typeOf(v)} ${preview(v)}`);
        return;
      }
    }
    if (v === null) return;
    if (Array.isArray(s['x-kubernetes-validations'])) this.celIssues(s, v, path, out);
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) {
      issue(`${preview(v)} is not one of ${s.enum.filter((x) => x !== null).map((x) => JSON.stringify(x)).join(', ')}`);
    }
    if (typeof v === 'string') {
      if (typeof s.pattern === 'string' && !GoRegexp.compile(s.pattern).matchString(v)) issue(`must match pattern "${s.pattern}" (got ${preview(v)})`);
      if (typeof s.maxLength === 'number' && [...v].length > s.maxLength) issue(`must NOT have more than ${s.maxLength} characters (got ${preview(v)})`);
      if (typeof s.minLength === 'number' && [...v].length < s.minLength) issue(`must NOT have fewer than ${s.minLength} characters (got ${preview(v)})`);
      if (typeof s.format === 'string' && FORMATS[s.format] && !FORMATS[s.format]!(v)) issue(`${preview(v)} is not a valid ${s.format}`);
    } else if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && (s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum)) issue(`must be ${s.exclusiveMinimum === true ? '>' : '>='} ${s.minimum} (got ${v})`);
      if (typeof s.maximum === 'number' && (s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum)) issue(`must be ${s.exclusiveMaximum === true ? '<' : '<='} ${s.maximum} (got ${v})`);
      if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf)) issue(`must be a multiple of ${s.multipleOf} (got ${v})`);
    } else if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) issue(`must NOT have fewer than ${s.minItems} items`);
      if (typeof s.maxItems === 'number' && v.length > s.maxItems) issue(`must NOT have more than ${s.maxItems} items`);
      if (s.uniqueItems === true) {
        for (let i = 1; i < v.length; i++) if (v.slice(0, i).some((x) => deepEqual(x, v[i]))) issue(`must NOT have duplicate items (item ${i} repeats an earlier one)`);
      }
      if (typeof s.items === 'object' && s.items !== null) v.forEach((x, i) => this.walk(s.items as Schema, x, [...path, i], out));
    } else if (typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string' && !(r in obj)) issue(`missing required field "${r}"`, 'schema.required');
      const keys = Object.keys(obj);
      if (typeof s.minProperties === 'number' && keys.length < s.minProperties) issue(`must NOT have fewer than ${s.minProperties} properties`);
      if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) issue(`must NOT have more than ${s.maxProperties} properties`);
      for (const k of keys) {
        const ps = props[k];
        if (ps) this.walk(ps, obj[k], [...path, k], out);
        else if (s.additionalProperties === false) {
          const guess = didYouMean(k, Object.keys(props));
          issue(`unknown field "${k}"${guess ? ` (did you mean "${guess}"?)` : ''}`, 'schema.unknown-field', [...path, k]);
        } else if (typeof s.additionalProperties === 'object' && s.additionalProperties !== null) this.walk(s.additionalProperties as Schema, obj[k], [...path, k], out);
      }
    }
    // Value constraints (structural schemas never declare fields in these).
    if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) this.walk(sub, v, path, out);
    if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => this.passes(sub, v))) issue('does not match any of the allowed forms (anyOf)');
    if (Array.isArray(s.oneOf)) {
      const n = (s.oneOf as Schema[]).filter((sub) => this.passes(sub, v)).length;
      if (n !== 1) issue(n === 0 ? 'does not match any of the allowed forms (oneOf)' : 'matches more than one of the exclusive forms (oneOf)');
    }
    if (typeof s.not === 'object' && s.not !== null && this.passes(s.not as Schema, v)) issue('matches a form that is not allowed (not)');
  }

  /** The CEL rules at this node, with `self` the value here (defaults applied). */
  private celIssues(s: Schema, v: unknown, path: PathSegment[], out: SchemaIssue[]): void {
    const self = celValue(s, v);
    for (const rule of s['x-kubernetes-validations'] as CelRule[]) {
      if (typeof rule?.rule !== 'string') continue;
      // Transition rules compare with the stored object; there is none on create.
      if (/\boldSelf\b/.test(rule.rule)) continue;
      const outcome = celRules.evaluate(rule, self);
      const at = typeof rule.fieldPath === 'string' ? [...path, ...fieldPathSegments(rule.fieldPath)] : path;
      if (outcome.kind === 'fail') out.push({ rule: 'schema.cel', severity: 'error', message: outcome.message, path: at });
      else if (outcome.kind === 'unsupported') out.push({ rule: 'schema.cel-unsupported', severity: 'warning', message: outcome.message, path: at });
    }
  }

  private passes(s: Schema, v: unknown): boolean {
    const out: SchemaIssue[] = [];
    this.walk(s, v, [], out);
    return out.length === 0;
  }
}
