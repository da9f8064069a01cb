// std.format and the string form of `%`: Python-style conversion specs
// (`%(key)` mapping keys, flags `#0- +`, width and precision with `*`,
// ignored length modifiers, conversions d i u o x X e E f F g G c s %).
//
// The number rendering deliberately repeats std.jsonnet's arithmetic (which
// go-jsonnet uses) instead of C's printf: `%e` takes its exponent from
// floor(log(|x|)/log(10)) and `%f` rounds via |x| * 10^prec + 0.5, so the
// results match go-jsonnet digit for digit, quirks included.
// Parsed format strings are cached: configurations format the same few
// templates many times.

import { goFormatNumberFrame, goStdFrameAt } from './go-std-frames.js';
import { toStringValue } from '../manifest/index.js';
import { goLog, goPow } from './go-math.js';
import { JArray, JFunction, JObject, RuntimeError, codePointAt, codePointLength, force, formatNumber, typeOf, type LazyValue, type Value } from '../value.js';
import { asNumber, charOf, checkNumber, checkStringLength } from './util.js';

interface Spec {
  mkey: string | null;
  alt: boolean;
  zero: boolean;
  left: boolean;
  blank: boolean;
  plus: boolean;
  fw: number | '*';
  prec: number | '*' | null;
  ctype: string; // d o x e f g c s %
  caps: boolean;
}

type Piece = string | Spec;

const TRUNCATED = 'Truncated format code.';

function parseFormat(str: string): Piece[] {
  const out: Piece[] = [];
  const n = str.length;
  let lit = '';
  let litStart = 0;
  let i = 0;
  while (i < n) {
    if (str.charCodeAt(i) !== 0x25 /* % */) {
      i++;
      continue;
    }
    lit += str.slice(litStart, i);
    i++;
    if (i >= n) throw new RuntimeError(TRUNCATED);
    // Mapping key.
    let mkey: string | null = null;
    if (str[i] === '(') {
      const close = str.indexOf(')', i + 1);
      if (close < 0) throw new RuntimeError(TRUNCATED);
      mkey = str.slice(i + 1, close);
      i = close + 1;
    }
    // Conversion flags.
    const spec: Spec = { mkey, alt: false, zero: false, left: false, blank: false, plus: false, fw: 0, prec: null, ctype: '', caps: false };
    for (;;) {
      if (i >= n) throw new RuntimeError(TRUNCATED);
      const c = str[i];
      if (c === '#') spec.alt = true;
      else if (c === '0') spec.zero = true;
      else if (c === '-') spec.left = true;
      else if (c === ' ') spec.blank = true;
      else if (c === '+') spec.plus = true;
      else break;
      i++;
    }
    // Field width, precision.
    const readWidth = (): number | '*' => {
      if (i < n && str[i] === '*') {
        i++;
        return '*';
      }
      let v = 0;
      for (;;) {
        if (i >= n) throw new RuntimeError(TRUNCATED);
        const d = str.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return v;
        v = v * 10 + d;
        i++;
      }
    };
    spec.fw = readWidth();
    if (i >= n) throw new RuntimeError(TRUNCATED);
    if (str[i] === '.') {
      i++;
      spec.prec = readWidth();
    }
    // Length modifier (ignored).
    if (i >= n) throw new RuntimeError(TRUNCATED);
    if (str[i] === 'h' || str[i] === 'l' || str[i] === 'L') i++;
    // Conversion type.
    if (i >= n) throw new RuntimeError(TRUNCATED);
    const c = str[i];
    switch (c) {
      case 'd':
      case 'i':
      case 'u':
        spec.ctype = 'd';
        break;
      case 'o':
      case 'x':
      case 'e':
      case 'f':
      case 'g':
      case 'c':
      case 's':
      case '%':
        spec.ctype = c;
        break;
      case 'X':
      case 'E':
      case 'F':
      case 'G':
        spec.ctype = c.toLowerCase();
        spec.caps = true;
        break;
      default:
        throw new RuntimeError('Unrecognised conversion type: ' + codePointAt(str.slice(i, i + 2), 0));
    }
    i++;
    out.push(lit, spec);
    lit = '';
    litStart = i;
  }
  lit += str.slice(litStart);
  out.push(lit);
  return out;
}

const cache = new Map<string, Piece[]>();

function parsed(str: string): Piece[] {
  let p = cache.get(str);
  if (p === undefined) {
    p = parseFormat(str);
    if (cache.size >= 2000) cache.clear();
    cache.set(str, p);
  }
  return p;
}

