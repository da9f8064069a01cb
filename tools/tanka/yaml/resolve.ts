// Would a plain (unquoted) YAML scalar be read back as something other than a
// string? This mirrors the implicit-tag resolution go-yaml (v2.4.0 and v3.0.1)
// runs before choosing a style for a Go string: if the answer is yes, the
// encoder asks for double quotes. Both versions end up quoting the same set
// (v3 resolves fewer bools but quotes the YAML 1.1 ones explicitly).

import { parseInt64, parseUint64 } from '../../gocompat/strconv.js';

const BOOL_NULL_SPECIAL = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
  '<<',
]);

/** First-byte hint of go-yaml's resolve table: which rules can apply at all. */
function hintOf(s: string): 'N' | 'S' | 'D' | 'M' | '.' | null {
  if (s === '') return 'N';
  const c = s[0];
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return null;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

function isGoIntInBase(s: string, base: 2 | 8): boolean {
  let rest = s;
  let neg = false;
  if (rest[0] === '+' || rest[0] === '-') { neg = rest[0] === '-'; rest = rest.slice(1); }
  if (rest === '') return false;
  let n = 0n;
  for (const ch of rest) {
    const d = ch.charCodeAt(0) - 48;
    if (d < 0 || d >= base) return false;
    n = n * BigInt(base) + BigInt(d);
    if (n > UINT64_MAX) return false;
  }
  const v = neg ? -n : n;
  return v >= INT64_MIN && v <= UINT64_MAX;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// Go ParseFloat for input starting with '.': digits with single underscores between them.
const DOT_FLOAT = /^\.[0-9]+(_[0-9]+)*([eE][-+]?[0-9]+(_[0-9]+)*)?$/;

/** Go strconv.ParseFloat(s, 64) without error, for decimal syntax (overflow to ±Inf is an error). */
function parsesAsFiniteFloat(s: string): boolean {
  const v = Number(s.replace(/_/g, ''));
  return Number.isFinite(v);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/**
 * go-yaml's parseTimestamp: Go time.Parse against "2006-1-2T15:4:5.999999999Z07:00",
 * the same with 't', "2006-1-2 15:4:5.999999999" and "2006-1-2".
 */
export function isYamlTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  let pos = 5;
  const year = Number(s.slice(0, 4));
  // getnum: one or two digits
  const num = (): number | null => {
    if (!isDigit(s[pos])) return null;
    if (!isDigit(s[pos + 1])) { pos += 1; return Number(s[pos - 1]); }
    pos += 2;
    return Number(s.slice(pos - 2, pos));
  };
  const month = num();
  if (month === null || month < 1 || month > 12) return false;
  if (s[pos] !== '-') return false;
  pos++;
  const day = num();
  if (day === null) return false;
  const dayOk = day >= 1 && day <= daysIn(month, year);
  if (pos === s.length) return dayOk;
  // time part: 'T', 't' (with zone) or spaces (without zone)
  let withZone: boolean;
  if (s[pos] === 'T' || s[pos] === 't') { withZone = true; pos++; }
  else if (s[pos] === ' ') { withZone = false; while (s[pos] === ' ') pos++; }
  else return false;
  const hour = num();
  if (hour === null || hour >= 24 || s[pos] !== ':') return false;
  pos++;
  const min = num();
  if (min === null || min >= 60 || s[pos] !== ':') return false;
  pos++;
  const sec = num();
  if (sec === null || sec >= 60) return false;
  if ((s[pos] === '.' || s[pos] === ',') && isDigit(s[pos + 1])) {
    pos += 2;
    while (isDigit(s[pos])) pos++;
  }
  if (withZone) {
    if (s[pos] === 'Z') pos++;
    else {
      const z = s.slice(pos, pos + 6);
      const m = /^([+-])([0-9]{2}):([0-9]{2})$/.exec(z);
      if (!m || Number(m[2]) > 24 || Number(m[3]) > 60) return false;
      pos += 6;
    }
  }
  return pos === s.length && dayOk;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** go-yaml resolve("", s) returns a tag other than !!str. */
function resolvesToNonString(s: string): boolean {
  const hint = hintOf(s);
  if (hint === null) return false;
  if (BOOL_NULL_SPECIAL.has(s)) return true;
  switch (hint) {
    case 'M':
    case 'N':
      return false;
    case '.':
      return DOT_FLOAT.test(s) && parsesAsFiniteFloat(s);
    case 'D':
    case 'S': {
      if (isYamlTimestamp(s)) return true;
      const plain = s.replace(/_/g, '');
      if (parseInt64(plain) !== null || parseUint64(plain) !== null) return true;
      if (YAML_STYLE_FLOAT.test(plain) && parsesAsFiniteFloat(plain)) return true;
      if (plain.startsWith('0b')) return isGoIntInBase(plain.slice(2), 2);
      if (plain.startsWith('-0b')) return isGoIntInBase('-' + plain.slice(3), 2);
      return false;
    }
  }
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** YAML 1.1 sexagesimal number (`1:20`), quoted by go-yaml for compatibility. */
function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0];
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

/** True when go-yaml's encoder may print this string without quotes as far as resolution goes. */
export function canUsePlain(s: string): boolean {
  return !resolvesToNonString(s) && !isBase60Float(s);
}
