// Jsonnet's operators on values, as go-jsonnet evaluates them: `+` (numbers, strings with
// std.toString of the other side, objects, arrays), arithmetic, bitwise operators on 64-bit
// integers, comparisons and indexing, with go-jsonnet's error messages. Used by the compiled code
// (compiler.ts); the argument checks come from std/util.ts as for the standard library.

import type { BinaryOp } from './ast.js';
import { compare, codePointAt, codePointLength, JArray, JObject, RuntimeError, typeOf, type Value } from './value.js';
import { concatToString, valueToString } from './runtime.js';
import { checkArrayLength, checkNumber, goFloatV, unexpectedType } from './std/util.js';

export function plus(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return checkNumber(a + b);
  if (typeof a === 'string') {
    if (typeof b === 'string') return concatToString(a, b);
    return concatToString(a, valueToString(b));
  }
  if (typeof b === 'string') return concatToString(valueToString(a), b);
  // go-jsonnet's dispatch: the left operand's type decides what the right one must be.
  if (typeof a === 'number') throw unexpectedType(b, 'number');
  if (a instanceof JObject) {
    if (b instanceof JObject) return a.extend(b);
    throw unexpectedType(b, 'object');
  }
  if (a instanceof JArray) {
    if (!(b instanceof JArray)) throw unexpectedType(b, 'array');
    if (a.items.length === 0) return b;
    if (b.items.length === 0) return a;
    checkArrayLength(a.items.length + b.items.length);
    return new JArray(a.items.concat(b.items));
  }
  throw new RuntimeError(`Unexpected type ${typeOf(a)}`);
}

/** The largest integer a double holds exactly: go-jsonnet's bound for bitwise operands. */
const MAX_SAFE = 9007199254740991;

/** A bitwise operand as a 64-bit integer (truncated), refused outside the exact range as go-jsonnet does. */
function toInt64(n: number): bigint {
  if (!(n >= -MAX_SAFE && n <= MAX_SAFE)) {
    throw new RuntimeError(`Bitwise operator argument ${goFloatV(n)} outside of range [-${MAX_SAFE}, ${MAX_SAFE}]`);
  }
  return BigInt(Math.trunc(n));
}

/** Go's int(x) of a float64 index: truncation toward zero (out of range: the smallest int64). */
function goInt(n: number): number {
  return Number(goInt64(n));
}

/** Go's int64(x) on amd64: out-of-range values (and NaN) become the smallest int64. `~` converts unchecked. */
export function goInt64(n: number): bigint {
  return n >= -(2 ** 63) && n < 2 ** 63 ? BigInt(Math.trunc(n)) : -(2n ** 63n);
}

export function bitwise(op: BinaryOp, a: Value, b: Value): number {
  if (typeof a !== 'number') throw unexpectedType(a, 'number');
  if (typeof b !== 'number') throw unexpectedType(b, 'number');
  // Fast path: both fit in 32 bits.
  if ((a | 0) === a && (b | 0) === b && op !== '<<' && op !== '>>') {
    return op === '&' ? a & b : op === '|' ? a | b : a ^ b;
  }
  const x = toInt64(a);
  const y = toInt64(b);
  let r: bigint;
  switch (op) {
    // Go shifts int64 by y % 64, so `1 << 64` is 1.
    case '<<':
      if (y < 0n) throw new RuntimeError('Shift by negative exponent.');
      r = BigInt.asIntN(64, x << y % 64n);
      break;
    case '>>':
      if (y < 0n) throw new RuntimeError('Shift by negative exponent.');
      r = x >> y % 64n;
      break;
    case '&':
      r = x & y;
      break;
    case '|':
      r = x | y;
      break;
    default:
      r = x ^ y;
  }
  return Number(r);
}

export function arith(op: BinaryOp, a: Value, b: Value): Value {
  if (typeof a !== 'number') throw unexpectedType(a, 'number');
  if (typeof b !== 'number') throw unexpectedType(b, 'number');
  switch (op) {
    case '-':
      return checkNumber(a - b);
    case '*':
      return checkNumber(a * b);
    case '/':
      if (b === 0) throw new RuntimeError('Division by zero.');
      return checkNumber(a / b);
    default:
      if (b === 0) throw new RuntimeError('Division by zero.');
      return checkNumber(a % b);
  }
}

export function cmp(op: BinaryOp, a: Value, b: Value): boolean {
  let c: number;
  if (typeof a === 'number' && typeof b === 'number') c = a - b;
  else if (typeof a === 'string' && typeof b === 'string') c = a < b ? -1 : a === b ? 0 : compareViaHelper(a, b);
  else c = compare(a, b);
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

function compareViaHelper(a: string, b: string): number {
  return compare(a, b);
}

export function indexValue(t: Value, i: Value): Value {
  if (t instanceof JObject) {
    if (typeof i !== 'string') throw unexpectedType(i, 'string');
    const v = t.tryGet(i);
    if (v === undefined) throw new RuntimeError(`Field does not exist: ${i}`);
    return v;
  }
  if (t instanceof JArray) {
    if (typeof i !== 'number') throw unexpectedType(i, 'number');
    if (!Number.isInteger(i)) i = goInt(i); // go-jsonnet truncates a fractional index
    if (i < 0 || i >= t.items.length) throw new RuntimeError(`Index ${i} out of bounds, not within [0, ${t.items.length})`);
    return t.get(i);
  }
  if (typeof t === 'string') {
    if (typeof i !== 'number') throw unexpectedType(i, 'number');
    if (!Number.isInteger(i)) i = goInt(i);
    const c = codePointAt(t, i);
    if (c === undefined) throw new RuntimeError(`Index ${i} out of bounds, not within [0, ${codePointLength(t)})`);
    return c;
  }
  // go-jsonnet names its Go type here.
  const goType = { null: 'valueNull', boolean: 'valueBoolean', number: 'valueNumber', function: 'valueFunction' }[typeOf(t) as 'null'];
  throw new RuntimeError(`Value non indexable: *jsonnet.${goType}`);
}
