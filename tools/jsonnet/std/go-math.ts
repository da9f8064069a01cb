// Go's math package, bit for bit, where JavaScript's Math answers differently
// in the last place: go-jsonnet's std.sin/cos/tan/asin/acos/atan/atan2/exp/
// pow/log2 are Go's math functions. The polynomial approximations are the
// Cephes library's (Stephen L. Moshier, "may be used freely"), evaluated in
// the same order as Go does so that every rounding step is the same; exp
// follows Go's amd64 routine (Shibata's method), which fuses multiply-adds
// when the CPU has FMA, as every x86-64 machine since 2013 does; log is Go's
// amd64 routine (fdlibm's method). Math.sqrt is exact in both.

const PI = Math.PI;
const SMALL_INT_POW = false;

// ---------------------------------------------------------------- fused multiply-add

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** A finite double as an exact integer mantissa and a power-of-two exponent. */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const bits = u64[0];
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  if (expBits !== 0) mant |= 1n << 52n;
  const exp = (expBits === 0 ? 1 : expBits) - 1075;
  return [bits >> 63n ? -mant : mant, exp];
}

/** a*b + c rounded once (IEEE fma), for finite inputs whose result is a normal double. */
function fma(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || a === 0 || b === 0) return a * b + c;
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  let prod = ma * mb;
  let e = ea + eb;
  if (c !== 0) {
    const [mc, ec] = decompose(c);
    if (ec >= e) prod += mc << BigInt(ec - e);
    else {
      prod = (prod << BigInt(e - ec)) + mc;
      e = ec;
    }
  }
  if (prod === 0n) return 0;
  // Number(bigint) rounds to nearest-even; scaling by a power of two is exact in the normal range.
  // Keep the integer below 2^1000 so the conversion cannot overflow.
  const bitLen = prod.toString(16).length * 4;
  if (bitLen > 900) {
    const shift = bitLen - 900;
    // Fold the dropped bits into a sticky bit so rounding stays correct.
    const sign = prod < 0n ? -1n : 1n;
    const abs = prod * sign;
    const kept = abs >> BigInt(shift);
    const sticky = (abs & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
    prod = sign * ((kept << 1n) | sticky);
    e += shift - 1;
  }
  return Number(prod) * 2 ** e;
}

// ---------------------------------------------------------------- arctangent family

/** atan on [0, 0.66]: x + x^3 P(x^2)/Q(x^2) (Cephes atan.c coefficients). */
function atanKernel(x: number): number {
  const p0 = -8.750608600031904122785e-1;
  const p1 = -1.615753718733365076637e1;
  const p2 = -7.50085579231470466734e1;
  const p3 = -1.22886668449013617341e2;
  const p4 = -6.485021904942025371773e1;
  const q0 = 2.485846490142306297962e1;
  const q1 = 1.650270098316988542046e2;
  const q2 = 4.328810604912902668951e2;
  const q3 = 4.853903996359136964868e2;
  const q4 = 1.945506571482613964425e2;
  let z = x * x;
  z = (z * ((((p0 * z + p1) * z + p2) * z + p3) * z + p4)) / (((((z + q0) * z + q1) * z + q2) * z + q3) * z + q4);
  return x * z + x;
}

/** atan of a positive argument, reduced to [0, 0.66]. */
function atanPositive(x: number): number {
  const moreBits = 6.123233995736765886130e-17; // pi/2 = PI/2 + moreBits
  const tan3pio8 = 2.41421356237309504880;
  if (x <= 0.66) return atanKernel(x);
  if (x > tan3pio8) return PI / 2 - atanKernel(1 / x) + moreBits;
  return PI / 4 + atanKernel((x - 1) / (x + 1)) + 0.5 * moreBits;
}

export function goAtan(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  return x > 0 ? atanPositive(x) : -atanPositive(-x);
}

export function goAsin(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  const negative = x < 0;
  if (negative) x = -x;
  if (x > 1) return NaN;
  let t = Math.sqrt(1 - x * x);
  t = x > 0.7 ? PI / 2 - atanPositive(t / x) : atanPositive(x / t);
  return negative ? -t : t;
}

export function goAcos(x: number): number {
  return PI / 2 - goAsin(x);
}

