// Go's strconv where the toolkit must read or print numbers exactly as Go does: ParseInt/ParseUint with
// base 0, 2 or 10 (YAML scalar resolution in go-yaml v2/v3 and sigs.k8s.io/yaml), FormatFloat(f, 'f', -1, 64)
// (JSON/YAML manifests, Tanka's label fields), FormatFloat(f, 'g', -1, 64) (fmt's %v: go-yaml's floats,
// text/template, go-jsonnet's messages) and Quote/QuoteRune (%q). Written from the Go spec's integer literal syntax;
// checked against answers recorded from Go (tests/fixtures/gocompat/strconv-golden.json).

const UINT64_MAX = 2n ** 64n - 1n;
const INT64_LIMIT = 2n ** 63n;

// Base 0 reads a Go integer literal: 0b/0o/0x prefixes (either case), a leading 0 for octal, and single
// underscores between digits or right after a prefix. Another base takes its digits only.
const BASE0_LITERAL = /^(?:0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[0-9a-fA-F])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)$/;
const DIGITS: Record<2 | 10, RegExp> = { 2: /^[01]+$/, 10: /^[0-9]+$/ };
const PREFIX: Record<2 | 10, string> = { 2: '0b', 10: '' };

export type Base = 0 | 2 | 10;

function unsigned(s: string, base: Base): bigint | null {
  if (base !== 0) return DIGITS[base].test(s) ? BigInt(PREFIX[base] + s) : null;
  if (!BASE0_LITERAL.test(s)) return null;
  const digits = s.replaceAll('_', '');
  // BigInt reads the 0b/0o/0x forms itself; a bare leading 0 means octal in Go, decimal for BigInt.
  return BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
}

/** strconv.ParseUint(s, base, 64); null on a syntax or range error. */
export function parseUint64(s: string, base: Base = 0): bigint | null {
  const v = unsigned(s, base);
  return v !== null && v <= UINT64_MAX ? v : null;
}

/** strconv.ParseInt(s, base, 64); null on a syntax or range error. */
export function parseInt64(s: string, base: Base = 0): bigint | null {
  const negative = s[0] === '-';
  const v = unsigned(s[0] === '-' || s[0] === '+' ? s.slice(1) : s, base);
  if (v === null) return null;
  if (negative) return v <= INT64_LIMIT ? -v : null;
  return v < INT64_LIMIT ? v : null;
}

/** strconv.FormatFloat(n, 'f', -1, 64): the shortest digits that read back as n, never an exponent. */
export function formatFloatF(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const s = n.toString(); // JavaScript also prints the shortest round-trip digits
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (m === null) return s;
  const [, sign, intPart, frac = '', expStr] = m;
  const digits = intPart + frac;
  const point = intPart.length + Number(expStr); // where the decimal point falls in `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * strconv.FormatFloat(n, 'f', prec, 64), which is also fmt's %.<prec>f (%f: prec 6): the exact binary
 * value rounded half to even at `prec` decimals. JavaScript's toFixed rounds ties up and switches to an
 * exponent at 1e21, so 0.0078125 is 0.007812 here (toFixed: 0.007813) and -1e22 has all its digits.
 */
export function formatFloatFixed(n: number, prec: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  const [mantissa, exponent] = exactBinary(n);
  const scale = 10n ** BigInt(prec);
  let scaled: bigint; // round_half_even(|n| * 10^prec)
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * scale;
  } else {
    const num = mantissa * scale;
    const den = 1n << BigInt(-exponent);
    scaled = num / den;
    const twice = (num % den) * 2n;
    if (twice > den || (twice === den && scaled % 2n === 1n)) scaled += 1n;
  }
  const digits = scaled.toString().padStart(prec + 1, '0');
  const point = digits.length - prec;
  return sign + digits.slice(0, point) + (prec > 0 ? '.' + digits.slice(point) : '');
}

