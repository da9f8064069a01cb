// Types and reflection, equality, booleans: std.type, std.isX, std.length,
// std.primitiveEquals, std.equals, std.assertEqual, std.id, std.xor, std.xnor,
// std.toString, std.__compare.

import { escapeJsonString, toStringValue } from '../manifest/index.js';
import {
  JArray,
  JFunction,
  JObject,
  RuntimeError,
  builtin,
  lazyBuiltin,
  codePointLength,
  codePoints,
  compare,
  equals,
  typeOf,
  type Value,
} from '../value.js';
import { forceInStdFrames, GO_STD, goStdFrameAt, type StdFrames } from './go-std-frames.js';
import { ID_FUNCTION, RetryableThunk, asBoolean, register, unexpectedTypeGeneral, type Builtins } from './util.js';

/**
 * An object or a function walked as go-jsonnet's Jsonnet std walks an array (std.length, then
 * `v[i]`): as many elements as std.length counts (visible fields, parameters), each failing on use
 * as indexing it with a number fails, in the `<std>` frame `indexFrame`.
 */
export function unindexableElements(v: JObject | JFunction, indexFrame: string): JArray {
  const message = v instanceof JFunction ? 'Value non indexable: *jsonnet.valueFunction' : 'Unexpected type number, expected string';
  const failing = new RetryableThunk(() => {
    const err = new RuntimeError(message);
    err.goFrame = goStdFrameAt(indexFrame);
    throw err;
  });
  return new JArray(Array.from({ length: lengthOf(v) }, () => failing));
}

/** std.length: elements, code points, visible fields, or required parameters. */
export function lengthOf(v: Value): number {
  if (typeof v === 'string') return codePointLength(v);
  if (v instanceof JArray) return v.length;
  if (v instanceof JObject) return v.visibleFields().length;
  if (v instanceof JFunction) {
    let n = 0;
    for (const p of v.params) if (!p.optional) n++;
    return n;
  }
  throw unexpectedTypeGeneral(v);
}

/** go-jsonnet's primitiveEquals (kept for std.jsonnet compatibility). */
function primitiveEquals(a: Value, b: Value): boolean {
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  switch (ta) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return a === b;
    case 'function':
      throw new RuntimeError('Cannot test equality of functions');
    default:
      throw new RuntimeError(`primitiveEquals operates on primitive types, got ${ta}`);
  }
}

/** How std.assertEqual shows a value: strings JSON-quoted, the rest as std.toString. */
function assertShow(v: Value): string {
  return typeof v === 'string' ? escapeJsonString(v) : toStringValue(v);
}

export function addTypeBuiltins(m: Builtins): void {
  // go-jsonnet's isX are Jsonnet code (std.type(v) == 'x'): their call and their thunk of v are frames.
  const is = (name: keyof typeof GO_STD, test: (v: Value) => boolean) => {
    const frames = GO_STD[name] as StdFrames;
    return lazyBuiltin(name, ['v'], (a) => test(forceInStdFrames(frames, a[0])));
  };
  register(
    m,
    builtin('type', ['x'], (a) => typeOf(a[0])),
    is('isString', (v) => typeof v === 'string'),
    is('isNumber', (v) => typeof v === 'number'),
    is('isBoolean', (v) => typeof v === 'boolean'),
    is('isObject', (v) => v instanceof JObject),
    is('isArray', (v) => v instanceof JArray),
    is('isFunction', (v) => v instanceof JFunction),
    builtin('isNull', ['x'], (a) => a[0] === null),
    builtin('length', ['x'], (a) => lengthOf(a[0])),
    builtin('toString', ['a'], (a) => toStringValue(a[0])),
    builtin('primitiveEquals', ['x', 'y'], (a) => primitiveEquals(a[0], a[1])),
    builtin('equals', ['x', 'y'], (a) => equals(a[0], a[1])),
    builtin('assertEqual', ['a', 'b'], ([a, b]) => {
      if (equals(a, b)) return true;
      throw new RuntimeError(`Assertion failed. ${assertShow(a)} != ${assertShow(b)}`);
    }),
    builtin('xor', ['x', 'y'], (a) => asBoolean(a[0]) !== asBoolean(a[1])),
    builtin('xnor', ['x', 'y'], (a) => asBoolean(a[0]) === asBoolean(a[1])),
    // Three-way comparison exposed by std.jsonnet (undocumented but reachable).
    builtin('__compare', ['v1', 'v2'], (a) => stdCompare(a[0], a[1])),
    builtin('__compare_array', ['arr1', 'arr2'], (a) => stdCompareArrays(a[0], a[1])),
    builtin('__array_less', ['arr1', 'arr2'], (a) => stdCompareArrays(a[0], a[1]) < 0),
    builtin('__array_greater', ['arr1', 'arr2'], (a) => stdCompareArrays(a[0], a[1]) > 0),
    builtin('__array_less_or_equal', ['arr1', 'arr2'], (a) => stdCompareArrays(a[0], a[1]) <= 0),
    builtin('__array_greater_or_equal', ['arr1', 'arr2'], (a) => stdCompareArrays(a[0], a[1]) >= 0),
  );
  m.set('id', ID_FUNCTION);
}

/** std.__compare as go-jsonnet's std.jsonnet defines it (its own error wording). */
function stdCompare(a: Value, b: Value): number {
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta !== tb) throw new RuntimeError(`Comparison requires matching types. Got ${ta} and ${tb}`);
  if (ta === 'array') return stdCompareArrays(a, b);
  if (ta === 'boolean' || ta === 'object' || ta === 'function') throw new RuntimeError(`Values of type ${ta} are not comparable.`);
  return Math.sign(compare(a, b));
}

function stdCompareArrays(a: Value, b: Value): number {
  const notArray = (v: Value, frame: string) => {
    const err = new RuntimeError(`Unexpected type ${typeOf(v)}`);
    err.goFrame = goStdFrameAt(frame);
    return err;
  };
  // go-jsonnet's is Jsonnet code over std.length and indexing, so a string compares as its characters,
  // and an object (its visible fields) or a function (its parameters) has a length but fails when
  // indexed. Elements are forced one at a time: a difference ends the comparison before later elements.
  const elements = (v: Value, lengthFrame: string, indexFrame: string): { length: number; at: (i: number) => Value } => {
    if (v instanceof JArray) return { length: v.length, at: (i) => v.get(i) };
    if (typeof v === 'string') {
      const chars = codePoints(v);
      return { length: chars.length, at: (i) => chars[i]! };
    }
    if (v instanceof JObject || v instanceof JFunction) {
      const els = unindexableElements(v, indexFrame);
      return { length: els.length, at: (i) => els.get(i) };
    }
    throw notArray(v, lengthFrame);
  };
  const xs = elements(a, '1717:18-34 thunk <len1> from <function <anonymous>>', '1721:38-45 thunk from <thunk <cmpRes> from <function <aux>>>');
  const ys = elements(b, '1717:43-59 thunk <len2> from <function <anonymous>>', '1721:47-54 thunk from <thunk <cmpRes> from <function <aux>>>');
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const c = stdCompare(xs.at(i), ys.at(i));
    if (c !== 0) return c;
  }
  return Math.sign(xs.length - ys.length);
}
