// What every API-server rule module shares: a collector of issues with the rule ids the API server's
// kinds of error map to, and small accessors that never throw on ill-typed input (the schema check
// reports wrong types; these rules only judge values of the right type).

import { preview, type PathSegment } from '../paths.js';
import type { JsonObject, JsonValue, SchemaIssue } from '../types.js';

export type Path = PathSegment[];

export class Checker {
  readonly issues: SchemaIssue[] = [];

  constructor(private readonly ruleOverride?: string) {}

  private add(rule: string, path: Path, message: string): void {
    this.issues.push({ rule: this.ruleOverride ?? rule, severity: 'error', message, path });
  }

  /** A value the API server refuses. */
  invalid(path: Path, message: string): void {
    this.add('schema.invalid', path, message);
  }

  /** `value` is shown in the message: `"Server" must be a lowercase RFC 1123 label`. */
  bad(path: Path, value: unknown, reason: string | undefined): void {
    if (reason) this.invalid(path, `${preview(value)} ${reason}`);
  }

  required(path: Path, message: string): void {
    this.add('schema.required', path, message);
  }

  forbidden(path: Path, message: string): void {
    this.add('schema.forbidden', path, message);
  }

  duplicate(path: Path, message: string): void {
    this.add('schema.duplicate', path, message);
  }

  /** `value` must be one of `allowed` when set. */
  oneOf(path: Path, value: JsonValue | undefined, allowed: readonly string[]): void {
    if (typeof value === 'string' && !allowed.includes(value)) this.invalid(path, `${preview(value)} is not one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }

  /** Integer fields that must be at least `min` when set. */
  atLeast(path: Path, value: JsonValue | undefined, min: number): void {
    if (typeof value === 'number' && value < min) this.invalid(path, `${value} must be ${min === 0 ? 'zero or more' : `at least ${min}`}`);
  }
}

export function obj(v: JsonValue | undefined): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
}

export function arr(v: JsonValue | undefined): JsonValue[] {
  return Array.isArray(v) ? v : [];
}

/** Objects of a list with their index (other entries are the schema's business). */
export function objects(v: JsonValue | undefined): [JsonObject, number][] {
  const out: [JsonObject, number][] = [];
  arr(v).forEach((x, i) => {
    const o = obj(x);
    if (o) out.push([o, i]);
  });
  return out;
}

export function str(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: JsonValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** Set and not empty: the API server treats "" and [] like unset. */
export function present(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null || v === '' || v === false) return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

