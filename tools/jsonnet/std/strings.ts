// Strings: codepoint/char, substr, findSubstr, startsWith/endsWith,
// (l/r)stripChars, trim, split/splitLimit/splitLimitR, strReplace, isEmpty,
// equalsIgnoreCase, asciiUpper/Lower, stringChars, parseInt/Octal/Hex,
// format, resolvePath. Positions and lengths count code points, not UTF-16
// units; every function takes a fast path when the string has no surrogates.

import { goStdFrameAt } from './go-std-frames.js';
import {
  JArray,
  JFunction,
  RuntimeError,
  builtin,
  codePointLength,
  codePoints,
  hasSurrogates,
  typeOf,
  type JObject,
  type Value,
} from '../value.js';
import { format } from './format.js';
import { asInt, asNumber, asString, charOf, checkNumber, goFloatF, register, type Builtins } from './util.js';
import { lengthOf, unindexableElements } from './types.js';
import { parseInt64 } from '../../gocompat/strconv.js';

/** Code-point slice [from, to) of `s`. */
function cpSlice(s: string, from: number, to: number): string {
  if (!hasSurrogates(s)) return s.slice(from, to);
  return Array.from(s).slice(from, to).join('');
}

/** UTF-16 index -> code-point index, for strings with surrogate pairs. */
function cpIndexer(s: string): (utf16Index: number) => number {
  if (!hasSurrogates(s)) return (i) => i;
  let lastUnit = 0;
  let lastCp = 0;
  return (i) => {
    // Indexes arrive in increasing order: count pairs since the previous one.
    for (let k = lastUnit; k < i; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0xd800 && c <= 0xdbff && k + 1 < s.length) {
        const d = s.charCodeAt(k + 1);
        if (d >= 0xdc00 && d <= 0xdfff) k++;
      }
      lastCp++;
    }
    lastUnit = i;
    return lastCp;
  };
}

function substr(strV: Value, fromV: Value, lenV: Value): string {
  if (typeof strV !== 'string') throw new RuntimeError(`substr first parameter should be a string, got ${typeOf(strV)}`);
  if (typeof fromV !== 'number') throw new RuntimeError(`substr second parameter should be a number, got ${typeOf(fromV)}`);
  if (fromV % 1 !== 0) throw new RuntimeError(`substr second parameter should be an integer, got ${goFloatF(fromV)}`);
  if (fromV < 0) throw new RuntimeError(`substr second parameter should be greater than zero, got ${goFloatF(fromV)}`);
  if (typeof lenV !== 'number') throw new RuntimeError(`substr third parameter should be a number, got ${typeOf(lenV)}`);
  if (!Number.isInteger(lenV) || lenV < -2147483648 || lenV > 2147483647) {
    throw new RuntimeError(`substr third parameter should be an integer, got ${goFloatF(lenV)}`);
  }
  if (lenV < 0) throw new RuntimeError(`substr third parameter should be greater than zero, got ${lenV}`);
  return cpSlice(strV, fromV, fromV + lenV);
}

function findSubstr(patV: Value, strV: Value): JArray {
  if (typeof patV !== 'string') throw new RuntimeError(`findSubstr first parameter should be a string, got ${typeOf(patV)}`);
  if (typeof strV !== 'string') throw new RuntimeError(`findSubstr second parameter should be a string, got ${typeOf(strV)}`);
  const out: number[] = [];
  if (patV.length === 0 || patV.length > strV.length) return JArray.of(out);
  const toCp = cpIndexer(strV);
  for (let i = strV.indexOf(patV); i >= 0; i = strV.indexOf(patV, i + 1)) out.push(toCp(i));
  return JArray.of(out);
}

/** std.member(chars, c) as go-jsonnet's strip functions use it. */
function charMatcher(chars: Value): (c: string) => boolean {
  if (typeof chars === 'string') return (c) => chars.includes(c);
  if (chars instanceof JArray) {
    let set: Set<string> | null = null;
    return (c) => {
      if (set === null) {
        set = new Set();
        for (const v of chars.values()) if (typeof v === 'string') set.add(v);
      }
      return set.has(c);
    };
  }
  throw new RuntimeError('std.member first argument must be an array or a string');
}

function expectStripString(v: Value): string {
  if (typeof v !== 'string') throw new RuntimeError(`Unexpected type ${typeOf(v)}, expected string`);
  return v;
}

function strip(strV: Value, chars: Value, left: boolean, right: boolean): string {
  const s = expectStripString(strV);
  if (s.length === 0) return s;
  const member = charMatcher(chars);
  if (!hasSurrogates(s)) {
    let a = 0;
    let b = s.length;
    if (left) while (a < b && member(s[a])) a++;
    if (right) while (b > a && member(s[b - 1])) b--;
    return s.slice(a, b);
  }
  const cps = Array.from(s);
  let a = 0;
  let b = cps.length;
  if (left) while (a < b && member(cps[a])) a++;
  if (right) while (b > a && member(cps[b - 1])) b--;
  return cps.slice(a, b).join('');
}

