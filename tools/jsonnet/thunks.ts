// What compiled code runs on: frames (Env), compiled expressions (Code), the thunks that defer
// them, and Jsonnet functions whose tailstrict calls run on a trampoline. compiler.ts builds these;
// object-fields.ts builds object fields on them.

import type { Loc } from './ast.js';
import { force, JFunction, RuntimeError, Thunk, type LazyValue, type ParamSpec, type Value } from './value.js';
import { traced } from './runtime.js';
import { popFrame, pushFrame, runtimeState } from './stack.js';

/** A frame: slot 0 is the parent frame; object frames hold self at 1 and the layer index at 2. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Env = any[];
export type Code = (env: Env) => Value;
export type LazyCode = (env: Env) => LazyValue;

/** A deferred expression: the cheapest possible thunk. */
export class ExprThunk extends Thunk {
  private declare code: Code;
  private declare env: Env;
  constructor(code: Code, env: Env) {
    super();
    this.code = code;
    this.env = env;
  }
  /** Thunk.force with the computation and pushFrame/popFrame written in: this runs for every deferred expression. */
  override force(): Value {
    if (this.state === 2) return this.cached;
    this.state = 1;
    const st = runtimeState;
    if (++st.depth > st.maxStack) {
      st.depth--;
      throw new RuntimeError('max stack frames exceeded.');
    }
    let v: Value;
    try {
      v = this.code(this.env);
    } finally {
      st.depth--;
    }
    this.env = null as unknown as Env; // let the frame be collected
    this.cached = v;
    this.state = 2;
    return v;
  }
  protected compute(): Value {
    return this.force(); // not called: force computes in place
  }
}

/**
 * A thunk whose value was known when it was made (see Compiler.speculate): it keeps no frame alive
 * and runs no code, but its first force still counts as the frame the expression's thunk would
 * have taken, so --max-stack is reached exactly where go-jsonnet reaches it.
 */
export class KnownThunk extends Thunk {
  private declare readonly v: Value;
  constructor(v: Value) {
    super();
    this.v = v;
  }
  protected compute(): Value {
    const st = runtimeState;
    if (st.depth + 1 > st.maxStack) throw new RuntimeError('max stack frames exceeded.');
    return this.v;
  }
}

/**
 * A variable passed on (an argument, an array element, a local bound to another variable): go-jsonnet
 * makes it a thunk of its own, described `thunkName` at the variable, taking a frame when forced.
 */
export class AliasThunk extends Thunk {
  private declare env: Env;
  private declare readonly slot: number;
  private declare readonly loc: Loc;
  private declare readonly description: string;
  constructor(env: Env, slot: number, loc: Loc, description: string) {
    super();
    this.env = env;
    this.slot = slot;
    this.loc = loc;
    this.description = description;
  }
  protected compute(): Value {
    pushFrame();
    try {
      const v = force(this.env[this.slot]);
      this.env = null as unknown as Env; // let the frame be collected
      return v;
    } catch (e) {
      throw traced(e, this.loc, this.description, true);
    } finally {
      popFrame();
    }
  }
}

/** A pending tailstrict call, returned by a function body to its trampoline. */
export class TailCall {
  declare readonly fn: JFunction;
  declare readonly args: LazyValue[];
  declare readonly named: Map<string, LazyValue> | null;
  declare readonly loc: Loc;
  declare readonly ctx: string;
  constructor(fn: JFunction, args: LazyValue[], named: Map<string, LazyValue> | null, loc: Loc, ctx: string) {
    this.fn = fn;
    this.args = args;
    this.named = named;
    this.loc = loc;
    this.ctx = ctx;
  }
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

/** What one function literal compiles to, shared by every function value made from it. */
export interface FunctionCode {
  readonly name: string;
  readonly params: ParamSpec[];
  /** The call frame's layout: slot 0 is the function's environment, then one slot per parameter. */
  readonly frame: { readonly size: number };
  /** The body, run in the call frame; in tail position a tailstrict call returns a TailCall. */
  readonly body: Code;
  /** n when a call with n positional arguments and no named ones binds them slot by slot, else -1. */
  readonly arity: number;
  /** Binds any other call's arguments into the frame, with go-jsonnet's argument errors. */
  readonly bind: (f: Env, positional: LazyValue[], named: Map<string, LazyValue> | null) => void;
}

/**
 * A Jsonnet function value: its compiled code and the frame it closes over (one allocation per
 * function value; `invoke` is shared). `raw` may return a TailCall; `invoke` never does.
 */
export class UserFunction extends JFunction {
  declare readonly code: FunctionCode;
  declare readonly env: Env;
  constructor(code: FunctionCode, env: Env) {
    super(code.name, code.params, invokeUser);
    this.code = code;
    this.env = env;
  }

  raw(positional: LazyValue[], named: Map<string, LazyValue> | null): Value | TailCall {
    // Like go-jsonnet, every call of a Jsonnet function is a stack frame (also when a builtin
    // calls it back); builtins themselves are not. The frame is counted before the arguments bind.
    const st = runtimeState;
    if (++st.depth > st.maxStack) {
      st.depth--;
      throw new RuntimeError('max stack frames exceeded.');
    }
    try {
      const code = this.code;
      const f: Env = new Array(code.frame.size);
      f[0] = this.env;
      if (named === null && positional.length === code.arity) {
        for (let i = 0; i < positional.length; i++) f[i + 1] = positional[i];
      } else code.bind(f, positional, named);
      return code.body(f) as Value | TailCall;
    } finally {
      st.depth--;
    }
  }
}

function invokeUser(this: UserFunction, positional: LazyValue[], named: Map<string, LazyValue> | null): Value {
  return trampoline(this.raw(positional, named));
}
