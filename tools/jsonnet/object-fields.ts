// Object fields of compiled object literals and comprehensions, and the object frame their bodies
// run in (self, the layer index and the object's locals, made once per object and layer).

import type { Loc } from './ast.js';
import { JObject, RuntimeError, Visibility, type FieldDef, type ObjectLayer, type Value } from './value.js';
import { traced } from './runtime.js';
import { runtimeState } from './stack.js';
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

/** `super.x + v` for `x +: v` fields. */
function plusSuper(self: JObject, layer: number, name: string, v: Value, bodyLoc: Loc): Value {
  if (layer > 0 && self.hasFrom(name, layer - 1)) {
    const base = self.getFrom(name, layer - 1);
    try {
      return plus(base, v);
    } catch (e) {
      // go-jsonnet's desugared `super.x + body` is located at the body, described `+:`.
      throw traced(e, bodyLoc, '+:', false);
    }
  }
  return v;
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
    const st = runtimeState;
    if (++st.depth > st.maxStack) {
      st.depth--;
      throw new RuntimeError('max stack frames exceeded.');
    }
    try {
      const v = this.code(objectFrame(self, layer));
      return this.plusField ? plusSuper(self, layer, this.name, v, this.bodyLoc) : v;
    } finally {
      st.depth--;
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
  ) {
    this.visibility = hide;
  }
  value(self: JObject, layer: number): Value {
    const f: Env = new Array(this.info.frame.size);
    f[0] = this.iterEnv;
    f[1] = self;
    f[2] = layer;
    for (const l of this.info.locals) f[l.slot] = l.code(f);
    return this.code(f);
  }
}
