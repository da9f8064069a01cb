// Runtime values of the Jsonnet engine: the contract shared by the evaluator,
// the standard library, the manifesters and native functions.
//
// Primitives are plain JS values (null, boolean, number, string) so that type
// checks are `typeof` and nothing is boxed. Strings are JS strings; Jsonnet
// counts code points, so length/index/slice go through the helpers below,
// which take a fast path when the string has no surrogate pairs.

import { significantDigits } from '../gocompat/strconv.js';

export type Value = null | boolean | number | string | JArray | JObject | JFunction;

/** A deferred computation. Subclasses implement `compute`; `force` memoises. */
export abstract class Thunk {
  // Fields are `declare`d and set in constructors throughout the engine's hot classes: a class field
  // makes V8 run an extra initializer function per object made, which costs in code not optimised yet.
  protected declare state: number; // 0 = not started, 1 = running, 2 = done
  protected declare cached: Value;

  constructor() {
    this.state = 0;
    this.cached = null;
  }

  force(): Value {
    if (this.state === 2) return this.cached;
    this.state = 1;
    const v = this.compute();
    this.cached = v;
    this.state = 2;
    return v;
  }

  /** The value if already computed, else undefined (never computes). */
  peek(): Value | undefined {
    return this.state === 2 ? this.cached : undefined;
  }

  protected abstract compute(): Value;
}

/** A thunk around a JS closure (for the standard library and natives). */
export class FnThunk extends Thunk {
  private declare fn: (() => Value) | null;
  constructor(fn: () => Value) {
    super();
    this.fn = fn;
  }
  protected compute(): Value {
    const v = this.fn!();
    this.fn = null; // drop the closure once evaluated so captured data can be collected
    return v;
  }
}

/** An element of an array, an argument, or a field value: computed or not yet. */
export type LazyValue = Value | Thunk;

export function force(v: LazyValue): Value {
  return v instanceof Thunk ? v.force() : v;
}

/** A Jsonnet runtime error. The evaluator attaches the Jsonnet stack trace. */
export class RuntimeError extends Error {
  /** Filled by the evaluator: frames from innermost to outermost. */
  trace: TraceFrame[] | null = null;
  /** True when the JavaScript stack ran out before the Jsonnet stack limit (a deeper stack may succeed). */
  jsStackOverflow = false;
  /** go-jsonnet's first frame when it raises this error inside its Jsonnet std (see std/go-std-frames.ts). */
  goFrame: TraceFrame | null = null;
  /** True when the trace is complete as it is (no "During evaluation" line below it). */
  bottomless = false;
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}

export interface SourceLocation {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  endLine: number;
  endColumn: number;
}

export interface TraceFrame {
  loc: SourceLocation | null;
  /** e.g. "function <foo>", "object <anonymous>", "field <x>", "thunk from <...>" */
  description: string;
}

// ---------------------------------------------------------------------------
// Arrays

export class JArray {
  declare readonly items: LazyValue[];
  constructor(items: LazyValue[]) {
    this.items = items;
  }

  get length(): number {
    return this.items.length;
  }

  get(i: number): Value {
    const x = this.items[i];
    return x instanceof Thunk ? x.force() : x;
  }

  /** Forces every element; returns a fresh JS array. */
  values(): Value[] {
    const out = new Array<Value>(this.items.length);
    for (let i = 0; i < out.length; i++) out[i] = this.get(i);
    return out;
  }

  static of(values: Value[]): JArray {
    return new JArray(values);
  }

  static readonly EMPTY = new JArray([]);
}

// ---------------------------------------------------------------------------
// Objects
//
// An object is a stack of layers, bottom (index 0) to top. `a + b` builds a
// new object whose layers are a's followed by b's: nothing is copied but the
// layer list. A field is looked up from the top layer down; its body is
// evaluated with `self` = the whole object and `super` = the layers below the
// one that defined it. Values looked up from the top are cached per object.

