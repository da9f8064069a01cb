// Shared helpers for the standard library: argument checks with go-jsonnet's
// error wording, Go-style number rendering for messages, and small
// constructors for lazy arrays and plain objects.

import {
  JArray,
  JFunction,
  JObject,
  RuntimeError,
  Thunk,
  typeOf,
  builtin,
  type LazyValue,
  type ParamSpec,
  type Value,
} from '../value.js';
import { formatFloatFixed, formatFloatG } from '../../gocompat/strconv.js';
import { GO_STD, StdThunk } from './go-std-frames.js';

/** Go's `%v` of a float64, as go-jsonnet prints numbers in its messages. */
export { formatFloatG as goFloatV };

export type Builtins = Map<string, Value>;

/** go-jsonnet's `typeErrorSpecific`: "Unexpected type number, expected string". */
export function unexpectedType(v: Value, expected: string): RuntimeError {
  return new RuntimeError(`Unexpected type ${typeOf(v)}, expected ${expected}`);
}

/** go-jsonnet's `typeErrorGeneral`: "Unexpected type number". */
export function unexpectedTypeGeneral(v: Value): RuntimeError {
  return new RuntimeError(`Unexpected type ${typeOf(v)}`);
}

export function asString(v: Value): string {
  if (typeof v === 'string') return v;
  throw unexpectedType(v, 'string');
}

export function asNumber(v: Value): number {
  if (typeof v === 'number') return v;
  throw unexpectedType(v, 'number');
}

export function asBoolean(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  throw unexpectedType(v, 'boolean');
}

export function asArray(v: Value): JArray {
  if (v instanceof JArray) return v;
  throw unexpectedType(v, 'array');
}

export function asObject(v: Value): JObject {
  if (v instanceof JObject) return v;
  throw unexpectedType(v, 'object');
}

export function asFunction(v: Value): JFunction {
  if (v instanceof JFunction) return v;
  throw unexpectedType(v, 'function');
}

/**
 * go-jsonnet's `getInt`: a number that is an integer within int32 range
 * ("Expected an integer, but got 1.5").
 */
export function asInt(v: Value): number {
  const n = asNumber(v);
  if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) {
    throw new RuntimeError(`Expected an integer, but got ${formatFloatG(n)}`);
  }
  return n;
}

/** std.char: like Go's string(rune(n)) (truncates; surrogates become U+FFFD). */
export function charOf(n: number): string {
  if (n > 0x10ffff) throw new RuntimeError(`Invalid unicode codepoint, got ${formatFloatG(n)}`);
  if (n < 0) throw new RuntimeError(`Codepoints must be >= 0, got ${formatFloatG(n)}`);
  const cp = Math.trunc(n);
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
  return String.fromCodePoint(cp);
}

/** Go's `%f` (six decimals). */
export function goFloatF(n: number): string {
  return formatFloatFixed(n, 6);
}

/** go-jsonnet's `makeDoubleCheck`: NaN and infinities are errors. */
export function checkNumber(n: number): number {
  if (Number.isNaN(n)) throw new RuntimeError('Not a number');
  if (!Number.isFinite(n)) throw new RuntimeError('Overflow');
  return n;
}

/** V8's longest string (2^29 - 24 UTF-16 units): beyond it JS throws a RangeError. */
const MAX_STRING_LENGTH = 2 ** 29 - 24;
/** Default bounds: far beyond real configurations, well before memory runs out. */
export const DEFAULT_MAX_ARRAY_LENGTH = 10_000_000;
export const DEFAULT_MAX_STRING_LENGTH = 100_000_000;
export const DEFAULT_MAX_IMPORT_SIZE = 100 * 1024 * 1024;

/** The bounds of the evaluation in progress (the engine sets them from its options for each run). */
export const limits = { maxArrayLength: DEFAULT_MAX_ARRAY_LENGTH, maxStringLength: DEFAULT_MAX_STRING_LENGTH };

/** Fails with a Jsonnet error when a string of `n` units would exceed the limit. */
export function checkStringLength(n: number): void {
  if (n > limits.maxStringLength || n > MAX_STRING_LENGTH) {
    const limit = Math.min(limits.maxStringLength, MAX_STRING_LENGTH);
    throw new RuntimeError(`string of ${n} characters exceeds the limit of ${limit} (raise it with --max-string-length)`);
  }
}

/** Fails with a Jsonnet error when an array of `n` elements would exceed the limit. */
export function checkArrayLength(n: number): void {
  if (n > limits.maxArrayLength) {
    throw new RuntimeError(`array of ${n} elements exceeds the limit of ${limits.maxArrayLength} (raise it with --max-array-length)`);
  }
}

/** A closure deferred; unlike value.ts FnThunk it can be forced again after a failure. */
export class RetryableThunk extends Thunk {
  constructor(private fn: (() => Value) | null) {
    super();
  }
  protected compute(): Value {
    const v = this.fn!();
    this.fn = null;
    return v;
  }
}

/** `obj[key]` deferred until needed. */
class FieldThunk extends Thunk {
  constructor(
    private obj: JObject | null,
    private readonly key: string,
  ) {
    super();
  }
  protected compute(): Value {
    const v = this.obj!.get(this.key);
    this.obj = null;
    return v;
  }
}

/** An array whose i-th element is `f(i)`, computed on first use (std.makeArray). */
export function lazyArray(n: number, f: JFunction): JArray {
  checkArrayLength(n);
  const items = new Array<LazyValue>(n);
  for (let i = 0; i < n; i++) items[i] = StdThunk.calling(f, [i], GO_STD.makeArray.element);
  return new JArray(items);
}

/** A one-layer object with visible fields; values may be thunks. */
export function makeObject(fields: Map<string, LazyValue>): JObject {
  return JObject.fromMap(fields);
}

/** `obj[key]` deferred until needed. */
export function lazyField(obj: JObject, key: string): Thunk {
  return new FieldThunk(obj, key);
}

/** The identity function, the default `keyF` of sort/uniq/set*; recognised to skip calls. */
export const ID_FUNCTION: JFunction = builtin('id', ['x'], (a) => a[0]);

/** An optional parameter defaulting to the identity function. */
export const KEY_F_PARAM: ParamSpec = { name: 'keyF', optional: true, defaultValue: ID_FUNCTION };

/** Registers builtins into a map under their names. */
export function register(map: Builtins, ...fns: JFunction[]): void {
  for (const f of fns) map.set(f.name, f);
}