/** Go's strings.SplitN(s, sep, n) with n = maxsplits + 1 (-1: no limit). */
function splitLimit(s: string, sep: string, maxsplits: number): string[] {
  if (maxsplits === -1) return s.split(sep);
  const out: string[] = [];
  let start = 0;
  while (out.length < maxsplits) {
    const i = s.indexOf(sep, start);
    if (i < 0) break;
    out.push(s.slice(start, i));
    start = i + sep.length;
  }
  out.push(s.slice(start));
  return out;
}

/** go-jsonnet's splitLimitR: count (non-overlapping) matches, then cut from the right. */
function splitLimitR(s: string, sep: string, maxsplits: number): string[] {
  let count = 0;
  for (let i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + sep.length)) count++;
  if (maxsplits > -1 && count > maxsplits) count = maxsplits;
  const out = new Array<string>(count + 1);
  let rest = s;
  for (let k = count; k > 0; k--) {
    const i = rest.lastIndexOf(sep);
    out[k] = rest.slice(i + sep.length);
    rest = rest.slice(0, i);
  }
  out[0] = rest;
  return out;
}

function checkSplitArgs(name: string, str: Value, c: Value, maxsplits: Value): [string, string, number] {
  const s = asString(str);
  const sep = asString(c);
  const n = asInt(maxsplits);
  if (n < -1) throw new RuntimeError(`std.${name} third parameter should be -1 or non-negative, got ${n}`);
  if (sep.length < 1) throw new RuntimeError(`std.${name} second parameter should have length 1 or greater, got 0`);
  return [s, sep, n];
}

// Go's unicode.IsSpace set, which strings.TrimSpace strips. (std.jsonnet's
// trim in C++ strips ' \t\n\f\r\u0085' only; go-jsonnet is followed.)
const TRIM_RE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Go's strings.EqualFold (simple Unicode case folding), with an ASCII fast path. */
function equalFold(a: string, b: string): boolean {
  if (a === b) return true;
  if (!/[^\x00-\x7f]/.test(a) && !/[^\x00-\x7f]/.test(b)) {
    return a.length === b.length && a.toLowerCase() === b.toLowerCase();
  }
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i];
    const q = y[i];
    if (p === q) continue;
    const pl = p.toLowerCase();
    const ql = q.toLowerCase();
    if (pl === ql && codePointLength(pl) === 1) continue;
    const pu = p.toUpperCase();
    if (pu === q.toUpperCase() && codePointLength(pu) === 1) continue;
    return false;
  }
  return true;
}

/** go-jsonnet's parseInt: strconv.ParseInt(s, 10, 64). */
function parseIntGo(s: string): number {
  const v = parseInt64(s, 10);
  if (v === null) throw new RuntimeError(`${s} is not a base 10 integer`);
  return Number(v);
}

/** std.jsonnet's parse_nat: digits by code point arithmetic (quirks included). */
function parseNat(str: string, s: string, base: number): number {
  let acc = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const d = code >= 97 ? code - 97 + 10 : code >= 65 ? code - 65 + 10 : code - 48;
    if (!(d >= 0 && d < base)) throw new RuntimeError(`${str} is not a base ${base} integer`);
    acc = checkNumber(base * acc + d);
  }
  return acc;
}

function expectParseString(v: Value): string {
  if (typeof v !== 'string') throw new RuntimeError(`Expected string, got ${typeOf(v)}`);
  return v;
}

/** Runs `f`, giving a Jsonnet error it raises go-jsonnet's `<std>` frame `spec` (where it has none yet). */
function atFrame<T>(spec: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RuntimeError && e.goFrame === null) e.goFrame = goStdFrameAt(spec);
    throw e;
  }
}

/**
 * go-jsonnet's std.stringChars, Jsonnet code there: `std.makeArray(std.length(str), function(i) str[i])`.
 * So an array gives its own elements, and an object or a function as many elements as std.length
 * counts, each failing on use as indexing it with a number fails.
 */
function stringCharsOf(v: Value): JArray {
  if (typeof v === 'string') return JArray.of(codePoints(v));
  if (v instanceof JArray) return v;
  atFrame('77:19-34 thunk from <function <anonymous>>', () => lengthOf(v)); // fails on what has no length
  return unindexableElements(v as JObject | JFunction, '77:48-54 function <anonymous>');
}

/** go-jsonnet's asciiUpper/asciiLower on what is not a string: its Jsonnet, each element through std.codepoint. */
function asciiCaseOf(v: Value, upper: boolean): string {
  const frame = upper ? '182:29-34 function <up_letter>' : '190:31-36 function <down_letter>';
  const chars = stringCharsOf(v);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars.get(i);
    const cp = atFrame(frame, () => codepoint(c));
    out += upper ? (cp >= 97 && cp < 123 ? String.fromCharCode(cp - 32) : c) : cp >= 65 && cp < 91 ? String.fromCharCode(cp + 32) : c;
  }
  return out;
}

function codepoint(v: Value): number {
  const s = asString(v);
  const n = codePointLength(s);
  if (n !== 1) throw new RuntimeError(`codepoint takes a string of length 1, got length ${n}`);
  return s.codePointAt(0)!;
}