export const enum Visibility {
  Inherit = 0, // ':'
  Hidden = 1, // '::'
  Visible = 2, // ':::'
}

export interface FieldDef {
  visibility: Visibility;
  /** Where the field is defined in Jsonnet source, when it comes from source. */
  readonly loc?: SourceLocation | null;
  /**
   * Computes the field's value. `self` is the object the lookup started on,
   * `layer` the index of the layer holding this definition (so `super` is
   * `self` seen from layer - 1 downwards). A `+:` field implements its own
   * merge with `self.getFrom(name, layer - 1)`.
   */
  value(self: JObject, layer: number): Value;
}

export interface ObjectLayer {
  /** Field definitions in source order (order matters only for error reporting). */
  fields: Map<string, FieldDef>;
  /** Object-level assertions, run once per object before its first field read. */
  asserts: ((self: JObject, layer: number) => void)[] | null;
}

/** A field definition holding an already known (or lazily computed) value. */
export class ConstField implements FieldDef {
  declare readonly visibility: Visibility;
  private declare readonly v: LazyValue;
  constructor(visibility: Visibility, v: LazyValue) {
    this.visibility = visibility;
    this.v = v;
  }
  value(): Value {
    return force(this.v);
  }
}

export class JObject {
  declare readonly layers: readonly ObjectLayer[];
  private declare cache: Map<string, Value> | null;
  /** Values of `super.name` lookups, by the layer that defines the field. */
  private declare superCache: (Map<string, Value> | undefined)[] | null;
  private declare visibleCache: string[] | null;
  private declare allCache: string[] | null;
  private declare assertsState: number; // 0 = unchecked, 1 = running or done
  /** Per-layer scratch space for the evaluator (e.g. bound object locals). */
  declare layerScratch: unknown[] | null;
  /** For objects of many layers: layers scanned by findLayer so far, then the index that replaces scanning. */
  private declare scanned: number;
  private declare layerIndex: Map<string, number[]> | null;

  constructor(layers: readonly ObjectLayer[]) {
    this.layers = layers;
    this.cache = null;
    this.superCache = null;
    this.visibleCache = null;
    this.allCache = null;
    this.assertsState = 0;
    this.layerScratch = null;
    this.scanned = 0;
    this.layerIndex = null;
  }

  /** An object with one layer of plain fields (all visible unless `hidden`). */
  static fromMap(fields: Map<string, LazyValue>, visibility: Visibility = Visibility.Inherit): JObject {
    const defs = new Map<string, FieldDef>();
    for (const [k, v] of fields) defs.set(k, new ConstField(visibility, v));
    return new JObject([{ fields: defs, asserts: null }]);
  }

  static fromEntries(entries: Iterable<[string, LazyValue]>): JObject {
    return JObject.fromMap(new Map(entries));
  }

  static readonly EMPTY = new JObject([]);

  /** `a + b`: b's layers on top of a's. */
  extend(top: JObject): JObject {
    if (top.layers.length === 0) return this;
    if (this.layers.length === 0) return top;
    return new JObject(this.layers.concat(top.layers));
  }

  /** Index of the highest layer at or below `from` that defines `name`, or -1. */
  findLayer(name: string, from: number): number {
    const layers = this.layers;
    if (layers.length <= SCAN_LAYERS) {
      for (let i = from; i >= 0; i--) if (layers[i].fields.has(name)) return i;
      return -1;
    }
    return this.findInManyLayers(name, from);
  }