export function goAtan2(y: number, x: number): number {
  if (Number.isNaN(y) || Number.isNaN(x)) return NaN;
  const negY = y < 0 || Object.is(y, -0);
  const signed = (v: number) => (negY ? -v : v);
  if (y === 0) {
    if (x >= 0 && !Object.is(x, -0)) return y; // ±0
    return signed(PI);
  }
  if (x === 0) return signed(PI / 2);
  if (!Number.isFinite(x)) {
    if (x > 0) return Number.isFinite(y) ? signed(0) : signed(PI / 4);
    return Number.isFinite(y) ? signed(PI) : signed((3 * PI) / 4);
  }
  if (!Number.isFinite(y)) return signed(PI / 2);
  const q = goAtan(y / x);
  if (x < 0) return q <= 0 ? q + PI : q - PI;
  return q;
}

// ---------------------------------------------------------------- sine, cosine, tangent

const SIN = [1.5896230157654656806e-10, -2.50507477628578072866e-8, 2.75573136213857245213e-6, -1.98412698295895385996e-4, 8.33333333332211858878e-3, -1.66666666666666307295e-1];
const COS = [-1.135853652138768173e-11, 2.08757008419747316778e-9, -2.75573141792967388112e-7, 2.48015872888517045348e-5, -1.38888888888730564116e-3, 4.16666666666665929218e-2];
const TAN_P = [-1.30936939181383777646e4, 1.1535166483858741614e6, -1.79565251976484877988e7];
const TAN_Q = [1, 1.36812963470692954678e4, -1.32089234440210967447e6, 2.50083801823357915839e7, -5.38695755929454629881e7];
/** Pi/4 in three parts for extended-precision reduction. */
const PI4A = 7.85398125648498535156e-1;
const PI4B = 3.77489470793079817668e-8;
const PI4C = 2.69515142907905952645e-15;
/** Beyond this, Go reduces with Payne-Hanek; below it the three-part reduction is exact enough. */
const REDUCE_THRESHOLD = 1 << 29;

// Payne-Hanek reduction for huge arguments, as Go's math.trigReduce does it:
// x's 53-bit mantissa times the binary digits of 4/pi, keeping only the
// product's bits around the binary point (all in exact integer arithmetic).

const U64 = (1n << 64n) - 1n;
let fourOverPiWords: bigint[] | null = null;

