// Test helpers: build runtime values from plain JS, read them back, call std builtins.

import { stdLibrary } from '../../../tools/jsonnet/std/index.js';
import {
  JArray,
  JFunction,
  JObject,
  RuntimeError,
  Thunk,
  builtin,
  type LazyValue,
  type Value,
} from '../../../tools/jsonnet/value.js';

export type Js = null | boolean | number | string | Js[] | { [k: string]: Js } | JFunction | JArray | JObject;

const std = stdLibrary();

/** Plain JS -> runtime value (objects get visible fields; JFunction/JArray/JObject pass through). */
export function v(x: Js): Value {
  if (x === null || typeof x !== 'object') return x;
  if (x instanceof JFunction || x instanceof JArray || x instanceof JObject) return x;
  if (Array.isArray(x)) return JArray.of(x.map(v));
  return JObject.fromEntries(Object.entries(x).map(([k, y]) => [k, v(y)] as [string, LazyValue]));
}

/** Runtime value -> plain JS (visible fields only); functions become '<function>'. */
export function js(x: Value): unknown {
  if (x instanceof JArray) return x.values().map(js);
  if (x instanceof JObject) {
    const o: Record<string, unknown> = {};
    for (const k of x.visibleFields()) o[k] = js(x.get(k));
    return o;
  }
  if (x instanceof JFunction) return '<function>';
  return x;
}

/** The builtin named `name`. */
export function fn(name: string): JFunction {
  const f = std.get(name);
  if (!(f instanceof JFunction)) throw new Error(`std.${name} is not a function`);
  return f;
}

/** Calls std.<name> with plain-JS arguments and returns the raw result. */
export function callRaw(name: string, ...args: Js[]): Value {
  return fn(name).call(...args.map(v));
}

/** Calls std.<name> and converts the result to plain JS. */
export function call(name: string, ...args: Js[]): unknown {
  return js(callRaw(name, ...args));
}

/** Calls with named arguments. */
export function callNamed(name: string, positional: Js[], named: Record<string, Js>): unknown {
  const m = new Map<string, LazyValue>(Object.entries(named).map(([k, x]) => [k, v(x)]));
  return js(fn(name).invoke(positional.map(v), m));
}

/** The message of the RuntimeError thrown by `f`. */
export function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof RuntimeError) return e.message;
    throw e;
  }
  throw new Error('expected a RuntimeError');
}

/** A JS-implemented Jsonnet function for tests. */
export function jfn(params: string[], impl: (...a: Value[]) => Value): JFunction {
  return builtin('test', params, (a) => impl(...a));
}

/** A thunk that fails when forced (to check laziness). */
export function failing(msg = 'forced'): Thunk {
  return new FailingThunk(msg);
}

class FailingThunk extends Thunk {
  constructor(private readonly msg: string) {
    super();
  }
  protected compute(): Value {
    throw new RuntimeError(this.msg);
  }
}

export { std };