  /**
   * findLayer on an object of many layers (a foldl of patches, deep `+` chains): layers are
   * scanned until the scans have cost about as much as indexing every field once, then an index
   * (name -> defining layers) answers, so `super` chains through hundreds of layers stay linear.
   * Objects looked up once or twice (each accumulator of a foldl) never pay for an index.
   */
  private findInManyLayers(name: string, from: number): number {
    let index = this.layerIndex;
    if (index === null) {
      const layers = this.layers;
      let i = from;
      while (i >= 0 && !layers[i].fields.has(name)) i--;
      this.scanned += from - i + 1;
      if (this.scanned <= 4 * layers.length) return i;
      index = this.layerIndex = new Map();
      for (let l = 0; l < layers.length; l++) {
        for (const k of layers[l].fields.keys()) {
          const defs = index.get(k);
          if (defs === undefined) index.set(k, [l]);
          else defs.push(l);
        }
      }
    }
    const defs = index.get(name);
    if (defs === undefined) return -1;
    for (let k = defs.length - 1; k >= 0; k--) if (defs[k] <= from) return defs[k];
    return -1;
  }

  has(name: string): boolean {
    return this.findLayer(name, this.layers.length - 1) >= 0;
  }

  /** `name in super` from the point of view of `layer`. */
  hasFrom(name: string, from: number): boolean {
    return this.findLayer(name, from) >= 0;
  }

  /** `self[name]`; throws a RuntimeError if the field does not exist. */
  get(name: string): Value {
    const v = this.tryGet(name);
    if (v === undefined) throw new RuntimeError(`Field does not exist: ${name}`);
    return v;
  }

  /** Like get(), but returns undefined when the field does not exist. */
  tryGet(name: string): Value | undefined {
    const cache = this.cache;
    if (cache !== null) {
      const hit = cache.get(name);
      if (hit !== undefined) return hit;
    }
    if (this.assertsState === 0) this.checkAsserts(); // before the lookup, as in go-jsonnet (also for a missing field)
    // The top layer defining `name` (findLayer, written out: this runs for every field read).
    const layers = this.layers;
    let i = layers.length - 1;
    let def: FieldDef | undefined;
    if (i < SCAN_LAYERS) {
      while (i >= 0 && (def = layers[i].fields.get(name)) === undefined) i--;
    } else {
      i = this.findInManyLayers(name, i);
      if (i >= 0) def = layers[i].fields.get(name);
    }
    if (def === undefined) return undefined;
    const v = def.value(this, i);
    (this.cache ??= new Map()).set(name, v); // this.cache again: evaluating the field may have made it
    return v;
  }

  /**
   * Lookup starting at layer `from` downwards (for `super.name`), cached per defining layer: like
   * go-jsonnet, a second `super.name` on the same object evaluates nothing (and so takes no stack frame).
   */
  getFrom(name: string, from: number): Value {
    const v = this.tryGetFrom(name, from);
    if (v === undefined) throw new RuntimeError(`Field does not exist: ${name}`);
    return v;
  }

  /** Like getFrom(), but undefined when no layer at or below `from` defines `name`. */
  tryGetFrom(name: string, from: number): Value | undefined {
    const i = this.findLayer(name, from);
    if (i < 0) return undefined;
    const cache = (this.superCache ??= new Array(this.layers.length))[i];
    const hit = cache?.get(name);
    if (hit !== undefined) return hit;
    const v = this.layers[i].fields.get(name)!.value(this, i);
    (this.superCache[i] ??= new Map()).set(name, v);
    return v;
  }