/** The first 20 64-bit words of 4/pi (word 0 holds the integer part, 1), computed once. */
function fourOverPi(): bigint[] {
  if (fourOverPiWords !== null) return fourOverPiWords;
  const P = 1500n; // fixed-point bits of pi, well beyond the 19 * 64 fraction bits needed
  const one = 1n << P;
  // pi = 16 atan(1/5) - 4 atan(1/239) (Machin), each series summed in fixed point.
  const atanInv = (n: bigint): bigint => {
    let sum = 0n;
    let term = one / n;
    const n2 = n * n;
    for (let k = 1n; term !== 0n; k += 2n) {
      sum += (k % 4n === 1n ? term : -term) / k;
      term /= n2;
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  const bits = (4n << (64n * 19n + P)) / pi; // 4/pi with 19 words of fraction
  const words: bigint[] = [];
  for (let i = 19n; i >= 0n; i--) words.push((bits >> (64n * i)) & U64);
  fourOverPiWords = words;
  return words;
}

/** Go's trigReduce: octant j and the reduced argument z of x >= 2^29. */
function payneHanek(x: number): [number, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  let ix = view.getBigUint64(0);
  const exp = Number((ix >> 52n) & 0x7ffn) - 1023 - 52;
  ix = (ix & ((1n << 52n) - 1n)) | (1n << 52n);
  const m = fourOverPi();
  const digit = Math.floor((exp + 61) / 64);
  const shift = BigInt((exp + 61) % 64);
  const word = (i: number) => ((m[i] << shift) | (shift === 0n ? 0n : m[i + 1] >> (64n - shift))) & U64;
  const z0 = word(digit);
  const z1 = word(digit + 1);
  const z2 = word(digit + 2);
  const z2hi = (z2 * ix) >> 64n;
  const z1full = z1 * ix;
  const z0lo = (z0 * ix) & U64;
  const loSum = (z1full & U64) + z2hi;
  const lo = loSum & U64;
  let hi = (z0lo + (z1full >> 64n) + (loSum >> 64n)) & U64;
  let j = Number(hi >> 61n);
  hi = ((hi << 3n) | (lo >> 61n)) & U64;
  const lz = 64 - hi.toString(2).length;
  const e = BigInt(1023 - (lz + 1));
  hi = ((hi << BigInt(lz + 1)) | (lo >> BigInt(64 - (lz + 1)))) & U64;
  hi >>= 64n - 52n;
  hi |= e << 52n;
  view.setBigUint64(0, hi);
  let z = view.getFloat64(0);
  if (j % 2 === 1) {
    j = (j + 1) & 7;
    z--;
  }
  return [j, z * (PI / 4)];
}

/** Octant j (0..7, zeros mapped to even octants) and the reduced argument z of x >= 0. */
function reduce(x: number): [number, number] {
  if (x >= REDUCE_THRESHOLD) return payneHanek(x);
  let j = Math.floor(x * (4 / PI));
  let y = j;
  if (j % 2 === 1) {
    j++;
    y++;
  }
  j %= 8;
  return [j, x - y * PI4A - y * PI4B - y * PI4C];
}

function sinPoly(z: number, zz: number): number {
  return z + z * zz * (((((SIN[0] * zz + SIN[1]) * zz + SIN[2]) * zz + SIN[3]) * zz + SIN[4]) * zz + SIN[5]);
}
function cosPoly(zz: number): number {
  return 1.0 - 0.5 * zz + zz * zz * (((((COS[0] * zz + COS[1]) * zz + COS[2]) * zz + COS[3]) * zz + COS[4]) * zz + COS[5]);
}

export function goSin(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return NaN;
  let negative = x < 0;
  if (negative) x = -x;
  let [j, z] = reduce(x);
  if (j > 3) {
    negative = !negative;
    j -= 4;
  }
  const zz = z * z;
  const y = j === 1 || j === 2 ? cosPoly(zz) : sinPoly(z, zz);
  return negative ? -y : y;
}

export function goCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  x = Math.abs(x);
  let [j, z] = reduce(x);
  let negative = false;
  if (j > 3) {
    j -= 4;
    negative = !negative;
  }
  if (j > 1) negative = !negative;
  const zz = z * z;
  const y = j === 1 || j === 2 ? sinPoly(z, zz) : cosPoly(zz);
  return negative ? -y : y;
}

export function goTan(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return NaN;
  const negative = x < 0;
  if (negative) x = -x;
  const [j, z] = reduce(x);
  const zz = z * z;
  let r = z;
  if (zz > 1e-14) {
    r = z + z * ((zz * ((TAN_P[0] * zz + TAN_P[1]) * zz + TAN_P[2])) / ((((zz + TAN_Q[1]) * zz + TAN_Q[2]) * zz + TAN_Q[3]) * zz + TAN_Q[4]));
  }
  if (j % 4 >= 2) r = -1 / r;
  return negative ? -r : r;
}

// ---------------------------------------------------------------- exp, log2, pow

const LN2U = 0.69314718055966295651160180568695068359375;
const LN2L = 0.28235290563031577122588448175013436025525412068e-12;
const LOG2E = 1.442695040888963407359924681001892;
const EXP_OVERFLOW = 7.09782712893384e2;
/** Taylor coefficients 1/k! for k = 2..9, highest first as evaluated. */
const EXP_T = [2.4801587301587301587e-5, 1.984126984126984127e-4, 1.3888888888888888889e-3, 8.3333333333333333333e-3, 4.1666666666666666667e-2, 1.6666666666666666667e-1, 0.5, 1.0];

/** Round half to even (the x86 conversion under the default rounding mode). */
function roundEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function goExp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > EXP_OVERFLOW) return Infinity;
  const k = roundEven(x * LOG2E);
  if (!Number.isFinite(k) || Math.abs(k) > 2 ** 31) return x < 0 ? 0 : Infinity;
  let r = fma(-LN2U, k, x);
  r = fma(-LN2L, k, r);
  r *= 0.0625;
  let p = EXP_T[0];
  for (let i = 1; i < EXP_T.length; i++) p = fma(p, r, EXP_T[i]);
  r *= p; // r = e^r - 1 for the reduced argument
  // Square four times: e^(16r) - 1 = ((e^r - 1) + 2)(e^r - 1), and so on.
  r *= r + 2;
  r *= r + 2;
  r *= r + 2;
  const t = r + 2;
  r = fma(r, t, 1);
  // Scale by 2^k, through a subnormal step as the assembly does.
  let biased = k + 0x3ff;
  if (biased <= 0) {
    if (biased < -52) return 0;
    r *= 2 ** (biased + 0x3fe - 0x3ff);
    biased = 1;
  } else if (biased >= 0x7ff) return Infinity;
  return r * 2 ** (biased - 0x3ff);
}

/** Go's math.Frexp. */
function goFrexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x) || Number.isNaN(x)) return [x, 0];
  let e = 0;
  if (Math.abs(x) < 2.2250738585072014e-308) {
    x *= 2 ** 52;
    e = -52;
  }
  f64[0] = x;
  const bits = u64[0];
  e += Number((bits >> 52n) & 0x7ffn) - 1022;
  u64[0] = (bits & ~(0x7ffn << 52n)) | (1022n << 52n);
  return [f64[0], e];
}

