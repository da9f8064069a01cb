// Arrays and sets: makeArray, range, map/mapWithIndex/filterMap/flatMap,
// filter, foldl/foldr, join/lines/deepJoin, flattenArrays/flattenDeepArray,
// reverse, repeat, slice, member/count/find/contains, remove/removeAt,
// all/any, sum/avg, minArray/maxArray, sort/uniq, set/setMember/setUnion/
// setInter/setDiff.
//
// Mapping functions return arrays whose elements are computed on first use
// (as go-jsonnet's makeArray does), so an unused failing element is harmless.
// Sorting is stable; sets are merged in linear time; joins collect parts and
// concatenate once.

import { toStringValue } from '../manifest/index.js';
import { AliasThunk } from '../thunks.js';
import type { Loc } from '../ast.js';
import { forceInStdFrames, GO_STD, goStdFrameAt, inStdFrames, StdThunk, type StdFrames } from './go-std-frames.js';
import { lengthOf as stdLength, unindexableElements } from './types.js';
import {
  JArray,
  JFunction,
  JObject,
  RuntimeError,
  Thunk,
  builtin,
  compare,
  compareStrings,
  codePoints,
  equals,
  hasSurrogates,
  lazyBuiltin,
  typeOf,
  force,
  type LazyValue,
  type TraceFrame,
  type Value,
} from '../value.js';
import {
  ID_FUNCTION,
  KEY_F_PARAM,
  asArray,
  asBoolean,
  asFunction,
  asInt,
  asNumber,
  checkArrayLength,
  checkStringLength,
  lazyArray,
  register,
  unexpectedType,
  type Builtins,
} from './util.js';

// ---------------------------------------------------------------------------
// Keys and ordering

/** keyF applied to an element; the identity keyF just forces it. */
function keyOf(keyF: JFunction, item: LazyValue): Value {
  return keyF === ID_FUNCTION ? force(item) : keyF.call(item);
}

function keysOf(keyF: JFunction, arr: JArray): Value[] {
  const n = arr.length;
  const keys = new Array<Value>(n);
  for (let i = 0; i < n; i++) keys[i] = keyOf(keyF, arr.items[i]);
  return keys;
}

/** Key equality as std.jsonnet's `==`, with primitive fast paths. */
function keyEquals(a: Value, b: Value): boolean {
  if (a === b && typeof a !== 'object') return true;
  const t = typeof a;
  if ((t === 'number' || t === 'string') && t === typeof b) return false;
  return equals(a, b);
}

/** std.jsonnet's set ordering: `==` first, then `<`. 0 means equal. */
function keyOrder(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : compareStrings(a, b) < 0 ? -1 : 1;
  if (equals(a, b)) return 0;
  return compare(a, b) < 0 ? -1 : 1;
}

/** Stable order of indexes by keys (Jsonnet's `<`). */
function sortedIndexes(keys: Value[]): number[] {
  const n = keys.length;
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let allNumbers = true;
  let allPlainStrings = true;
  for (const k of keys) {
    if (typeof k !== 'number') allNumbers = false;
    if (typeof k !== 'string' || hasSurrogates(k)) allPlainStrings = false;
  }
  // Array.prototype.sort is stable (ES2019), as std.sort must be.
  if (allNumbers) {
    const ks = keys as number[];
    idx.sort((x, y) => ks[x] - ks[y]);
  } else if (allPlainStrings) {
    const ks = keys as string[];
    idx.sort((x, y) => (ks[x] < ks[y] ? -1 : ks[x] > ks[y] ? 1 : 0));
  } else {
    idx.sort((x, y) => compare(keys[x], keys[y]));
  }
  return idx;
}

function sort(arr: JArray, keyF: JFunction): JArray {
  const keys = keysOf(keyF, arr);
  const idx = sortedIndexes(keys);
  const items = arr.items;
  return new JArray(idx.map((i) => items[i]));
}

/**
 * go-jsonnet's uniq is std.foldl over the array (or a string's characters), comparing the key of the
 * last element kept with the key of the next: keyF is first called at the second element.
 */