  /** Runs the object's assertions once (go-jsonnet checks them on first use). */
  checkAsserts(): void {
    if (this.assertsState !== 0) return;
    this.assertsState = 1;
    // go-jsonnet checks the topmost layer's assertions first.
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const asserts = this.layers[i].asserts;
      if (asserts !== null) for (const a of asserts) a(this, i);
    }
  }

  /** Field visibility after inheritance: true = visible. */
  private visibility(): Map<string, boolean> {
    const vis = new Map<string, boolean>();
    for (const layer of this.layers) {
      for (const [name, def] of layer.fields) {
        if (def.visibility === Visibility.Hidden) vis.set(name, false);
        else if (def.visibility === Visibility.Visible) vis.set(name, true);
        else if (!vis.has(name)) vis.set(name, true);
      }
    }
    return vis;
  }

  /** Visible field names, sorted by code point (std.objectFields order). Shared: do not modify. */
  visibleFields(): string[] {
    if (this.visibleCache === null) {
      const names = fieldNamesOf(this.layers);
      if (names.visible === null) {
        const out: string[] = [];
        if (this.layers.length === 1) {
          // One layer (most objects): no inheritance to resolve.
          for (const [k, def] of this.layers[0].fields) if (def.visibility !== Visibility.Hidden) out.push(k);
        } else for (const [k, visible] of this.visibility()) if (visible) out.push(k);
        names.visible = out.sort(compareStrings);
      }
      this.visibleCache = names.visible;
    }
    return this.visibleCache;
  }

  /** All field names including hidden ones, sorted (std.objectFieldsAll order). Shared: do not modify. */
  allFields(): string[] {
    if (this.allCache === null) {
      const names = fieldNamesOf(this.layers);
      names.all ??= [...this.visibility().keys()].sort(compareStrings);
      this.allCache = names.all;
    }
    return this.allCache;
  }

  /** Whether `name` is a visible field: the topmost `::` or `:::` decides, plain `:` inherits. */
  isVisible(name: string): boolean {
    const layers = this.layers;
    let found = false;
    for (let i = layers.length - 1; i >= 0; i--) {
      const def = layers[i].fields.get(name);
      if (def === undefined) continue;
      if (def.visibility === Visibility.Hidden) return false;
      if (def.visibility === Visibility.Visible) return true;
      found = true;
    }
    return found;
  }
}

/**
 * The sorted field names of objects made of the same field tables. An object literal with fixed
 * field names shares one table across all its instances, and so do objects built from them with
 * `+` (every instance of `base + patch`): their names are sorted once, not once per object.
 * Tables are never changed after an object is made. Keyed weakly, so tables of objects that are
 * gone take their entries with them.
 */
interface FieldNames {
  visible: string[] | null;
  all: string[] | null;
  /** Entries for objects with one more layer on top. */
  above: WeakMap<Map<string, FieldDef>, FieldNames> | null;
}

/** Objects with more layers than this look fields up through findInManyLayers. */
const SCAN_LAYERS = 16;

const namesByBottomLayer = new WeakMap<Map<string, FieldDef>, FieldNames>();

function fieldNamesOf(layers: readonly ObjectLayer[]): FieldNames {
  let level: WeakMap<Map<string, FieldDef>, FieldNames> = namesByBottomLayer;
  let names: FieldNames | undefined;
  for (let i = 0; i < layers.length; i++) {
    const table = layers[i].fields;
    names = level.get(table);
    if (names === undefined) {
      names = { visible: null, all: null, above: null };
      level.set(table, names);
    }
    if (i < layers.length - 1) level = names.above ??= new WeakMap();
  }
  return names ?? { visible: [], all: [], above: null };
}

// ---------------------------------------------------------------------------
// Functions

export interface ParamSpec {
  name: string;
  /** For builtins: the default value, if the parameter is optional. */
  defaultValue?: LazyValue;
  /** True when the parameter may be omitted (it has a default). */
  optional: boolean;
}

/**
 * A callable value. User functions are built by the evaluator (which binds
 * arguments itself); builtins are built with `builtin()` below.
 */
export class JFunction {
  /** Name for traces and errors; '' for anonymous functions. */
  declare readonly name: string;
  declare readonly params: readonly ParamSpec[];
  /** Positional arguments, then named ones (null when there are none). */
  declare readonly invoke: (positional: LazyValue[], named: Map<string, LazyValue> | null) => Value;
  constructor(name: string, params: readonly ParamSpec[], invoke: (positional: LazyValue[], named: Map<string, LazyValue> | null) => Value) {
    this.name = name;
    this.params = params;
    this.invoke = invoke;
  }

