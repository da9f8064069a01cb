// Numbers: abs, sign, max, min, clamp, pow, exp, log(2/10), exponent,
// mantissa, floor, ceil, round, sqrt, trigonometry, hypot, deg2rad/rad2deg,
// isEven/isOdd/isInteger/isDecimal, modulo, mod, pi.

import { RuntimeError, builtin, compare, force, lazyBuiltin, typeOf, type Value } from '../value.js';
import { format } from './format.js';
import { goAcos, goAsin, goAtan, goAtan2, goCos, goExp, goLog, goPow, goSin, goTan } from './go-math.js';
import { asNumber, checkNumber, register, type Builtins } from './util.js';

/** Go's math.Frexp: x = frac * 2^exp with |frac| in [0.5, 1); (0, 0) for 0. */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.floor(Math.log2(Math.abs(x))) + 1;
  // 2^e may overflow for the largest doubles: scale in two steps.
  let m = e > 1023 ? x / 2 ** 1023 / 2 ** (e - 1023) : x / 2 ** e;
  while (Math.abs(m) >= 1) {
    m /= 2;
    e++;
  }
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e--;
  }
  return [m, e];
}

/** Go's math.Round: halves away from zero (JS Math.round rounds them up). */
function goRound(x: number): number {
  const t = Math.trunc(x);
  if (Math.abs(x - t) >= 0.5) return t + Math.sign(x);
  return t;
}

/** std.log with go-jsonnet's checks (log(0) overflows, log(-1) is not a number). */
function checkedLog(x: number): number {
  return checkNumber(goLog(x));
}

/** std.modulo: go-jsonnet's math.Mod (sign of the dividend). */
function modulo(x: number, y: number): number {
  if (y === 0) throw new RuntimeError('Division by zero.');
  return checkNumber(x % y);
}

export function addMathBuiltins(m: Builtins): void {
  const unary = (name: string, f: (x: number) => number) =>
    builtin(name, ['x'], (a) => checkNumber(f(asNumber(a[0]))));
  const binary = (name: string, p: [string, string], f: (x: number, y: number) => number) =>
    builtin(name, p, (a) => checkNumber(f(asNumber(a[0]), asNumber(a[1]))));
  const test = (name: string, f: (x: number) => boolean) => builtin(name, ['x'], (a) => f(asNumber(a[0])));
  const expectNumber = (v: Value, what: string): number => {
    if (typeof v !== 'number') throw new RuntimeError(`${what} expected number, got ${typeOf(v)}`);
    return v;
  };

  register(
    m,
    // abs/sign/max/min come from std.jsonnet in go-jsonnet; their messages are kept.
    builtin('abs', ['n'], (a) => {
      const n = expectNumber(a[0], 'std.abs');
      return n > 0 ? n : -n;
    }),
    builtin('sign', ['n'], (a) => {
      const n = expectNumber(a[0], 'std.sign');
      return n > 0 ? 1 : n < 0 ? -1 : 0;
    }),
    // std.jsonnet's max/min/clamp take their arguments lazily, each evaluated where first used.
    lazyBuiltin('max', ['a', 'b'], ([a, b]) => {
      const x = expectNumber(force(a), 'std.max first param');
      const y = expectNumber(force(b), 'std.max second param');
      return x > y ? x : y;
    }),
    lazyBuiltin('min', ['a', 'b'], ([a, b]) => {
      const x = expectNumber(force(a), 'std.min first param');
      const y = expectNumber(force(b), 'std.min second param');
      return x < y ? x : y;
    }),
    // Uses Jsonnet's `<`, so strings and arrays clamp too, as in std.jsonnet.
    lazyBuiltin('clamp', ['x', 'minVal', 'maxVal'], ([xL, loL, hiL]) => {
      const x = force(xL);
      const lo = force(loL);
      if (compare(x, lo) < 0) return lo;
      const hi = force(hiL);
      if (compare(x, hi) > 0) return hi;
      return x;
    }),
    // Go's math functions, bit for bit (go-math.ts).
    binary('pow', ['x', 'n'], goPow),
    // Like Go: exp of a large argument is an overflow, not zero.
    unary('exp', (x) => {
      const r = goExp(x);
      return r === 0 && x > 0 ? Infinity : r;
    }),
    unary('log', goLog),
    // std.jsonnet defines these as quotients of natural logs; keep its rounding.
    builtin('log2', ['x'], (a) => checkNumber(checkedLog(asNumber(a[0])) / checkedLog(2))),
    builtin('log10', ['x'], (a) => checkNumber(checkedLog(asNumber(a[0])) / checkedLog(10))),
    unary('exponent', (x) => frexp(x)[1]),
    unary('mantissa', (x) => frexp(x)[0]),
    unary('floor', Math.floor),
    unary('ceil', Math.ceil),
    unary('round', goRound),
    unary('sqrt', Math.sqrt),
    unary('sin', goSin),
    unary('cos', goCos),
    unary('tan', goTan),
    unary('asin', goAsin),
    unary('acos', goAcos),
    unary('atan', goAtan),
    binary('atan2', ['y', 'x'], goAtan2),
    binary('hypot', ['x', 'y'], Math.hypot),
    builtin('deg2rad', ['x'], (a) => checkNumber((asNumber(a[0]) * Math.PI) / 180)),
    builtin('rad2deg', ['x'], (a) => checkNumber((asNumber(a[0]) * 180) / Math.PI)),
    test('isEven', (x) => Math.trunc(x) % 2 === 0),
    test('isOdd', (x) => Math.trunc(x) % 2 !== 0),
    test('isInteger', (x) => x - Math.trunc(x) === 0),
    test('isDecimal', (x) => x - Math.trunc(x) !== 0),
    builtin('modulo', ['x', 'y'], (a) => modulo(asNumber(a[0]), asNumber(a[1]))),
    // What `%` desugars to: numeric modulo, or string formatting.
    builtin('mod', ['a', 'b'], ([a, b]) => {
      if (typeof a === 'number' && typeof b === 'number') return modulo(a, b);
      if (typeof a === 'string') return format(a, b);
      throw new RuntimeError(`Operator % cannot be used on types ${typeOf(a)} and ${typeOf(b)}.`);
    }),
  );
  m.set('pi', Math.PI);
}
