// Go's strconv where the toolkit must read or print numbers exactly as Go does: ParseInt/ParseUint with
// base 0 (YAML scalar resolution in go-yaml v2/v3 and sigs.k8s.io/yaml) and FormatFloat(f, 'f', -1, 64)
// (JSON/YAML manifests, Tanka's label fields). Written from the Go spec's integer literal syntax;
// checked against answers recorded from Go (tests/fixtures/gocompat/strconv-golden.json).

const UINT64_MAX = 2n ** 64n - 1n;
const INT64_LIMIT = 2n ** 63n;

// Base 0 reads a Go integer literal: 0b/0o/0x prefixes (either case), a leading 0 for octal, and single
// underscores between digits or right after a prefix.
const BASE0_LITERAL = /^(?:0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[0-9a-fA-F])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)$/;

function unsignedBase0(s: string): bigint | null {
  if (!BASE0_LITERAL.test(s)) return null;
  const digits = s.replaceAll('_', '');
  // BigInt reads the 0b/0o/0x forms itself; a bare leading 0 means octal in Go, decimal for BigInt.
  return BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
}

/** strconv.ParseUint(s, 0, 64); null on a syntax or range error. */
export function parseUint64(s: string): bigint | null {
  const v = unsignedBase0(s);
  return v !== null && v <= UINT64_MAX ? v : null;
}

/** strconv.ParseInt(s, 0, 64); null on a syntax or range error. */
export function parseInt64(s: string): bigint | null {
  const negative = s[0] === '-';
  const v = unsignedBase0(s[0] === '-' || s[0] === '+' ? s.slice(1) : s);
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