  /** Convenience for the standard library: call with positional arguments. */
  call(...args: LazyValue[]): Value {
    return this.invoke(args, null);
  }
}

/**
 * Binds positional and named arguments to parameter slots, applying defaults.
 * Errors follow go-jsonnet's wording.
 */
export function bindArgs(
  params: readonly ParamSpec[],
  positional: LazyValue[],
  named: Map<string, LazyValue> | null,
): LazyValue[] {
  if (positional.length > params.length) {
    throw new RuntimeError(`function expected ${params.length} positional argument(s), but got ${positional.length}`);
  }
  if (named === null && positional.length === params.length) return positional;
  const out: (LazyValue | undefined)[] = new Array(params.length);
  for (let i = 0; i < positional.length; i++) out[i] = positional[i];
  if (named !== null) {
    for (const [k, v] of named) {
      const idx = params.findIndex((p) => p.name === k);
      if (idx < 0) throw new RuntimeError(`function has no parameter ${k}`);
      if (out[idx] !== undefined) throw new RuntimeError(`Argument ${k} already provided`);
      out[idx] = v;
    }
  }
  for (let i = 0; i < params.length; i++) {
    if (out[i] !== undefined) continue;
    const p = params[i];
    if (!p.optional) throw new RuntimeError(`Missing argument: ${p.name}`);
    out[i] = p.defaultValue === undefined ? null : p.defaultValue;
  }
  return out as LazyValue[];
}

/**
 * go-jsonnet's argument checks, in its order, for the rare calls the fast
 * paths cannot represent (a named argument given twice, parameter names
 * repeated): too many positionals, then each named argument (already
 * provided, then unknown), then parameters with neither argument nor default.
 */
export function checkArguments(params: readonly ParamSpec[], positional: number, named: readonly string[]): void {
  if (positional > params.length) {
    throw new RuntimeError(`function expected ${params.length} positional argument(s), but got ${positional}`);
  }
  const received = new Set<string>();
  for (let i = 0; i < positional; i++) received.add(params[i].name);
  for (const k of named) {
    if (received.has(k)) throw new RuntimeError(`Argument ${k} already provided`);
    if (!params.some((p) => p.name === k)) throw new RuntimeError(`function has no parameter ${k}`);
    received.add(k);
  }
  for (const p of params) if (!received.has(p.name) && !p.optional) throw new RuntimeError(`Missing argument: ${p.name}`);
}

/** Builds a builtin whose arguments are forced before `impl` runs. */
export function builtin(name: string, params: (string | ParamSpec)[], impl: (args: Value[]) => Value): JFunction {
  const specs: ParamSpec[] = params.map((p) => (typeof p === 'string' ? { name: p, optional: false } : p));
  return new JFunction(name, specs, (positional, named) => {
    const bound = bindArgs(specs, positional, named);
    const args = new Array<Value>(bound.length);
    for (let i = 0; i < bound.length; i++) args[i] = force(bound[i]);
    return impl(args);
  });
}

/** Builds a builtin that receives its arguments unevaluated. */
export function lazyBuiltin(
  name: string,
  params: (string | ParamSpec)[],
  impl: (args: LazyValue[]) => Value,
): JFunction {
  const specs: ParamSpec[] = params.map((p) => (typeof p === 'string' ? { name: p, optional: false } : p));
  return new JFunction(name, specs, (positional, named) => impl(bindArgs(specs, positional, named)));
}

// ---------------------------------------------------------------------------
// Type names, equality, ordering

export function typeOf(v: Value): 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'function' {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
  }
  if (v instanceof JArray) return 'array';
  if (v instanceof JObject) return 'object';
  return 'function';
}