function uniq(arrV: Value, keyFV: Value): JArray {
  if (typeof arrV !== 'string' && !(arrV instanceof JArray)) {
    throw atStdFrame(new RuntimeError(`foldl second parameter should be string or array, got ${typeOf(arrV)}`), '1487:5-26 function <anonymous>');
  }
  const arr = typeof arrV === 'string' ? new JArray(codePoints(arrV)) : arrV;
  const n = arr.length;
  if (n <= 1) return arr;
  if (!(keyFV instanceof JFunction)) throw atStdFrame(unexpectedType(keyFV, 'function'), '1483:15-41 function <f>');
  const items = arr.items;
  const out: LazyValue[] = [items[0]];
  let last = keyOf(keyFV, items[0]);
  for (let i = 1; i < n; i++) {
    const k = keyOf(keyFV, items[i]);
    let same: boolean;
    try {
      same = keyEquals(last, k);
    } catch (e) {
      throw atStdFrame(e, '1483:15-52 function <f>');
    }
    if (!same) {
      out.push(items[i]);
      last = k;
    }
  }
  return new JArray(out);
}

function set(arr: JArray, keyF: JFunction): JArray {
  const keys = keysOf(keyF, arr);
  const idx = sortedIndexes(keys);
  const items = arr.items;
  const out: LazyValue[] = [];
  let last: Value | undefined;
  for (const i of idx) {
    if (out.length > 0 && keyEquals(last as Value, keys[i])) continue;
    out.push(items[i]);
    last = keys[i];
  }
  return new JArray(out);
}

/**
 * go-jsonnet's frames for errors in its set functions (Jsonnet code in its std): std.length of `a`
 * and of `b`, indexing them, computing a key of an element of `a`, of `b`, and comparing two keys.
 * Errors take the frame of the step that raised them, so keyF is only checked when a key is needed
 * (as there: an empty operand never calls it).
 */
interface SetFrames {
  lenA: string;
  lenB: string;
  itemA: string;
  itemB: string;
  keyA: string;
  keyB: string;
  compare: string;
}
const SET_FRAMES: Record<SetOp, SetFrames> = {
  union: {
    lenA: '1499:15-28 function <aux>',
    lenB: '1501:20-33 function <aux>',
    itemA: '1504:25-29 thunk from <thunk <ak> from <function <aux>>>',
    itemB: '1505:25-29 thunk from <thunk <bk> from <function <aux>>>',
    keyA: '1504:20-30 thunk <ak> from <function <aux>>',
    keyB: '1505:20-30 thunk <bk> from <function <aux>>',
    compare: '1508:17-24 function <aux>',
  },
  inter: {
    lenA: '1516:15-28 function <aux>',
    lenB: '1516:37-50 function <aux>',
    itemA: '1519:17-21 thunk from <function <aux>>',
    itemB: '1519:31-35 thunk from <function <aux>>',
    keyA: '1519:12-22 function <aux>',
    keyB: '1519:26-36 function <aux>',
    compare: '1521:17-40 function <aux>',
  },
  diff: {
    lenA: '1529:15-28 function <aux>',
    lenB: '1531:20-33 function <aux>',
    itemA: '1534:17-21 thunk from <function <aux>>',
    itemB: '1534:31-35 thunk from <function <aux>>',
    keyA: '1534:12-22 function <aux>',
    keyB: '1534:26-36 function <aux>',
    compare: '1536:17-40 function <aux>',
  },
};

/** Gives an error raised by a native step the `<std>` frame go-jsonnet reports for that step. */
function atStdFrame(e: unknown, spec: string): unknown {
  if (e instanceof RuntimeError && e.goFrame === null && !e.trace?.length) e.goFrame = goStdFrameAt(spec);
  return e;
}

function keyAt(keyFV: Value, item: LazyValue, frame: string): Value {
  try {
    return keyOf(asFunction(keyFV), item);
  } catch (e) {
    throw atStdFrame(e, frame);
  }
}

function orderAt(a: Value, b: Value, frame: string): number {
  try {
    return keyOrder(a, b);
  } catch (e) {
    throw atStdFrame(e, frame);
  }
}

/** Lazily computed keys of a set operand (each key computed at most once). */
class KeyCache {
  private readonly keys: (Value | undefined)[];
  constructor(
    readonly arr: JArray,
    private readonly keyFV: Value,
    private readonly frame: string,
  ) {
    this.keys = new Array(arr.length);
  }
  get(i: number): Value {
    let k = this.keys[i];
    if (k === undefined) {
      k = keyAt(this.keyFV, this.arr.items[i], this.frame);
      this.keys[i] = k;
    }
    return k;
  }
}

type SetOp = 'union' | 'inter' | 'diff';

