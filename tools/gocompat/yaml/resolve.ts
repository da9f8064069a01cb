// go-yaml's resolution of a plain (unquoted, untagged) scalar: is `on` a bool, `010` an int, `.5`
// a float, `2001-12-14` a timestamp? One set of rules for gopkg.in/yaml.v2 v2.4.0 and yaml.v3
// v3.0.1; where they differ, RULES says how. Used three ways:
// - decoding into interface{}: Tanka's parseYaml and helm/kustomize output (yaml.v3), Jsonnet's
//   std.parseYaml (sigs.k8s.io/yaml, which is yaml.v2);
// - encoding: a string that would read back as something else is quoted (`canUsePlain`).

import { parseInt64, parseUint64 } from '../strconv.js';

export type YamlVersion = 'v2' | 'v3';

export type Resolved =
  | { tag: 'str'; value: string }
  | { tag: 'null'; value: null }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int' | 'float'; value: number }
  | { tag: 'timestamp'; value: string }; // see RULES.timestampValue

const YAML11_BOOLS: [string, boolean][] = [
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w): [string, boolean] => [w, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w): [string, boolean] => [w, false]),
];
const CORE_BOOLS: [string, boolean][] = [
  ...['true', 'True', 'TRUE'].map((w): [string, boolean] => [w, true]),
  ...['false', 'False', 'FALSE'].map((w): [string, boolean] => [w, false]),
];