/** Deep equality as Jsonnet's `==` (functions are not comparable). */
export function equals(a: Value, b: Value): boolean {
  // Only primitives are equal by identity: go-jsonnet compares an array or object with itself
  // element by element (so a function inside, or an element that fails, is an error).
  if (a === b && (a === null || typeof a !== 'object')) return true;
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  switch (ta) {
    case 'array': {
      const x = a as JArray;
      const y = b as JArray;
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (!equals(x.get(i), y.get(i))) return false;
      return true;
    }
    case 'object': {
      const x = a as JObject;
      const y = b as JObject;
      const fx = x.visibleFields();
      const fy = y.visibleFields();
      if (fx.length !== fy.length) return false;
      for (let i = 0; i < fx.length; i++) if (fx[i] !== fy[i]) return false;
      for (const f of fx) if (!equals(x.get(f), y.get(f))) return false;
      return true;
    }
    case 'function':
      throw new RuntimeError('Cannot test equality of functions');
    default:
      return false; // primitives: a === b was false
  }
}

/**
 * Compares strings by Unicode code point (Jsonnet's order). JS `<` compares
 * UTF-16 code units, which differs only when a surrogate meets U+E000..U+FFFF.
 */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1; // a surrogate encodes a code point above U+FFFF
    return x - y;
  }
  return a.length - b.length;
}

/** Jsonnet's `<` family: numbers, strings, and arrays lexicographically. */
export function compare(a: Value, b: Value): number {
  const ta = typeOf(a);
  const tb = typeOf(b);
  // go-jsonnet's wording: the left operand's type is the one expected.
  if (ta !== tb) {
    if (ta === 'number' || ta === 'string' || ta === 'array') throw new RuntimeError(`Unexpected type ${tb}, expected ${ta}`);
    throw new RuntimeError(`Unexpected type ${ta}`);
  }
  switch (ta) {
    case 'number':
      return (a as number) - (b as number);
    case 'string':
      return compareStrings(a as string, b as string);
    case 'array': {
      const x = a as JArray;
      const y = b as JArray;
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(x.get(i), y.get(i));
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    default:
      throw new RuntimeError(`Unexpected type ${ta}`);
  }
}

// ---------------------------------------------------------------------------
// Code-point string helpers

const SURROGATE = /[\uD800-\uDFFF]/;

export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

export function codePointLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The code points of `s` as one-character strings. */
export function codePoints(s: string): string[] {
  return SURROGATE.test(s) ? Array.from(s) : s.split('');
}

/** The i-th code point as a string, or undefined when out of range. */
export function codePointAt(s: string, i: number): string | undefined {
  if (!SURROGATE.test(s)) return i >= 0 && i < s.length ? s[i] : undefined;
  return Array.from(s)[i];
}

// ---------------------------------------------------------------------------
// Number formatting shared by toString, string concatenation and JSON output.

/**
 * go-jsonnet's number rendering: integral values print as integers (`%.0f`),
 * others with 17 significant digits (`%.17g`).
 */
export function formatNumber(n: number): string {
  // Only builtins that skip the overflow check (std.avg) produce these; Go prints them so.
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (Number.isInteger(n)) {
    if (Object.is(n, -0)) return '-0';
    if (Math.abs(n) < 1e21) return n.toFixed(0);
    return BigInt(n).toString();
  }
  return formatG17(n);
}

/** C's `%.17g`, rounded as Go rounds (ties to even). */
function formatG17(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [digits, e] = significantDigits(n, 17);
  const sign = n < 0 ? '-' : '';
  if (e < -4 || e >= 17) {
    const frac = digits.slice(1).replace(/0+$/, '');
    const ex = String(Math.abs(e)).padStart(2, '0');
    return `${sign}${digits[0]}${frac ? '.' + frac : ''}e${e < 0 ? '-' : '+'}${ex}`;
  }
  const whole = e >= 0 ? digits.slice(0, e + 1) : '0';
  const frac = (e >= 0 ? digits.slice(e + 1) : '0'.repeat(-e - 1) + digits).replace(/0+$/, '');
  return sign + whole + (frac ? '.' + frac : '');
}
