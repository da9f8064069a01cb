// Object fields of compiled object literals and comprehensions, and the object frame their bodies
// run in (self, the layer index and the object's locals, made once per object and layer).

import type { Loc } from './ast.js';
import { JObject, Visibility, type FieldDef, type ObjectLayer, type Value } from './value.js';
import { NO_LOCATION, traced } from './runtime.js';
import { popFrame, pushFrame } from './stack.js';
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
  for (const l of info.locals) f[l.slot] = l.code(f);
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
  constructor(
    readonly visibility: Visibility,
    private readonly code: Code,
    private readonly name: string,
    private readonly plusField: boolean,
    readonly loc: Loc,
    private readonly bodyLoc: Loc,
  ) {}
  value(self: JObject, layer: number): Value {
    if (this.plusField) return plusSuper(this.code, objectFrame(self, layer), self, layer, this.name, this.bodyLoc);
    pushFrame();
    try {
      return this.code(objectFrame(self, layer));
    } finally {
      popFrame();
    }
  }
}

/** A field of an object comprehension: its frame hangs off its iteration frame. */
export class CompField implements FieldDef {
  readonly visibility: Visibility;
  constructor(
    hide: Visibility,
    private readonly code: Code,
    private readonly iterEnv: Env,
    private readonly info: ObjInfo,
    private readonly name: string,
    private readonly plusField: boolean,
  ) {
    this.visibility = hide;
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
    for (const l of this.info.locals) f[l.slot] = l.code(f);
    return f;
  }
}