// ---------------------------------------------------------------------------
// Rendering (std.jsonnet's algorithms)

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const HEX_LOWER = '0123456789abcdef';
const HEX_UPPER = '0123456789ABCDEF';

function digit(d: number): string {
  return Number.isInteger(d) && d >= 0 && d < 10 ? DIGITS[d] : formatNumber(d);
}

/** `w` copies of `s` where std.jsonnet counts down by one while w > 0. */
function padding(w: number, s: string): string {
  if (w <= 0) return '';
  checkStringLength(Math.ceil(w) * s.length);
  return s.repeat(Math.ceil(w));
}

function padLeft(str: string, w: number, s: string): string {
  return padding(w - codePointLength(str), s) + str;
}

function padRight(str: string, w: number, s: string): string {
  return str + padding(w - codePointLength(str), s);
}

function signPrefix(neg: boolean, plus: boolean, blank: boolean): string {
  return neg ? '-' : plus ? '+' : blank ? ' ' : '';
}

function renderInt(
  neg: boolean,
  mag: number,
  minChars: number,
  minDigits: number,
  blank: boolean,
  plus: boolean,
  radix: number,
  zeroPrefix: string,
): string {
  let dec: string;
  if (mag === 0) {
    dec = '0';
  } else {
    const ds: string[] = [];
    let n = mag;
    while (n !== 0) {
      ds.push(digit(n % radix));
      n = Math.floor(n / radix);
    }
    dec = zeroPrefix + ds.reverse().join('');
  }
  const zp = minChars - (neg || blank || plus ? 1 : 0);
  const zp2 = Math.max(zp, minDigits);
  return signPrefix(neg, plus, blank) + padLeft(dec, zp2, '0');
}

function renderHex(
  value: number,
  minChars: number,
  minDigits: number,
  blank: boolean,
  plus: boolean,
  addZerox: boolean,
  caps: boolean,
): string {
  const numerals = caps ? HEX_UPPER : HEX_LOWER;
  const mag = Math.floor(Math.abs(value));
  let hex: string;
  if (mag === 0) {
    hex = '0';
  } else {
    const ds: string[] = [];
    let n = mag;
    while (n !== 0) {
      const d = n % 16;
      ds.push(Number.isInteger(d) ? numerals[d] : formatNumber(d));
      n = Math.floor(n / 16);
    }
    hex = ds.reverse().join('');
  }
  const neg = value < 0;
  const zp = minChars - (neg || blank || plus ? 1 : 0) - (addZerox ? 2 : 0);
  const zp2 = Math.max(zp, minDigits);
  return signPrefix(neg, plus, blank) + (addZerox ? (caps ? '0X' : '0x') : '') + padLeft(hex, zp2, '0');
}

function stripTrailingZero(s: string): string {
  let i = s.length - 1;
  while (i >= 0 && s[i] === '0') i--;
  return s.slice(0, i + 1);
}

function renderFloatDec(
  value: number,
  zeroPad: number,
  blank: boolean,
  plus: boolean,
  ensurePt: boolean,
  trailing: boolean,
  prec: number,
): string {
  const mag = Math.abs(value);
  // go-jsonnet's `*` and std.pow fail on an infinite result ('%.9f' % 1e308).
  const denominator = checkNumber(goPow(10, prec));
  const numerator = checkNumber(mag * denominator) + 0.5;
  const whole = Math.sign(mag) * Math.floor(numerator / denominator);
  const frac = Math.floor(numerator) % denominator;
  const dotSize = prec === 0 && !ensurePt ? 0 : 1;
  const zp = zeroPad - prec - dotSize;
  const str = renderInt(value < 0, whole, zp, 0, blank, plus, 10, '');
  if (prec === 0) return ensurePt ? str + '.' : str;
  if (trailing || frac > 0) {
    const fracStr = renderInt(false, frac, prec, 0, false, false, 10, '');
    return str + '.' + (trailing ? fracStr : stripTrailingZero(fracStr));
  }
  return str;
}

function decimalExponent(x: number): number {
  return x === 0 ? 0 : Math.floor(checkNumber(goLog(Math.abs(x))) / goLog(10));
}