/** |f| as mantissa * 2^exponent, exactly (f finite). */
function exactBinary(f: number): [mantissa: bigint, exponent: number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(f));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  return [biased === 0 ? fraction : fraction | (1n << 52n), (biased === 0 ? 1 : biased) - 1075];
}

/**
 * The first `digits` significant decimal digits of |f| (f finite, non-zero) and the decimal
 * exponent of the first, rounded as C's and Go's printf round: the exact binary value, ties to
 * even. JavaScript's toExponential rounds ties away from zero, so a value exactly halfway
 * (-2251799813653119.25 at 17 digits) is worked out exactly here; toExponential with three more
 * digits tells whether it can be one (they read 500 then).
 */
export function significantDigits(f: number, digits: number): [digits: string, exponent: number] {
  const a = Math.abs(f);
  const wide = a.toExponential(digits + 2);
  const w = wide.indexOf('e');
  const all = wide[0] + wide.slice(2, w);
  if (all.slice(digits) !== '500') {
    const s = a.toExponential(digits - 1);
    const e = s.indexOf('e');
    return [s[0] + s.slice(2, e), Number(s.slice(e + 1))];
  }
  let exponent = Number(wide.slice(w + 1));
  const [m, x] = exactBinary(f);
  const k = digits - 1 - exponent;
  let num = x >= 0 ? m << BigInt(x) : m;
  let den = x >= 0 ? 1n : 1n << BigInt(-x);
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  let q = num / den;
  const twice = (num % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  if (q === 10n ** BigInt(digits)) {
    q /= 10n;
    exponent++;
  }
  return [q.toString(), exponent];
}

/**
 * strconv.FormatFloat(f, 'g', -1, 64), which is also fmt's %v: the shortest digits that round-trip,
 * in exponent form when the decimal exponent is < -4 or >= 6 (Go decides with a precision of 6 in
 * shortest mode), the exponent with at least two digits. toExponential() gives the same digits.
 */
export function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  if (Number.isInteger(f) && f > -1e6 && f < 1e6) return String(f);
  const neg = f < 0;
  const [mant, expText] = Math.abs(f).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  let body: string;
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    body = `${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  } else {
    const dp = exp + 1; // digits before the decimal point
    if (dp <= 0) body = `0.${'0'.repeat(-dp)}${digits}`;
    else if (dp >= digits.length) body = digits + '0'.repeat(dp - digits.length);
    else body = `${digits.slice(0, dp)}.${digits.slice(dp)}`;
  }
  return neg ? `-${body}` : body;
}

const NAMED_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\' };

// strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** One code point as Quote/QuoteRune (or, `asciiOnly`, their ToASCII forms) write it inside their quotes. */
function quoteChar(ch: string, quote: string, asciiOnly = false): string {
  if (ch === quote) return '\\' + ch;
  const named = NAMED_ESCAPES[ch];
  if (named !== undefined) return named;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  if (asciiOnly ? cp < 0x80 : PRINTABLE.test(ch)) return ch;
  return cp > 0xffff ? '\\U' + cp.toString(16).padStart(8, '0') : '\\u' + cp.toString(16).padStart(4, '0');
}

/** strconv.Quote (fmt's %q of a string): non-printable characters escaped. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) out += quoteChar(ch, '"');
  return out + '"';
}

/** strconv.QuoteRune (fmt's %q of an integer): a surrogate or out-of-range value is U+FFFD. */
export function quoteRune(cp: number): string {
  if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "'\ufffd'";
  return `'${quoteChar(String.fromCodePoint(cp), "'")}'`;
}

/** strconv.QuoteRuneToASCII (fmt's %+q of an integer): as QuoteRune, with everything past ASCII escaped. */
export function quoteRuneToASCII(cp: number): string {
  const valid = cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
  return `'${quoteChar(String.fromCodePoint(valid ? cp : 0xfffd), "'", true)}'`;
}
