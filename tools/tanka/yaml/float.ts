// Go's strconv.FormatFloat(f, 'g', -1, 64): the shortest digits that round-trip,
// printed in exponent form when the decimal exponent is < -4 or >= 6 (Go uses a
// fixed "precision" of 6 for that decision in shortest mode), with an exponent
// of at least two digits. JavaScript's toExponential() without an argument
// yields the same shortest digits.

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

/** How go-yaml prints a float64 scalar. */
export function yamlFloat(f: number): string {
  const s = formatFloatG(f);
  if (s === '+Inf') return '.inf';
  if (s === '-Inf') return '-.inf';
  if (s === 'NaN') return '.nan';
  return s;
}
