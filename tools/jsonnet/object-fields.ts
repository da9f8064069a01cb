// Object fields of compiled object literals and comprehensions, and the object frame their bodies
// run in (self, the layer index and the object's locals, made once per object and layer).

import type { Loc } from './ast.js';
import { JObject, RuntimeError, Visibility, type FieldDef, type ObjectLayer, type Value } from './value.js';
import { NO_LOCATION, traced } from './runtime.js';
import { popFrame, pushFrame, runtimeState } from './stack.js';
import { plus } from './operators.js';
import type { Code, Env, LazyCode } from './thunks.js';

/** Per object literal: its frame layout and the local initialisers. */
export interface ObjInfo {
  /** The object frame's layout: its size is final once the object is compiled. */
  frame: { readonly size: number };
  locals: { slot: number; code: LazyCode }[];
}

export interface EvalLayer extends ObjectLayer {
  env: Env;
  info: ObjInfo;
}

/** The object frame for (self, layer): created once, holds self, layer and object locals. */
export function objectFrame(self: JObject, layer: number): Env {
  const scratch = (self.layerScratch ??= new Array(self.layers.length));
  let f = scratch[layer] as Env | undefined;
  if (f !== undefined) return f;
  const L = self.layers[layer] as EvalLayer;
  const info = L.info;
  f = new Array(info.frame.size);
  f[0] = L.env;
  f[1] = self;
  f[2] = layer;
  const locals = info.locals;
  for (let i = 0; i < locals.length; i++) f[locals[i].slot] = locals[i].code(f); // no for-of: cheaper before V8 optimises
  scratch[layer] = f;
  return f;
}

/**
 * `x +: body`: go-jsonnet evaluates the desugared `super.x + body` in a frame of its own, described
 * `+:` at `loc`, with the body in a frame inside it: two frames deep where `x: body` takes one, and
 * every error passing through shows the `+:` frame. The body comes before `super.x`.
 */
function plusSuper(code: Code, env: Env, self: JObject, layer: number, name: string, loc: Loc): Value {
  pushFrame();
  try {
    let v: Value;
    pushFrame();
    try {
      v = code(env);
    } finally {
      popFrame();
    }
    const base = layer > 0 ? self.tryGetFrom(name, layer - 1) : undefined;
    return base === undefined ? v : plus(base, v);
  } catch (e) {
    throw traced(e, loc, '+:', true);
  } finally {
    popFrame();
  }
}

export class LitField implements FieldDef {
  declare readonly visibility: Visibility;
  private declare readonly code: Code;
  private declare readonly name: string;
  private declare readonly plusField: boolean;
  declare readonly loc: Loc;
  private declare readonly bodyLoc: Loc;
  constructor(visibility: Visibility, code: Code, name: string, plusField: boolean, loc: Loc, bodyLoc: Loc) {
    this.visibility = visibility;
    this.code = code;
    this.name = name;
    this.plusField = plusField;
    this.loc = loc;
    this.bodyLoc = bodyLoc;
  }
  value(self: JObject, layer: number): Value {
    if (this.plusField) return plusSuper(this.code, objectFrame(self, layer), self, layer, this.name, this.bodyLoc);
    // pushFrame and objectFrame's fast path written out: this runs for every field evaluated.
    const st = runtimeState;
    if (++st.depth > st.maxStack) {
      st.depth--;
      throw new RuntimeError('max stack frames exceeded.');
    }
    try {
      const scratch = self.layerScratch;
      const f = scratch !== null ? (scratch[layer] as Env | undefined) : undefined;
      return this.code(f !== undefined ? f : objectFrame(self, layer));
    } finally {
      st.depth--;
    }
  }
}

/** A field of an object comprehension: its frame hangs off its iteration frame. */
export class CompField implements FieldDef {
  declare readonly visibility: Visibility;
  private declare readonly code: Code;
  private declare readonly iterEnv: Env;
  private declare readonly info: ObjInfo;
  private declare readonly name: string;
  private declare readonly plusField: boolean;
  constructor(hide: Visibility, code: Code, iterEnv: Env, info: ObjInfo, name: string, plusField: boolean) {
    this.visibility = hide;
    this.code = code;
    this.iterEnv = iterEnv;
    this.info = info;
    this.name = name;
    this.plusField = plusField;
  }
  value(self: JObject, layer: number): Value {
    // go-jsonnet's `+:` frame has no location in a comprehension.
    if (this.plusField) return plusSuper(this.code, this.frame(self, layer), self, layer, this.name, NO_LOCATION);
    pushFrame();
    try {
      return this.code(this.frame(self, layer));
    } finally {
      popFrame();
    }
  }

  private frame(self: JObject, layer: number): Env {
    const f: Env = new Array(this.info.frame.size);
    f[0] = this.iterEnv;
    f[1] = self;
    f[2] = layer;
    const locals = this.info.locals;
    for (let i = 0; i < locals.length; i++) f[locals[i].slot] = locals[i].code(f);
    return f;
  }
}