/**
 * go-jsonnet's startsWith/endsWith on what is not two strings: its Jsonnet compares the
 * std.lengths first (false when `a` is shorter), then std.substr of `a` with `b`.
 */
function affixOf(a: Value, b: Value, atEnd: boolean): boolean {
  const la = atFrame(atEnd ? '55:8-21 function <anonymous>' : '49:8-21 function <anonymous>', () => lengthOf(a));
  const lb = atFrame(atEnd ? '55:24-37 function <anonymous>' : '49:24-37 function <anonymous>', () => lengthOf(b));
  if (la < lb) return false;
  const part = atFrame(atEnd ? '58:7-66 function <anonymous>' : '52:7-38 function <anonymous>', () => substr(a, atEnd ? la - lb : 0, lb));
  return part === b;
}

export function addStringBuiltins(m: Builtins): void {
  register(
    m,
    builtin('codepoint', ['str'], (a) => codepoint(a[0])),
    builtin('char', ['n'], (a) => charOf(asNumber(a[0]))),
    builtin('substr', ['str', 'from', 'len'], (a) => substr(a[0], a[1], a[2])),
    builtin('findSubstr', ['pat', 'str'], (a) => findSubstr(a[0], a[1])),
    builtin('startsWith', ['a', 'b'], ([a, b]) => (typeof a === 'string' && typeof b === 'string' ? a.startsWith(b) : affixOf(a, b, false))),
    builtin('endsWith', ['a', 'b'], ([a, b]) => (typeof a === 'string' && typeof b === 'string' ? a.endsWith(b) : affixOf(a, b, true))),
    builtin('stripChars', ['str', 'chars'], (a) => strip(a[0], a[1], true, true)),
    builtin('lstripChars', ['str', 'chars'], (a) => strip(a[0], a[1], true, false)),
    builtin('rstripChars', ['str', 'chars'], (a) => strip(a[0], a[1], false, true)),
    builtin('trim', ['str'], (a) => asString(a[0]).replace(TRIM_RE, '')),
    builtin('split', ['str', 'c'], ([str, c]) => {
      if (typeof str !== 'string') throw new RuntimeError(`std.split first parameter must be a String, got ${typeOf(str)}`);
      if (typeof c !== 'string') throw new RuntimeError(`std.split second parameter must be a String, got ${typeOf(c)}`);
      if (c.length < 1) throw new RuntimeError('std.split second parameter must have length 1 or greater, got 0');
      return JArray.of(str.split(c));
    }),
    builtin('splitLimit', ['str', 'c', 'maxsplits'], (a) => JArray.of(splitLimit(...checkSplitArgs('splitLimit', a[0], a[1], a[2])))),
    builtin('splitLimitR', ['str', 'c', 'maxsplits'], (a) =>
      JArray.of(splitLimitR(...checkSplitArgs('splitLimitR', a[0], a[1], a[2]))),
    ),
    builtin('strReplace', ['str', 'from', 'to'], (a) => {
      const s = asString(a[0]);
      const from = asString(a[1]);
      const to = asString(a[2]);
      if (from.length === 0) throw new RuntimeError("'from' string must not be zero length.");
      return s.split(from).join(to);
    }),
    builtin('isEmpty', ['str'], (a) => asString(a[0]).length === 0),
    builtin('equalsIgnoreCase', ['str1', 'str2'], (a) => equalFold(asString(a[0]), asString(a[1]))),
    builtin('asciiUpper', ['str'], ([s]) => (typeof s === 'string' ? s.replace(/[a-z]+/g, (x) => x.toUpperCase()) : asciiCaseOf(s, true))),
    builtin('asciiLower', ['str'], ([s]) => (typeof s === 'string' ? s.replace(/[A-Z]+/g, (x) => x.toLowerCase()) : asciiCaseOf(s, false))),
    builtin('stringChars', ['str'], (a) => stringCharsOf(a[0])),
    builtin('parseInt', ['str'], (a) => parseIntGo(asString(a[0]))),
    builtin('parseOctal', ['str'], (a) => {
      const s = expectParseString(a[0]);
      if (s.length === 0) throw new RuntimeError('Not an octal number: ""');
      return parseNat(s, s, 8);
    }),
    builtin('parseHex', ['str'], (a) => {
      const s = expectParseString(a[0]);
      if (s.length === 0) throw new RuntimeError('Not hexadecimal: ""');
      return parseNat(s, s, 16);
    }),
    builtin('format', ['str', 'vals'], (a) => format(a[0], a[1])),
    // std.jsonnet's resolvePath: replace the last path segment of f by r.
    builtin('resolvePath', ['f', 'r'], (a) => {
      // go-jsonnet's std.split reports a non-string f.
      if (typeof a[0] !== 'string') throw new RuntimeError(`std.split first parameter must be a String, got ${typeOf(a[0])}`);
      const parts = a[0].split('/');
      // std.join leaves a null out.
      if (a[1] === null) parts.pop();
      else parts[parts.length - 1] = asString(a[1]);
      return parts.join('/');
    }),
  );
}

