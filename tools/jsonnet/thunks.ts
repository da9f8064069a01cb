// What compiled code runs on: frames (Env), compiled expressions (Code), the thunks that defer
// them, and Jsonnet functions whose tailstrict calls run on a trampoline. compiler.ts builds these;
// object-fields.ts builds object fields on them.

import type { Loc } from './ast.js';
import { JFunction, RuntimeError, Thunk, type LazyValue, type ParamSpec, type Value } from './value.js';
import { traced } from './runtime.js';
import { runtimeState } from './stack.js';

/** A frame: slot 0 is the parent frame; object frames hold self at 1 and the layer index at 2. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Env = any[];
export type Code = (env: Env) => Value;
export type LazyCode = (env: Env) => LazyValue;

/** A deferred expression: the cheapest possible thunk. */
export class ExprThunk extends Thunk {
  constructor(
    private code: Code,
    private env: Env,
  ) {
    super();
  }
  protected compute(): Value {
    const st = runtimeState;
    if (++st.depth > st.maxStack) {
      st.depth--;
      throw new RuntimeError('max stack frames exceeded.');
    }
    try {
      const v = this.code(this.env);
      this.env = null as unknown as Env; // let the frame be collected
      return v;
    } finally {
      st.depth--;
    }
  }
}

/** A pending tailstrict call, returned by a function body to its trampoline. */
export class TailCall {
  constructor(
    readonly fn: JFunction,
    readonly args: LazyValue[],
    readonly named: Map<string, LazyValue> | null,
    readonly loc: Loc,
    readonly ctx: string,
  ) {}
}

/** Runs pending tail calls until a value comes out. */
export function trampoline(r: Value | TailCall): Value {
  while (r instanceof TailCall) {
    const g = r.fn;
    const t = r;
    try {
      r = g instanceof UserFunction ? g.raw(t.args, t.named) : g.invoke(t.args, t.named);
    } catch (e) {
      throw traced(e, t.loc, t.ctx, true);
    }
  }
  return r;
}

/** A Jsonnet function: `raw` may return a TailCall; `invoke` never does. */
export class UserFunction extends JFunction {
  constructor(
    name: string,
    params: ParamSpec[],
    readonly raw: (positional: LazyValue[], named: Map<string, LazyValue> | null) => Value | TailCall,
  ) {
    super(name, params, (positional, named) => trampoline(raw(positional, named)));
  }
}