/** Where the two versions differ. */
const RULES: Record<YamlVersion, { bools: Map<string, boolean>; timestampValue: 'text' | 'rfc3339' }> = {
  // YAML 1.1 booleans; a timestamp decoded into interface{} stays the text ("for backward compatibility").
  v2: { bools: new Map(YAML11_BOOLS), timestampValue: 'text' },
  // YAML 1.2 core booleans; a timestamp decodes to time.Time, which encoding/json writes as RFC 3339.
  v3: { bools: new Map(CORE_BOOLS), timestampValue: 'rfc3339' },
};

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((w): [string, number] => [w, NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((w): [string, number] => [w, Infinity]),
  ...['-.inf', '-.Inf', '-.INF'].map((w): [string, number] => [w, -Infinity]),
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// What Go's ParseFloat reads in decimal: digits, one point, an exponent, underscores between digits.
const GO_DECIMAL_FLOAT = /^[-+]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

/** strconv.ParseFloat(s, 64) for decimal text; null on a syntax error or beyond float64's range. */
function parseFloat64(s: string): number | null {
  if (!GO_DECIMAL_FLOAT.test(s)) return null;
  const v = Number(s.replaceAll('_', ''));
  return Number.isFinite(v) ? v : null;
}

/** go-yaml's `0b` rule: ParseInt(s, 2, 64), then ParseUint(s, 2, 64). */
function parseBinary(s: string): number | null {
  const v = parseInt64(s, 2) ?? parseUint64(s, 2);
  return v === null ? null : Number(v);
}

// go-yaml's first-character hint: only these can start something other than a string. (`<<` is in
// go-yaml's table too, but '<' has no hint, so a plain `<<` is a string; merge keys are the decoders'.)
const MAY_RESOLVE = /^[-+0-9yYnNtTfFoO~.]/;

/** go-yaml's resolve() of a plain scalar. */
export function resolvePlain(s: string, version: YamlVersion): Resolved {
  if (s === '') return { tag: 'null', value: null };
  if (!MAY_RESOLVE.test(s)) return { tag: 'str', value: s };
  if (NULLS.has(s)) return { tag: 'null', value: null };
  const bool = RULES[version].bools.get(s);
  if (bool !== undefined) return { tag: 'bool', value: bool };
  const special = SPECIAL_FLOATS.get(s);
  if (special !== undefined) return { tag: 'float', value: special };
  const c = s[0];
  if (c === '.') {
    const f = parseFloat64(s);
    return f === null ? { tag: 'str', value: s } : { tag: 'float', value: f };
  }
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    const time = parseTimestamp(s);
    if (time !== null) return { tag: 'timestamp', value: RULES[version].timestampValue === 'text' ? s : time };
    const plain = s.replaceAll('_', '');
    const i = parseInt64(plain) ?? parseUint64(plain);
    if (i !== null) return { tag: 'int', value: Number(i) };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseFloat64(plain);
      if (f !== null) return { tag: 'float', value: f };
    }
    const bin = plain.startsWith('0b') ? parseBinary(plain.slice(2)) : plain.startsWith('-0b') ? parseBinary('-' + plain.slice(3)) : null;
    if (bin !== null) return { tag: 'int', value: bin };
  }
  return { tag: 'str', value: s };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * go-yaml's parseTimestamp: Go's time.Parse against "2006-1-2T15:4:5.999999999Z07:00", the same with
 * 't', "2006-1-2 15:4:5.999999999" and "2006-1-2" (UTC without a zone). Returns the time as
 * encoding/json writes a time.Time (RFC 3339 with nanoseconds, trailing zeros dropped), or null.
 */
export function parseTimestamp(s: string): string | null {
  if (!/^[0-9]{4}-/.test(s)) return null;
  let pos = 5;
  const year = Number(s.slice(0, 4));
  // Go's getnum: one or two digits
  const num = (): number | null => {
    if (!isDigit(s[pos])) return null;
    if (!isDigit(s[pos + 1])) return Number(s[pos++]);
    pos += 2;
    return Number(s.slice(pos - 2, pos));
  };
  const month = num();
  if (month === null || month < 1 || month > 12 || s[pos] !== '-') return null;
  pos++;
  const day = num();
  if (day === null || day < 1 || day > daysIn(month, year)) return null;
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${s.slice(0, 4)}-${two(month)}-${two(day)}`;
  if (pos === s.length) return `${date}T00:00:00Z`;
  // time part: 'T', 't' (with a zone) or spaces (without)
  let withZone: boolean;
  if (s[pos] === 'T' || s[pos] === 't') {
    withZone = true;
    pos++;
  } else if (s[pos] === ' ') {
    withZone = false;
    while (s[pos] === ' ') pos++;
  } else return null;
  const hour = num();
  if (hour === null || hour >= 24 || s[pos] !== ':') return null;
  pos++;
  const min = num();
  if (min === null || min >= 60 || s[pos] !== ':') return null;
  pos++;
  const sec = num();
  if (sec === null || sec >= 60) return null;
  let frac = '';
  if ((s[pos] === '.' || s[pos] === ',') && isDigit(s[pos + 1])) {
    const start = ++pos;
    while (isDigit(s[pos])) pos++;
    frac = s.slice(start, pos).slice(0, 9).replace(/0+$/, ''); // Go keeps nanoseconds
  }
  let zone = 'Z';
  if (withZone) {
    if (s[pos] === 'Z') pos++;
    else {
      const m = /^([+-])([0-9]{2}):([0-9]{2})$/.exec(s.slice(pos, pos + 6));
      if (!m || Number(m[2]) > 24 || Number(m[3]) > 60) return null;
      if (Number(m[2]) !== 0 || Number(m[3]) !== 0) zone = m[0];
      pos += 6;
    }
  }
  if (pos !== s.length) return null;
  return `${date}T${two(hour)}:${two(min)}:${two(sec)}${frac ? '.' + frac : ''}${zone}`;
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/**
 * May go-yaml's encoder print this string without quotes, as far as resolution goes? Both versions
 * quote what yaml.v2 would read as another type (yaml.v3 resolves fewer booleans but quotes the YAML
 * 1.1 ones explicitly) and YAML 1.1 sexagesimal numbers (`1:20`).
 */
export function canUsePlain(s: string): boolean {
  return resolvePlain(s, 'v2').tag === 'str' && !BASE60_FLOAT.test(s);
}