/**
 * A set function's argument as go-jsonnet's Jsonnet walks it: std.length, then `x[i]`. A string
 * gives its characters; an object or a function as many elements as std.length counts, each
 * failing on use as indexing it with a number fails; any other value fails at std.length.
 */
class SetOperand {
  private items: JArray | null = null;
  constructor(
    readonly value: Value,
    private readonly lenFrame: string,
    private readonly itemFrame: string,
  ) {}

  elements(): JArray {
    if (this.items !== null) return this.items;
    const v = this.value;
    if (v instanceof JArray) return (this.items = v);
    if (typeof v === 'string') return (this.items = new JArray(codePoints(v)));
    try {
      stdLength(v); // fails on what has no length, in its own frame
    } catch (e) {
      throw atStdFrame(e, this.lenFrame);
    }
    return (this.items = unindexableElements(v as JObject | JFunction, this.itemFrame));
  }

  get length(): number {
    return this.elements().length;
  }
}

/** A set function's `x` argument of setMember, walked as setInter's `b`. */
function asElements(v: Value): JArray {
  return new SetOperand(v, SET_FRAMES.inter.lenB, SET_FRAMES.inter.itemB).elements();
}

/**
 * go-jsonnet's `acc + x[k:]` at the end of a set function's walk: with a string operand, the
 * array so far (as std.toString writes it) and the rest of the string; what is neither fails in std.slice.
 */
function withRest(acc: LazyValue[], operand: SetOperand, from: number): Value {
  const v = operand.value;
  if (v instanceof JArray) {
    for (let k = from; k < v.length; k++) acc.push(v.items[k]);
    return new JArray(acc);
  }
  if (typeof v === 'string') return toStringValue(new JArray(acc)) + codePoints(v).slice(from).join('');
  throw atStdFrame(new RuntimeError(`std.slice accepts a string or an array, but got: ${typeOf(v)}`), '234:5-246:66');
}

function setOp(op: SetOp, aV: Value, bV: Value, keyFV: Value): Value {
  const frames = SET_FRAMES[op];
  const a = new SetOperand(aV, frames.lenA, frames.itemA);
  const b = new SetOperand(bV, frames.lenB, frames.itemB);
  const out: LazyValue[] = [];
  let i = 0;
  let j = 0;
  let ka: KeyCache | null = null;
  let kb: KeyCache | null = null;
  // Each step tests i against a's length before j against b's, as go-jsonnet's aux does.
  while (i < a.length && j < b.length) {
    ka ??= new KeyCache(a.elements(), keyFV, frames.keyA);
    kb ??= new KeyCache(b.elements(), keyFV, frames.keyB);
    const c = orderAt(ka.get(i), kb.get(j), frames.compare);
    if (c === 0) {
      if (op !== 'diff') out.push(a.elements().items[i]); // values in `a` win
      i++;
      j++;
    } else if (c < 0) {
      if (op !== 'inter') out.push(a.elements().items[i]);
      i++;
    } else {
      if (op === 'union') out.push(b.elements().items[j]);
      j++;
    }
  }
  // go-jsonnet: union ends with acc + b[j:] when a is done, else acc + a[i:]; diff with acc + a[i:]
  // when b is done first; inter with acc.
  if (op === 'union') return i >= a.length ? withRest(out, b, j) : withRest(out, a, i);
  if (op === 'diff' && i < a.length) return withRest(out, a, i);
  return new JArray(out);
}

/** Arrays found to hold only numbers, or only strings, in strictly increasing order (all evaluated). */
const plainSets = new WeakMap<JArray, 'number' | 'string' | null>();

/** The element type when `arr` is a sorted set of numbers or of strings whose elements all evaluate. */
function plainSetType(arr: JArray): 'number' | 'string' | null {
  let t = plainSets.get(arr);
  if (t !== undefined) return t;
  t = null;
  try {
    const first = force(arr.items[0]);
    const type = typeof first === 'number' ? 'number' : typeof first === 'string' ? 'string' : null;
    let ok = type !== null;
    let prev = first;
    for (let i = 1; ok && i < arr.length; i++) {
      const v = force(arr.items[i]);
      ok = typeof v === type && keyOrder(prev, v) < 0;
      prev = v;
    }
    if (ok) t = type;
  } catch {
    // An element that fails: only the walk knows whether go-jsonnet gets to it.
  }
  plainSets.set(arr, t);
  return t;
}