function renderFloatSci(
  value: number,
  zeroPad: number,
  blank: boolean,
  plus: boolean,
  ensurePt: boolean,
  trailing: boolean,
  caps: boolean,
  prec: number,
): string {
  const exponent = decimalExponent(value);
  const suff = (caps ? 'E' : 'e') + renderInt(exponent < 0, Math.abs(exponent), 3, 0, false, true, 10, '');
  // 10^-324 is 0 in doubles: divide in two steps at the bottom of the range.
  const mantissa = exponent === -324 ? (value * 10) / goPow(10, exponent + 1) : value / goPow(10, exponent);
  return renderFloatDec(mantissa, zeroPad - suff.length, blank, plus, ensurePt, trailing, prec) + suff;
}

function requireNumber(val: Value, at: string | number, conversion: string): number {
  if (typeof val !== 'number') {
    const err = new RuntimeError(`Format required number at ${at}, got ${typeOf(val)}`);
    err.goFrame = goFormatNumberFrame(conversion);
    throw err;
  }
  return val;
}

/**
 * A width or precision as go-jsonnet's Jsonnet holds it: a value checked only where it is used
 * (after the value to format), or an error raised only then (`*` with an object of values).
 */
type Lazy = LazyValue | RuntimeError;

function atFrame(e: RuntimeError, spec: string): RuntimeError {
  e.goFrame = goStdFrameAt(spec);
  return e;
}

function fail(e: RuntimeError): never {
  throw e;
}

function used(v: Lazy): number {
  if (v instanceof RuntimeError) throw v;
  return asNumber(force(v));
}

/** One code's text: go-jsonnet forces the width first, then the value, and checks the width's type last. */
function formatCode(valV: Lazy, spec: Spec, fwV: Lazy, precV: Lazy, at: string | number): string {
  // pad_left computes with the width before the text, pad_right (the `-` flag) after it.
  const fwValue = spec.left ? null : fwV instanceof RuntimeError ? fail(fwV) : force(fwV);
  const val = valV instanceof RuntimeError ? fail(valV) : force(valV);
  if (spec.ctype === 's') return toStringValue(val);
  if (spec.ctype !== 'c') requireNumber(val, at, spec.ctype);
  // A precision that is null (given by `*`) is no precision, as there.
  const precValue = spec.ctype === 'c' || precV === null ? null : precV instanceof RuntimeError ? fail(precV) : force(precV);
  const prec = precValue === null ? null : asNumber(precValue);
  const fpprec = prec ?? 6;
  const iprec = prec ?? 0;
  // The width's type is checked where go-jsonnet first computes with it: here only for zero padding.
  const zp = (): number => (spec.zero && !spec.left ? asNumber(fwValue) : 0);
  switch (spec.ctype) {
    case 's':
      return toStringValue(val);
    case 'd': {
      const n = requireNumber(val, at, spec.ctype);
      return renderInt(n <= -1, Math.floor(Math.abs(n)), zp(), iprec, spec.blank, spec.plus, 10, '');
    }
    case 'o': {
      const n = requireNumber(val, at, spec.ctype);
      return renderInt(n <= -1, Math.floor(Math.abs(n)), zp(), iprec, spec.blank, spec.plus, 8, spec.alt ? '0' : '');
    }
    case 'x': {
      const n = requireNumber(val, at, spec.ctype);
      return renderHex(Math.floor(n), zp(), iprec, spec.blank, spec.plus, spec.alt, spec.caps);
    }
    case 'f':
      return renderFloatDec(requireNumber(val, at, spec.ctype), zp(), spec.blank, spec.plus, spec.alt, true, fpprec);
    case 'e':
      return renderFloatSci(requireNumber(val, at, spec.ctype), zp(), spec.blank, spec.plus, spec.alt, true, spec.caps, fpprec);
    case 'g': {
      const n = requireNumber(val, at, spec.ctype);
      const exponent = decimalExponent(n);
      if (exponent < -4 || exponent >= fpprec) {
        return renderFloatSci(n, zp(), spec.blank, spec.plus, spec.alt, spec.alt, spec.caps, fpprec - 1);
      }
      const digitsBeforePt = Math.max(1, exponent + 1);
      return renderFloatDec(n, zp(), spec.blank, spec.plus, spec.alt, spec.alt, fpprec - digitsBeforePt);
    }
    case 'c':
      if (typeof val === 'number') return charOf(val);
      if (typeof val === 'string') {
        const len = codePointLength(val);
        if (len === 1) return val;
        throw new RuntimeError(`%c expected 1-sized string got: ${len}`);
      }
      throw new RuntimeError(`%c expected number / string, got: ${typeOf(val)}`);
    default:
      throw new RuntimeError(`Unknown code: ${spec.ctype}`);
  }
}

