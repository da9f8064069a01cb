// The values a template works on, as Go's reflection sees them: JSON data (float64, string, bool,
// []interface{}, map[string]interface{}), integers written in the template (Go's int), no value and nil.
// How they print (fmt's %v), what counts as true, and the error type of the whole package.

import type { JsonValue } from '../json.js';
import { formatFloatG } from '../strconv.js';

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** An integer constant written in the template (Go `int`), as opposed to JSON's float64. */
export class GoInt {
  constructor(readonly v: number) {}
}

/** undefined = Go's invalid reflect.Value ("no value"); null = a nil interface. */
export type TValue = JsonValue | undefined | GoInt;

export function isMap(v: TValue): v is { [k: string]: JsonValue } {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof GoInt);
}

export function goType(v: TValue): string {
  if (v === undefined || v === null) return '<nil>';
  if (v instanceof GoInt) return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** fmt's %v. */
export function fmtValue(v: TValue): string {
  if (v === undefined || v === null) return '<nil>';
  if (v instanceof GoInt) return String(v.v);
  if (typeof v === 'number') return formatFloatG(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(fmtValue).join(' ')}]`;
  return `map[${Object.keys(v).sort().map((k) => `${k}:${fmtValue(v[k])}`).join(' ')}]`;
}

/** How text/template prints a pipeline's result. */
export function printResult(v: TValue): string {
  if (v === undefined || v === null) return '<no value>';
  return fmtValue(v);
}

export function truth(v: TValue): boolean {
  if (v === undefined || v === null) return false;
  if (v instanceof GoInt) return v.v !== 0;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

export function num(v: TValue): number | null {
  if (v instanceof GoInt) return v.v;
  if (typeof v === 'number') return v;
  return null;
}