/**
 * go-jsonnet's setMember(x, arr) is setInter([x], arr): it walks arr from the start until a key is
 * not below x's. On a sorted set of numbers or strings a binary search gives the same answer;
 * anything else (a keyF, an unsorted array, elements that fail or do not compare) is walked as
 * go-jsonnet walks it, so the answer and the error are its own.
 */
function setMember(x: LazyValue, arr: JArray, keyFV: Value): boolean {
  const { keyA, keyB, compare } = SET_FRAMES.inter;
  if (arr.length === 0) return false;
  if (keyFV === ID_FUNCTION) {
    const type = plainSetType(arr);
    const kx = type === null ? undefined : force(x);
    if (type !== null && typeof kx === type) {
      let lo = 0;
      let hi = arr.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const c = keyOrder(kx as Value, force(arr.items[mid]));
        if (c === 0) return true;
        if (c > 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    }
  }
  for (let j = 0; j < arr.length; j++) {
    const c = orderAt(keyAt(keyFV, x, keyA), keyAt(keyFV, arr.items[j], keyB), compare);
    if (c === 0) return true;
    if (c < 0) return false;
  }
  return false;
}

/**
 * std.lines(arr) is `std.join('\n', arr + [''])` in go-jsonnet: what is not an array fails at the
 * `+` (a number or an object wants its own type on the right), a string at the join.
 */
function linesOperand(v: Value): JArray {
  if (v instanceof JArray || typeof v === 'string') return asArray(v);
  const message = typeof v === 'number' || v instanceof JObject ? `Unexpected type array, expected ${typeOf(v)}` : `Unexpected type ${typeOf(v)}`;
  throw atStdFrame(new RuntimeError(message), '339:20-30 thunk from <function <anonymous>>');
}

// ---------------------------------------------------------------------------
// Joining

function join(sep: Value, arrV: Value): Value {
  const arr = asArray(arrV);
  if (typeof sep === 'string') {
    const parts: string[] = [];
    let total = 0;
    for (let i = 0; i < arr.length; i++) {
      const v = arr.get(i);
      if (v === null) continue;
      if (typeof v !== 'string') throw unexpectedType(v, 'string');
      parts.push(v);
      total += v.length + sep.length;
    }
    checkStringLength(total - sep.length);
    return parts.join(sep);
  }
  if (sep instanceof JArray) {
    const out: LazyValue[] = [];
    let first = true;
    for (let i = 0; i < arr.length; i++) {
      const v = arr.get(i);
      if (v === null) continue;
      if (!(v instanceof JArray)) throw unexpectedType(v, 'array');
      if (!first) for (const s of sep.items) out.push(s);
      for (const x of v.items) out.push(x);
      first = false;
    }
    return new JArray(out);
  }
  throw new RuntimeError(`join first parameter should be string or array, got ${typeOf(sep)}`);
}

function deepJoin(v: Value, parts: string[]): void {
  if (typeof v === 'string') parts.push(v);
  else if (v instanceof JArray) for (let i = 0; i < v.length; i++) deepJoin(v.get(i), parts);
  else throw new RuntimeError(`Expected string or array, got ${typeOf(v)}`);
}

function flattenDeep(v: Value, out: LazyValue[]): void {
  if (v instanceof JArray) for (let i = 0; i < v.length; i++) flattenDeep(v.get(i), out);
  else out.push(v);
}

// ---------------------------------------------------------------------------
// Slicing

/** `v < 0` as go-jsonnet's std.slice tests a bound, with the operator's errors at that frame. */
function isNegative(v: Value, frame: string): boolean {
  if (typeof v === 'number') return v < 0;
  try {
    return compare(v, 0) < 0;
  } catch (e) {
    if (e instanceof RuntimeError && e.goFrame === null) e.goFrame = goStdFrameAt(frame);
    throw e;
  }
}

/**
 * std.slice and `x[a:b:c]`: go-jsonnet's std.slice is Jsonnet code, so bounds and steps
 * may be fractional (the walk adds the step to a float and indexes with its integer
 * part), and each check fails in that code's order with its operators' errors.
 */
function slice(indexable: Value, index: Value, end: Value, step: Value): Value {
  let len: number | undefined;
  const lengthOf = (): number => {
    if (len !== undefined) return len;
    try {
      return (len = stdLength(indexable));
    } catch (e) {
      if (e instanceof RuntimeError && e.goFrame === null) e.goFrame = goStdFrameAt('210:17-38 object <invar>');
      throw e;
    }
  };
  // The loop invariant of go-jsonnet's std.slice, each bound computed on first use.
  let from: number | undefined;
  let to: number | undefined;
  const fromOf = (): number => {
    if (from !== undefined) return from;
    if (index === null) return (from = 0);
    return (from = isNegative(index, '216:16-25 object <invar>') ? Math.max(0, lengthOf() + (index as number)) : (index as number));
  };
  const toOf = (): number => {
    if (to !== undefined) return to;
    if (end === null) return (to = lengthOf());
    return (to = isNegative(end, '223:16-23 object <invar>') ? lengthOf() + (end as number) : (end as number));
  };
  const st = step === null ? 1 : step;
  if (isNegative(st, '232:12-27 function <anonymous>')) {
    throw new RuntimeError(`got [${toStringValue(fromOf())}:${toStringValue(toOf())}:${toStringValue(st)}] but negative steps are not supported`);
  }
  if (st === 0) throw new RuntimeError(`got ${toStringValue(st)} but step must be greater than 0`);
  if (typeof indexable !== 'string' && !(indexable instanceof JArray)) {
    throw new RuntimeError(`std.slice accepts a string or an array, but got: ${typeOf(indexable)}`);
  }
  const a = fromOf();
  const b = toOf();
  const stepN = st as number;
  if (typeof indexable === 'string') {
    const plain = !hasSurrogates(indexable);
    const n = plain ? indexable.length : codePoints(indexable).length;
    const stop = Math.min(b, n);
    if (plain && stepN === 1 && Number.isInteger(a)) return a < stop ? indexable.slice(a, Math.ceil(stop)) : '';
    const cps = plain ? indexable : codePoints(indexable);
    let out = '';
    for (let c = a; c < stop; c += stepN) out += cps[Math.trunc(c)];
    return out;
  }
  const n = indexable.length;
  const stop = Math.min(b, n);
  if (stepN === 1 && Number.isInteger(a)) return a < stop ? new JArray(indexable.items.slice(a, Math.ceil(stop))) : JArray.EMPTY;
  const out: LazyValue[] = [];
  for (let c = a; c < stop; c += stepN) out.push(indexable.items[Math.trunc(c)]);
  return new JArray(out);
}

// ---------------------------------------------------------------------------

/** onEmpty's default: an error raised only when the default is used. */
class EmptyArrayError extends Thunk {
  protected compute(): Value {
    throw new RuntimeError('Expected at least one element in array. Got none');
  }
}
const ON_EMPTY_DEFAULT = new EmptyArrayError();

function extremum(name: string, wantMax: boolean) {
  return lazyBuiltin(
    name,
    ['arr', KEY_F_PARAM, { name: 'onEmpty', optional: true, defaultValue: ON_EMPTY_DEFAULT }],
    ([arrL, keyFL, onEmpty]) => {
      const arr = asArray(force(arrL));
      const keyF = asFunction(force(keyFL));
      // go-jsonnet forces an explicitly given onEmpty even when it is not needed.
      if (onEmpty !== ON_EMPTY_DEFAULT) force(onEmpty);
      const n = arr.length;
      if (n === 0) return force(onEmpty);
      let best = arr.get(0);
      let bestKey = keyOf(keyF, arr.items[0]);
      for (let i = 1; i < n; i++) {
        const cur = arr.get(i);
        const k = keyOf(keyF, arr.items[i]);
        const c = compare(bestKey, k);
        if (wantMax ? c < 0 : c > 0) {
          best = cur;
          bestKey = k;
        }
      }
      return best;
    },
  );
}

function removeAt(arr: JArray, idx: number): JArray {
  if (idx < 0 || idx >= arr.length) {
    throw new RuntimeError(`Index ${idx} out of bounds, not within [0, ${arr.length})`);
  }
  const items = arr.items.slice();
  items.splice(idx, 1);
  return new JArray(items);
}

function indexOfEqual(arr: JArray, x: Value): number {
  for (let i = 0; i < arr.length; i++) if (equals(arr.get(i), x)) return i;
  return -1;
}

/** std.jsonnet's checks for map/mapWithIndex (both accept arrays and strings), in go-jsonnet's order and frames. */
function mapFnCheck(name: string, steps: { func: StdFrames; arr: StdFrames }, funcL: LazyValue, arrL: LazyValue, expected: string): [JFunction, JArray | string] {
  const func = forceInStdFrames(steps.func, funcL);
  if (!(func instanceof JFunction)) throw new RuntimeError(`std.${name} first param must be function, got ${typeOf(func)}`);
  const arr = forceInStdFrames(steps.arr, arrL);
  if (!(arr instanceof JArray) && typeof arr !== 'string') {
    throw new RuntimeError(`std.${name} second param must be ${expected}, got ${typeOf(arr)}`);
  }
  return [func, arr];
}

/** A value go-jsonnet's std passes on in a thunk of its own, forced in `frame` (the compiler's thunk of a variable passed on). */
function passedOn(v: LazyValue, frame: TraceFrame): LazyValue {
  return new AliasThunk([v], 0, frame.loc as Loc, frame.description);
}

/**
 * std.map's elements (and mapWithIndex's): `f(args)` computed on first use, each in the frames of
 * go-jsonnet's makeArray element and its Jsonnet function, the element passed in a thunk of its own.
 */
function mapped(els: LazyValue[], steps: { call: StdFrames; arg: StdFrames }, args: (x: LazyValue, i: number) => LazyValue[], f: JFunction): JArray {
  checkArrayLength(els.length);
  const out = new Array<LazyValue>(els.length);
  for (let i = 0; i < els.length; i++) {
    const a = args(passedOn(els[i], steps.arg[0]), i);
    out[i] = StdThunk.calling(f, a, steps.call);
  }
  return new JArray(out);
}

/** The i-th element of an array or string, unevaluated. */
function elementsOf(arr: JArray | string): LazyValue[] {
  return typeof arr === 'string' ? codePoints(arr) : arr.items;
}

export function addArrayBuiltins(m: Builtins): void {
  register(
    m,
    builtin('makeArray', ['sz', 'func'], ([szV, funcV]) => {
      const sz = asInt(szV);
      const f = asFunction(funcV);
      // go-jsonnet returns [] for a negative size (C++ 0.18 raises an error).
      return sz <= 0 ? JArray.EMPTY : lazyArray(sz, f);
    }),
    builtin('range', ['from', 'to'], ([fromV, toV]) => {
      const from = asInt(fromV);
      const to = asInt(toV);
      const n = Math.max(0, to - from + 1);
      checkArrayLength(n);
      const out = new Array<number>(n);
      for (let i = 0; i < n; i++) out[i] = from + i;
      return JArray.of(out);
    }),
    lazyBuiltin('map', ['func', 'arr'], ([funcL, arrL]) => {
      const [f, arr] = mapFnCheck('map', GO_STD.map, funcL, arrL, 'array / string');
      return mapped(elementsOf(arr), GO_STD.map, (x) => [x], f);
    }),
    lazyBuiltin('mapWithIndex', ['func', 'arr'], ([funcL, arrL]) => {
      const [f, arr] = mapFnCheck('mapWithIndex', GO_STD.mapWithIndex, funcL, arrL, 'array');
      return mapped(elementsOf(arr), GO_STD.mapWithIndex, (x, i) => [i, x], f);
    }),
    lazyBuiltin('filterMap', ['filter_func', 'map_func', 'arr'], ([ffL, mfL, arrL]) => {
      const steps = GO_STD.filterMap;
      const ff = forceInStdFrames(steps.filterFunc, ffL);
      if (!(ff instanceof JFunction)) throw new RuntimeError(`std.filterMap first param must be function, got ${typeOf(ff)}`);
      const mf = forceInStdFrames(steps.mapFunc, mfL);
      if (!(mf instanceof JFunction)) throw new RuntimeError(`std.filterMap second param must be function, got ${typeOf(mf)}`);
      const arrV = forceInStdFrames(steps.arr, arrL);
      if (!(arrV instanceof JArray)) throw new RuntimeError(`std.filterMap third param must be array, got ${typeOf(arrV)}`);
      const kept = inStdFrames(steps.filter, () => new JArray(arrV.items.filter((x) => asBoolean(ff.call(x))))) as JArray;
      return mapped(kept.items, GO_STD.map, (x) => [x], mf);
    }),
    builtin('flatMap', ['func', 'arr'], ([funcV, arrV]) => {
      const f = asFunction(funcV);
      if (arrV instanceof JArray) {
        const out: LazyValue[] = [];
        for (const x of arrV.items) for (const y of asArray(f.call(x)).items) out.push(y);
        return new JArray(out);
      }
      if (typeof arrV === 'string') {
        const parts: string[] = [];
        for (const c of codePoints(arrV)) {
          const r = f.call(c);
          if (typeof r !== 'string') throw unexpectedType(r, 'string');
          parts.push(r);
        }
        return parts.join('');
      }
      throw new RuntimeError(`std.flatMap second param must be array / string, got ${typeOf(arrV)}`);
    }),
    // go-jsonnet's desugaring helper for array comprehensions, reachable as std['$flatMapArray'].
    builtin('$flatMapArray', ['func', 'arr'], ([funcV, arrV]) => {
      const f = asFunction(funcV);
      const out: LazyValue[] = [];
      for (const x of asArray(arrV).items) for (const y of asArray(f.call(x)).items) out.push(y);
      return new JArray(out);
    }),
    builtin('filter', ['func', 'arr'], ([funcV, arrV]) => {
      const arr = asArray(arrV);
      const f = asFunction(funcV);
      return new JArray(arr.items.filter((x) => asBoolean(f.call(x))));
    }),
    builtin('foldl', ['func', 'arr', 'init'], ([funcV, arrV, init]) => {
      const f = asFunction(funcV);
      if (!(arrV instanceof JArray) && typeof arrV !== 'string') {
        throw new RuntimeError(`foldl second parameter should be string or array, got ${typeOf(arrV)}`);
      }
      let acc = init;
      for (const x of elementsOf(arrV)) acc = f.call(acc, x);
      return acc;
    }),
    builtin('foldr', ['func', 'arr', 'init'], ([funcV, arrV, init]) => {
      const f = asFunction(funcV);
      if (!(arrV instanceof JArray) && typeof arrV !== 'string') {
        throw new RuntimeError(`foldr second parameter should be string or array, got ${typeOf(arrV)}`);
      }
      const els = elementsOf(arrV);
      let acc = init;
      for (let i = els.length - 1; i >= 0; i--) acc = f.call(els[i], acc);
      return acc;
    }),
    builtin('join', ['sep', 'arr'], ([sep, arr]) => join(sep, arr)),
    builtin('lines', ['arr'], ([arrV]) => {
      const arr = linesOperand(arrV);
      const parts: string[] = [];
      for (let i = 0; i < arr.length; i++) {
        const v = arr.get(i);
        if (v === null) continue;
        if (typeof v !== 'string') throw unexpectedType(v, 'string');
        parts.push(v);
      }
      parts.push('');
      return parts.join('\n');
    }),
    builtin('deepJoin', ['arr'], ([arr]) => {
      const parts: string[] = [];
      deepJoin(arr, parts);
      return parts.join('');
    }),
    // go-jsonnet's is std.foldl(function(a, b) a + b, arrs, []): a string among the elements (or as
    // arrs) turns the result into a string, as `+` does, and arrs must be what foldl takes.
    builtin('flattenArrays', ['arrs'], ([arrsV]) => {
      if (!(arrsV instanceof JArray) && typeof arrsV !== 'string') {
        throw new RuntimeError(`foldl second parameter should be string or array, got ${typeOf(arrsV)}`);
      }
      const out: LazyValue[] = [];
      let text: string | null = null; // the result once it has become a string
      for (const el of elementsOf(arrsV)) {
        const x = force(el);
        if (text === null && typeof x !== 'string') {
          for (const y of asArray(x).items) out.push(y);
          continue;
        }
        const [a, b]: [string, string] = text === null ? [toStringValue(new JArray(out)), x as string] : [text, toStringValue(x)];
        checkStringLength(a.length + b.length);
        text = a + b;
      }
      return text ?? new JArray(out);
    }),
    builtin('flattenDeepArray', ['value'], ([v]) => {
      const out: LazyValue[] = [];
      flattenDeep(v, out);
      return new JArray(out);
    }),
    builtin('reverse', ['arr'], ([arrV]) => new JArray(asArray(arrV).items.slice().reverse())),
    builtin('repeat', ['what', 'count'], ([what, countV]) => {
      if (typeof what !== 'string' && !(what instanceof JArray)) {
        throw new RuntimeError('std.repeat first argument must be an array or a string');
      }
      const count = asInt(countV);
      if (count <= 0) return typeof what === 'string' ? '' : JArray.EMPTY;
      if (typeof what === 'string') checkStringLength(what.length * count);
      else checkArrayLength(what.length * count);
      if (typeof what === 'string') return what.repeat(count);
      const out: LazyValue[] = [];
      for (let i = 0; i < count; i++) for (const x of what.items) out.push(x);
      return new JArray(out);
    }),
    builtin(
      'slice',
      ['indexable', 'index', 'end', 'step'],
      ([indexable, index, end, step]) => slice(indexable, index, end, step),
    ),
    builtin('member', ['arr', 'x'], ([arr, x]) => {
      if (typeof arr === 'string') {
        if (typeof x !== 'string') throw unexpectedType(x, 'string');
        return arr.includes(x);
      }
      if (arr instanceof JArray) return indexOfEqual(arr, x) >= 0;
      throw new RuntimeError('std.member first argument must be an array or a string');
    }),
    // count and find compare each element with x (`v == x`): x is evaluated only if there is an element.
    lazyBuiltin('count', ['arr', 'x'], ([arrL, xL]) => {
      const arr = asArray(force(arrL));
      let n = 0;
      for (let i = 0; i < arr.length; i++) if (equals(arr.get(i), force(xL))) n++;
      return n;
    }),
    lazyBuiltin('find', ['value', 'arr'], ([xL, arrL]) => {
      const arr = force(arrL);
      if (!(arr instanceof JArray)) throw new RuntimeError(`find second parameter should be an array, got ${typeOf(arr)}`);
      const out: number[] = [];
      for (let i = 0; i < arr.length; i++) if (equals(arr.get(i), force(xL))) out.push(i);
      return JArray.of(out);
    }),
    builtin('contains', ['arr', 'elem'], ([arr, x]) => indexOfEqual(asArray(arr), x) >= 0),
    builtin('remove', ['arr', 'elem'], ([arrV, x]) => {
      const arr = asArray(arrV);
      const i = indexOfEqual(arr, x);
      return i < 0 ? arr : removeAt(arr, i);
    }),
    builtin('removeAt', ['arr', 'i'], ([arr, i]) => removeAt(asArray(arr), asInt(i))),
    builtin('all', ['arr'], ([arr]) => allAny(arr, 'all')),
    builtin('any', ['arr'], ([arr]) => allAny(arr, 'any')),
    builtin('sum', ['arr'], ([arrV]) => {
      const arr = asArray(arrV);
      let s = 0;
      for (let i = 0; i < arr.length; i++) s += asNumber(arr.get(i));
      return s;
    }),
    builtin('avg', ['arr'], ([arrV]) => {
      const arr = asArray(arrV);
      if (arr.length === 0) throw new RuntimeError('Cannot calculate average of an empty array.');
      let s = 0;
      for (let i = 0; i < arr.length; i++) s += asNumber(arr.get(i));
      return s / arr.length;
    }),
    extremum('minArray', false),
    extremum('maxArray', true),
    builtin('sort', ['arr', KEY_F_PARAM], ([arr, keyF]) => sort(asArray(arr), asFunction(keyF))),
    builtin('uniq', ['arr', KEY_F_PARAM], ([arr, keyF]) => uniq(arr, keyF)),
    builtin('set', ['arr', KEY_F_PARAM], ([arr, keyF]) => set(asArray(arr), asFunction(keyF))),
    lazyBuiltin('setMember', ['x', 'arr', KEY_F_PARAM], ([x, arr, keyF]) => setMember(x, asElements(force(arr)), force(keyF))),
    builtin('setUnion', ['a', 'b', KEY_F_PARAM], ([a, b, keyF]) => setOp('union', a, b, keyF)),
    builtin('setInter', ['a', 'b', KEY_F_PARAM], ([a, b, keyF]) => setOp('inter', a, b, keyF)),
    builtin('setDiff', ['a', 'b', KEY_F_PARAM], ([a, b, keyF]) => setOp('diff', a, b, keyF)),
  );
}

function allAny(arrV: Value, which: 'all' | 'any'): boolean {
  if (!(arrV instanceof JArray)) throw new RuntimeError(`${which}() parameter should be an array, got ${typeOf(arrV)}`);
  const stopOn = which === 'any';
  for (let i = 0; i < arrV.length; i++) {
    const e = arrV.get(i);
    if (typeof e !== 'boolean') {
      throw new RuntimeError(`element "${toStringValue(e)}" of type ${typeOf(e)} is not a boolean`);
    }
    if (e === stopOn) return stopOn;
  }
  return !stopOn;
}

