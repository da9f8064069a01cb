// The sprig functions (github.com/Masterminds/sprig v3) that Tanka's name formats use: defaults,
// string case and trimming, quoting, lists, hashes, paths. Written from sprig's documentation.

import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { title } from '../strings.js';
import { quote } from '../strconv.js';
import { arity, wantInt, wantString, type Fn } from './funcs.js';
import { kebabCase, pascalCase, snakeCase } from './snakecase.js';
import { fmtValue, goType, TemplateError, truth, type TValue } from './value.js';

/** sprig's strval: strings as-is, nil as "", everything else through %v. */
function strval(v: TValue): string {
  if (v === undefined || v === null) return '';
  return fmtValue(v);
}

export const SPRIG: Record<string, Fn> = {
  default: (args, n) => {
    if (args.length < 1) throw new TemplateError(`wrong number of args for ${n}: want at least 1 got 0`);
    const given = args.length > 1 ? args[1] : undefined;
    return truth(given) ? given : args[0];
  },
  empty: (args) => !truth(args[0]),
  lower: (args, n) => {
    arity(n, args, 1);
    return wantString(args[0], n, 0).toLowerCase();
  },
  upper: (args, n) => {
    arity(n, args, 1);
    return wantString(args[0], n, 0).toUpperCase();
  },
  title: (args, n) => {
    arity(n, args, 1);
    return title(wantString(args[0], n, 0));
  },
  replace: (args, n) => {
    arity(n, args, 3);
    return wantString(args[2], n, 2).split(wantString(args[0], n, 0)).join(wantString(args[1], n, 1));
  },
  trim: (args, n) => {
    arity(n, args, 1);
    return wantString(args[0], n, 0).replace(/^\s+|\s+$/gu, '');
  },
  trimAll: (args, n) => {
    arity(n, args, 2);
    const cut = new Set(Array.from(wantString(args[0], n, 0)));
    const chars = Array.from(wantString(args[1], n, 1));
    let a = 0;
    let b = chars.length;
    while (a < b && cut.has(chars[a])) a++;
    while (b > a && cut.has(chars[b - 1])) b--;
    return chars.slice(a, b).join('');
  },
  trimPrefix: (args, n) => {
    arity(n, args, 2);
    const p = wantString(args[0], n, 0);
    const s = wantString(args[1], n, 1);
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  trimSuffix: (args, n) => {
    arity(n, args, 2);
    const p = wantString(args[0], n, 0);
    const s = wantString(args[1], n, 1);
    return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  },
  snakecase: (args, n) => {
    arity(n, args, 1);
    return snakeCase(wantString(args[0], n, 0));
  },
  camelcase: (args, n) => {
    arity(n, args, 1);
    return pascalCase(wantString(args[0], n, 0));
  },
  kebabcase: (args, n) => {
    arity(n, args, 1);
    return kebabCase(wantString(args[0], n, 0));
  },
  substr: (args, n) => {
    arity(n, args, 3);
    const start = wantInt(args[0], n, 0);
    const end = wantInt(args[1], n, 1);
    const s = wantString(args[2], n, 2);
    // sprig works on bytes; names are ASCII in practice.
    if (start < 0) return s.slice(0, end);
    if (end < 0 || end > s.length) return s.slice(start);
    return s.slice(start, end);
  },
  trunc: (args, n) => {
    arity(n, args, 2);
    const c = wantInt(args[0], n, 0);
    const s = wantString(args[1], n, 1);
    if (c < 0 && s.length + c > 0) return s.slice(s.length + c);
    if (c >= 0 && s.length > c) return s.slice(0, c);
    return s;
  },
  contains: (args, n) => {
    arity(n, args, 2);
    return wantString(args[1], n, 1).includes(wantString(args[0], n, 0));
  },
  hasPrefix: (args, n) => {
    arity(n, args, 2);
    return wantString(args[1], n, 1).startsWith(wantString(args[0], n, 0));
  },
  hasSuffix: (args, n) => {
    arity(n, args, 2);
    return wantString(args[1], n, 1).endsWith(wantString(args[0], n, 0));
  },
  quote: (args) => args.filter((a) => a !== undefined && a !== null).map((a) => quote(strval(a))).join(' '),
  squote: (args) => args.filter((a) => a !== undefined && a !== null).map((a) => `'${strval(a)}'`).join(' '),
  join: (args, n) => {
    arity(n, args, 2);
    const sep = wantString(args[0], n, 0);
    const v = args[1];
    if (Array.isArray(v)) return v.map((x) => strval(x)).join(sep);
    return strval(v);
  },
  splitList: (args, n) => {
    arity(n, args, 2);
    return wantString(args[1], n, 1).split(wantString(args[0], n, 0));
  },
  toString: (args: TValue[], n: string) => {
    arity(n, args, 1);
    return strval(args[0]);
  },
  trimall: (args, n) => SPRIG.trimAll(args, n),
  repeat: (args, n) => {
    arity(n, args, 2);
    return wantString(args[1], n, 1).repeat(Math.max(0, wantInt(args[0], n, 0)));
  },
  nospace: (args, n) => {
    arity(n, args, 1);
    return wantString(args[0], n, 0).replace(/\s+/gu, '');
  },
  cat: (args) => args.filter((a) => a !== undefined && a !== null).map(strval).join(' '),
  coalesce: (args) => args.find((a) => truth(a)) ?? null,
  ternary: (args, n) => {
    arity(n, args, 3);
    const cond = args[2];
    if (typeof cond !== 'boolean') {
      throw new TemplateError(`error calling ${n}: wrong type for value; expected bool; got ${goType(cond)} (argument 2)`);
    }
    return cond ? args[0] : args[1];
  },
  sha256sum: (args, n) => {
    arity(n, args, 1);
    return createHash('sha256').update(wantString(args[0], n, 0), 'utf8').digest('hex');
  },
  b64enc: (args, n) => {
    arity(n, args, 1);
    return Buffer.from(wantString(args[0], n, 0), 'utf8').toString('base64');
  },
  base: (args, n) => {
    arity(n, args, 1);
    return posix.basename(wantString(args[0], n, 0)) || '.';
  },
  dir: (args, n) => {
    arity(n, args, 1);
    return posix.dirname(wantString(args[0], n, 0));
  },
  ext: (args, n) => {
    arity(n, args, 1);
    return posix.extname(wantString(args[0], n, 0));
  },
  env: (args, n) => {
    arity(n, args, 1);
    return process.env[wantString(args[0], n, 0)] ?? '';
  },
};
