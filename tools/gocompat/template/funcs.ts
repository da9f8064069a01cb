// text/template's predefined functions (Go's funcs.go): print, printf, println, not, len, index and
// the comparisons; `and` and `or` short-circuit, so exec.ts evaluates them itself.

import { sprint, sprintf } from './fmt.js';
import { fmtValue, GoInt, goType, isMap, num, TemplateError, truth, type TValue } from './value.js';

export type Fn = (args: TValue[], name: string) => TValue;

export function wantString(v: TValue, fn: string, i: number): string {
  if (typeof v === 'string') return v;
  throw new TemplateError(`error calling ${fn}: wrong type for value; expected string; got ${goType(v)} (argument ${i})`);
}

export function wantInt(v: TValue, fn: string, i: number): number {
  if (v instanceof GoInt) return v.v;
  throw new TemplateError(`error calling ${fn}: wrong type for value; expected int; got ${goType(v)} (argument ${i})`);
}

export function arity(name: string, args: TValue[], n: number): void {
  if (args.length !== n) throw new TemplateError(`wrong number of args for ${name}: want ${n} got ${args.length}`);
}

function compareBasic(a: TValue, b: TValue, name: string): number {
  const an = num(a);
  const bn = num(b);
  if (an !== null && bn !== null && (a instanceof GoInt) === (b instanceof GoInt)) return an < bn ? -1 : an > bn ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean' && (name === 'eq' || name === 'ne')) return a === b ? 0 : 1;
  if (a === undefined || a === null || b === undefined || b === null) {
    if (name === 'eq' || name === 'ne') return a === b || ((a === null || a === undefined) && (b === null || b === undefined)) ? 0 : 1;
  }
  throw new TemplateError(`error calling ${name}: incompatible types for comparison`);
}

export const BUILTINS: Record<string, Fn> = {
  print: (args) => sprint(args),
  println: (args) => args.map(fmtValue).join(' ') + '\n',
  printf: (args, n) => {
    if (args.length < 1) throw new TemplateError(`wrong number of args for ${n}: want at least 1 got 0`);
    return sprintf(wantString(args[0], n, 0), args.slice(1));
  },
  not: (args, n) => {
    arity(n, args, 1);
    return !truth(args[0]);
  },
  len: (args, n) => {
    arity(n, args, 1);
    const v = args[0];
    if (typeof v === 'string') return new GoInt(Buffer.byteLength(v, 'utf8'));
    if (Array.isArray(v)) return new GoInt(v.length);
    if (isMap(v)) return new GoInt(Object.keys(v).length);
    throw new TemplateError(`error calling len: len of type ${goType(v)}`);
  },
  index: (args) => {
    let v = args[0];
    for (const k of args.slice(1)) {
      if (Array.isArray(v)) {
        const i = num(k);
        if (i === null || !Number.isInteger(i)) throw new TemplateError('error calling index: cannot index slice/array with type ' + goType(k));
        if (i < 0 || i >= v.length) throw new TemplateError(`error calling index: index out of range: ${i}`);
        v = v[i];
      } else if (isMap(v)) {
        if (typeof k !== 'string') throw new TemplateError(`error calling index: value has type ${goType(k)}; should be string`);
        v = Object.prototype.hasOwnProperty.call(v, k) ? v[k] : null;
      } else if (v === undefined || v === null) {
        throw new TemplateError('error calling index: index of untyped nil');
      } else {
        throw new TemplateError(`error calling index: can't index item of type ${goType(v)}`);
      }
    }
    return v;
  },
  eq: (args, n) => {
    if (args.length < 2) throw new TemplateError(`missing argument for comparison`);
    return args.slice(1).some((b) => compareBasic(args[0], b, n) === 0);
  },
  ne: (args, n) => {
    arity(n, args, 2);
    return compareBasic(args[0], args[1], n) !== 0;
  },
  lt: (args, n) => compareBasic(args[0], args[1], n) < 0,
  le: (args, n) => compareBasic(args[0], args[1], n) <= 0,
  gt: (args, n) => compareBasic(args[0], args[1], n) > 0,
  ge: (args, n) => compareBasic(args[0], args[1], n) >= 0,
};