function pad(s: string, spec: Spec, fw: number): string {
  return spec.left ? padRight(s, fw, ' ') : padLeft(s, fw, ' ');
}

function formatArray(pieces: Piece[], arr: JArray): string {
  const out: string[] = [];
  const len = arr.length;
  let j = 0;
  for (const p of pieces) {
    if (typeof p === 'string') {
      if (p !== '') out.push(p);
      continue;
    }
    // go-jsonnet's `*` values are locals there: a missing one fails only where it is used.
    const starred = (frame: string): Lazy => (j < len ? arr.items[j++] : atFrame(new RuntimeError(`Not enough values to format: ${len}, expected at least ${j++}`), frame));
    const fw: Lazy = p.fw === '*' ? starred('738:15-101 object <anonymous>') : p.fw;
    const prec: Lazy = p.prec === '*' ? starred('748:15-101 object <anonymous>') : p.prec;
    if (p.ctype === '%') {
      out.push(pad('%', p, used(fw)));
      continue;
    }
    const val = j < len ? arr.items[j] : new RuntimeError(`Not enough values to format: ${len}, expected more than ${j}`);
    const text = formatCode(val, p, fw, prec, j);
    out.push(pad(text, p, used(fw)));
    j++;
  }
  if (j < len) throw new RuntimeError(`Too many values to format: ${len}, expected ${j}`);
  return out.join('');
}

function formatObject(pieces: Piece[], obj: JObject): string {
  const out: string[] = [];
  for (const p of pieces) {
    if (typeof p === 'string') {
      if (p !== '') out.push(p);
      continue;
    }
    // go-jsonnet's locals: each error is raised where the value is first used.
    const fw: Lazy = p.fw === '*' ? atFrame(new RuntimeError('Cannot use * field width with object.'), '794:15-60 thunk <fw> from <function <format_codes_obj>>') : p.fw;
    const prec: Lazy = p.prec === '*' ? atFrame(new RuntimeError('Cannot use * precision with object.'), '799:15-58 thunk <prec> from <function <format_codes_obj>>') : p.prec;
    if (p.ctype === '%') {
      out.push(pad('%', p, used(fw)));
      continue;
    }
    if (p.mkey === null) throw new RuntimeError('Mapping keys required.');
    if (!obj.has(p.mkey)) throw new RuntimeError(`No such field: ${p.mkey}`);
    const text = formatCode(obj.get(p.mkey), p, fw, prec, p.mkey);
    out.push(pad(text, p, used(fw)));
  }
  return out.join('');
}

/**
 * The format text of a `str` that is not a string, as go-jsonnet's Jsonnet parse_codes reads it:
 * std.length(str), then str[i] one by one. In an array, a `%` element starts a code that the
 * following elements spell, one character each; any other element is appended to the text with `+`
 * (a longer string as it is, other values as std.toString writes them), so its own `%` are
 * literal. (After a `%`, go-jsonnet compares a longer string or another value with single
 * characters; here it reads as literal text.)
 */
function formatText(str: Value): string {
  if (typeof str === 'string') return str;
  if (str instanceof JArray) {
    let text = '';
    for (let i = 0; i < str.length; i++) {
      const c = str.get(i);
      if (typeof c === 'string' && codePointLength(c) === 1) text += c;
      else text += (typeof c === 'string' ? c : toStringValue(c)).replace(/%/g, '%%');
    }
    return text;
  }
  // std.length of an object counts its visible fields and of a function its parameters; indexing either fails.
  if (str instanceof JObject) {
    if (str.visibleFields().length === 0) return '';
    throw new RuntimeError('Unexpected type number, expected string');
  }
  if (str instanceof JFunction) {
    if (str.params.every((p) => p.optional)) return '';
    throw new RuntimeError('Value non indexable: *jsonnet.valueFunction');
  }
  throw new RuntimeError(`Unexpected type ${typeOf(str)}`);
}

/** std.format(str, vals): vals is an array, an object (for `%(key)s`), or a single value. */
export function format(str: Value, vals: Value): string {
  const pieces = parsed(formatText(str));
  if (vals instanceof JArray) return formatArray(pieces, vals);
  if (vals instanceof JObject) return formatObject(pieces, vals);
  return formatArray(pieces, new JArray([vals]));
}