/** Go's amd64 math.Log (fdlibm's method; V8's log differs from it in the last place now and then). */
export function goLog(x: number): number {
  if (x === 0) return -Infinity;
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === Infinity) return x;
  const ln2Hi = 6.9314718036912381649e-1;
  const ln2Lo = 1.90821492927058770002e-10;
  const l1 = 6.66666666666673513e-1;
  const l2 = 3.999999999940941908e-1;
  const l3 = 2.857142874366239149e-1;
  const l4 = 2.222219843214978396e-1;
  const l5 = 1.818357216161805012e-1;
  const l6 = 1.531383769920937332e-1;
  const l7 = 1.479819860511658591e-1;
  // x = f1 * 2^k with f1 in [0.5, 1), read straight from the bits (subnormals included, as the assembly does).
  f64[0] = x;
  const bits = u64[0];
  let k = Number((bits >> 52n) & 0x7ffn) - 0x3fe;
  u64[0] = (bits & 0xfffffffffffffn) | 0x3fe0000000000000n;
  let f1 = f64[0];
  if (f1 <= Math.SQRT1_2) {
    k -= 1;
    f1 *= 2;
  }
  const f = f1 - 1;
  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const t1 = s2 * (((l7 * s4 + l5) * s4 + l3) * s4 + l1);
  const t2 = s4 * ((l6 * s4 + l4) * s4 + l2);
  const r = t1 + t2;
  const hfsq = 0.5 * f * f;
  return k * ln2Hi - (hfsq - (s * (hfsq + r) + k * ln2Lo) - f);
}

/** Go's math.Ldexp (exact scaling, with the subnormal rounding of a single multiply). */
function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  const [f, e] = goFrexp(frac);
  exp += e;
  if (exp < -1075) return frac < 0 ? -0 : 0;
  if (exp > 1024) return frac < 0 ? -Infinity : Infinity;
  // f in [0.5, 1): f * 2^exp, in two steps so no intermediate overflows or rounds twice in the normal range.
  if (exp < -1021) return f * 2 ** (exp + 52) * 2 ** -52;
  if (exp > 1000) return f * 2 ** (exp - 100) * 2 ** 100;
  return f * 2 ** exp;
}

function isOddInt(x: number): boolean {
  if (Math.abs(x) >= 2 ** 53) return false;
  return Number.isInteger(x) && Math.abs(x % 2) === 1;
}

export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) {
    if (y < 0) {
      if (Object.is(x, -0) && isOddInt(y)) return -Infinity;
      return Infinity;
    }
    if (isOddInt(y)) return x;
    return 0;
  }
  if (!Number.isFinite(y)) {
    if (x === -1) return 1;
    if ((Math.abs(x) < 1) === (y > 0)) return 0;
    return Infinity;
  }
  if (!Number.isFinite(x)) {
    if (x < 0) return goPow(1 / x, -y); // Pow(-0, -y)
    return y < 0 ? 0 : Infinity;
  }
  if (y === 0.5) return Math.sqrt(x);
  if (y === -0.5) return 1 / Math.sqrt(x);
  if (SMALL_INT_POW && Number.isInteger(y) && y >= -128 && y <= 127) {
    // Small integer powers: multiply powers of x found by repeated squaring, as Go does.
    let n = Math.abs(y);
    let r = 1.0;
    while (n > 1) {
      let t = x;
      let c = 1;
      while (c <= Math.floor(n / 2)) {
        t *= t;
        c *= 2;
      }
      n -= c;
      r *= t;
    }
    for (let i = 0; i < n; i++) r *= x;
    return y < 0 ? 1 / r : r;
  }

  let yi = Math.trunc(Math.abs(y));
  let yf = Math.abs(y) - yi;
  if (yf !== 0 && x < 0) return NaN;
  if (yi >= 2 ** 63) {
    // yi is a large even int: the result is 0, 1 or infinite.
    if (x === -1) return 1;
    if ((Math.abs(x) < 1) === (y > 0)) return 0;
    return Infinity;
  }

  // ans = a1 * 2^ae (= 1 for now).
  let a1 = 1.0;
  let ae = 0;
  // ans *= x^yf
  if (yf !== 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = goExp(yf * goLog(x));
  }
  // ans *= x^yi by repeated squaring, keeping the exponent apart to avoid overflow.
  let [x1, xe] = goFrexp(x);
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      // Catastrophic overflow or underflow: let ldexp sort it out.
      ae += xe;
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  // ans = a1 * 2^ae; if y < 0, ans = 1 / ans, but careful with overflow in the division.
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}
