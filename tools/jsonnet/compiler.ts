// Compiles the AST into JS closures `(env) => Value`, resolving every variable
// statically to (frame hops, slot). A frame is a JS array: slot 0 is the
// parent frame; object frames hold self at 1 and the layer index at 2.
// Frames exist per function call, per comprehension iteration, per object
// (per self and layer) and per file; `local` binds get slots in the current
// frame, so no scope objects or string lookups exist at run time. What the
// closures run on lives beside: thunks.ts (frames, thunks, functions with tail
// calls), object-fields.ts (object fields and frames), operators.ts.

import type { Arg, Bind, BinaryOp, CompSpec, Field, Loc, Node } from './ast.js';
import { StaticError } from './lexer.js';
import {
  equals,
  force,
  JArray,
  JFunction,
  JObject,
  RuntimeError,
  checkArguments,
  Thunk,
  typeOf,
  Visibility,
  type FieldDef,
  type LazyValue,
  type ParamSpec,
  type Value,
} from './value.js';
import { addStdFrame, NO_LOCATION, toRuntimeError, traced, valueToString } from './runtime.js';
import { runtimeState } from './stack.js';
import { checkArrayLength, limits, unexpectedType } from './std/util.js';
import { escapeJsonString } from './manifest/json.js';
import { arith, bitwise, cmp, goInt64, indexValue, plus } from './operators.js';
import { AliasThunk, ExprThunk, KnownThunk, TailCall, trampoline, UserFunction, type Code, type Env, type FunctionCode, type LazyCode } from './thunks.js';
import { CompField, LitField, objectFrame, type EvalLayer, type ObjInfo } from './object-fields.js';
import { FrameInfo, hopsTo, resolveVariable, Scope, type Resolved } from './scopes.js';

/** What compiled code needs from the engine. */
export interface Host {
  /** The std object's builtins by name (including engine-bound ones). */
  std: Map<string, Value>;
  importCode(from: string, path: string): Value;
  importStr(from: string, path: string): string;
  importBin(from: string, path: string): JArray;
  trace(loc: Loc, message: string): void;
}

/**
 * Whether an object literal's field names are all literal and distinct, so making it cannot fail.
 * Names written differently with the same value ("\u0061" and a) pass the parser: such an object fails when made.
 */
function fixedFieldNames(node: Extract<Node, { k: 'object' }>): boolean {
  const names = new Set<string>();
  for (const f of node.fields) {
    if (typeof f.name !== 'string' || names.has(f.name)) return false;
    names.add(f.name);
  }
  return true;
}

// ---------------------------------------------------------------------------
// The compiler

const ANON = 'anonymous';

/** std.trace's two arguments (str, rest) when a call gives exactly those, positionally or by name. */
function traceArguments(args: Arg[]): [Arg, Arg] | null {
  if (args.length !== 2) return null;
  const [a, b] = args;
  if (a.name === null && b.name === null) return [a, b];
  if (a.name === null && b.name === 'rest') return [a, b];
  if (a.name === 'str' && b.name === 'rest') return [a, b];
  if (a.name === 'rest' && b.name === 'str') return [b, a];
  return null;
}

export class Compiler {
  // Trace descriptions follow go-jsonnet's static contexts: `function <f>` and
  // `object <o>` take the name of the local they are bound to (else anonymous),
  // local bodies are `thunk <x> from <...>`, arguments and array elements
  // `thunk from <...>`, and the target of `e.id` has no description at all.
  private ctx = '$'; // trace description of the code being compiled
  /** The local name the next function or object literal is bound to. */
  private bindName = ANON;
  /** True inside the target of `e.id`. */
  private noCtx = false;
  private readonly objectDepth: FrameInfo[] = [];

  constructor(
    private readonly host: Host,
    private readonly file: string,
  ) {}

  /** Compiles a file's top-level expression. The root frame holds `std` at slot 1. */
  compileFile(ast: Node): Code {
    const root = new FrameInfo(null, false);
    const scope = new Scope(null, root, new Map([['std', root.alloc()]]));
    this.rootFrame = root;
    const code = this.compile(ast, scope);
    const size = root.size;
    return (env) => {
      if (env.length < size) env.length = size;
      return code(env);
    };
  }

  private rootFrame: FrameInfo | null = null;

  private err(msg: string, loc: Loc): never {
    throw new StaticError(msg, loc);
  }

  /** Resolves a variable to (hops, slot), or throws the static error. */
  private resolve(name: string, scope: Scope, loc: Loc): Resolved {
    return resolveVariable(name, scope) ?? this.err(`Unknown variable: ${name}`, loc);
  }

  private withCtx<T>(ctx: string, fn: () => T): T {
    const saved = this.ctx;
    this.ctx = this.noCtx ? '' : ctx;
    try {
      return fn();
    } finally {
      this.ctx = saved;
    }
  }

  private thunkCtx(): string {
    return `thunk from <${this.ctx}>`;
  }

  /** Code producing a lazy value: literals and variables need no thunk. */
  private lazy(node: Node, scope: Scope, thunkName: string = this.thunkCtx(), bind = ANON): LazyCode {
    this.bindName = bind;
    switch (node.k) {
      case 'num': {
        if (!Number.isFinite(node.v)) break;
        const v = node.v;
        return () => v;
      }
      case 'null':
      case 'true':
      case 'false':
      case 'str': {
        const c = this.compile(node, scope);
        const v = c([]);
        return () => v;
      }
      case 'var': {
        const r = this.resolve(node.name, scope, node.loc);
        if (r.frame === this.rootFrame && node.name === 'std') break;
        // go-jsonnet makes a variable passed on (an argument, an array element, a local bound to it) a
        // thunk of its own, even when its value is known: forcing it takes a stack frame, so chains of
        // them count towards --max-stack, and an error through it shows the frame. The alias reads the
        // slot when forced: a binding later in the same group (`local a = b, b = 2`, `function(a=b, b=1)`)
        // is not filled in yet when it is made.
        const slot = r.slot;
        const hops = r.hops;
        const loc = node.loc;
        switch (hops) {
          case 0:
            return (env) => new AliasThunk(env, slot, loc, thunkName);
          case 1:
            return (env) => new AliasThunk(env[0], slot, loc, thunkName);
          default: {
            return (env) => {
              for (let i = 0; i < hops; i++) env = env[0];
              return new AliasThunk(env, slot, loc, thunkName);
            };
          }
        }
      }
      case 'self':
      case 'dollar':
      case 'function':
        return this.compile(node, scope);
      case 'object':
        if (fixedFieldNames(node)) return this.compile(node, scope);
        break;
    }
    const code = this.withCtx(thunkName, () => {
      this.bindName = bind;
      return this.compile(node, scope);
    });
    const known = node.k === 'binary' ? this.speculate(node, scope) : null;
    if (known !== null) {
      return (env) => {
        const v = known(env);
        return v !== undefined ? new KnownThunk(v) : new ExprThunk(code, env);
      };
    }
    return (env) => new ExprThunk(code, env);
  }

  /**
   * For arithmetic and comparisons on literals and variables (`n - 1`, `i * 2`, `'k' + i`): code
   * that computes the value at once when the operands are already known numbers (or strings) and
   * the result cannot fail, else returns undefined (the caller then makes an ExprThunk). Nothing
   * is forced and nothing can fail, and the KnownThunk holding the value still takes its frame
   * when first forced, so this is invisible to the program; what it saves is running the code
   * later and the frame the thunk would keep alive (a foldl building `acc + [i * 2]` kept every
   * earlier accumulator alive through its elements' thunks).
   */
  private speculate(node: Node, scope: Scope): ((env: Env) => Value | undefined) | null {
    switch (node.k) {
      case 'num':
        if (!Number.isFinite(node.v)) return null;
        return constant(node.v);
      case 'str':
        return constant(node.v);
      case 'var': {
        const r = resolveVariable(node.name, scope);
        if (r === null) return null;
        const { hops, slot } = r;
        return (env) => {
          for (let i = 0; i < hops; i++) env = env[0];
          const v = env[slot] as LazyValue | undefined;
          return v instanceof Thunk ? v.peek() : v;
        };
      }
      case 'binary': {
        const op = node.op;
        if (!SPECULATED_OPS.has(op)) return null;
        const l = this.speculate(node.left, scope);
        if (l === null) return null;
        const r = this.speculate(node.right, scope);
        if (r === null) return null;
        return (env) => {
          const a = l(env);
          if (a === undefined) return undefined;
          const b = r(env);
          return b === undefined ? undefined : knownBinary(op, a, b);
        };
      }
      default:
        return null;
    }
  }

  /** `tail`: the node is in tail position of a function body (for tailstrict calls). */
  compile(node: Node, scope: Scope, tail = false): Code {
    const bind = this.bindName;
    this.bindName = ANON;
    switch (node.k) {
      case 'null':
        return () => null;
      case 'true':
        return () => true;
      case 'false':
        return () => false;
      case 'num': {
        const v = node.v;
        if (!Number.isFinite(v)) {
          // A literal beyond float64 range, e.g. 1e999.
          const loc = node.loc;
          const ctx = this.ctx;
          return () => {
            throw traced(new RuntimeError('overflow'), loc, ctx, false); // go-jsonnet's word for a literal beyond float64
          };
        }
        return () => v;
      }
      case 'str': {
        const v = node.v;
        return () => v;
      }
      case 'var':
        return this.compileVar(node.name, scope, node.loc);
      case 'self': {
        const f = this.objectDepth[this.objectDepth.length - 1];
        if (f === undefined) this.err("Can't use self outside of an object.", node.loc);
        return this.frameSlot(hopsTo(scope, f), 1);
      }
      case 'dollar': {
        const f = this.objectDepth[0];
        if (f === undefined) this.err('No top-level object found.', node.loc);
        return this.frameSlot(hopsTo(scope, f), 1);
      }
      case 'superIndex':
        return this.compileSuperIndex(node, scope);
      case 'inSuper': {
        const f = this.objectDepth[this.objectDepth.length - 1];
        if (f === undefined) this.err("Can't use super outside of an object.", node.loc);
        const hops = hopsTo(scope, f);
        const key = this.compile(node.key, scope);
        const loc = node.loc;
        const ctx = this.ctx;
        return (env) => {
          const k = key(env);
          let e = env;
          for (let i = 0; i < hops; i++) e = e[0];
          const self = e[1] as JObject;
          const layer = e[2] as number;
          if (typeof k !== 'string') throw traced(unexpectedType(k, 'string'), loc, ctx, false);
          return layer > 0 && self.hasFrom(k, layer - 1);
        };
      }
      case 'object':
        return this.compileObject(node, scope, node.paren ? ANON : bind);
      case 'objcomp':
        return this.compileObjComp(node, scope);
      case 'array': {
        const items = node.items.map((n) => this.lazy(n, scope));
        if (items.length === 0) return () => new JArray([]);
        return (env) => {
          const out = new Array<LazyValue>(items.length);
          for (let i = 0; i < items.length; i++) out[i] = items[i](env);
          return new JArray(out);
        };
      }
      case 'arrcomp':
        return this.compileArrComp(node, scope);
      case 'index':
        return this.compileIndex(node, scope);
      case 'slice':
        return this.compileSlice(node, scope);
      case 'call':
        return this.compileCall(node, scope, tail);
      case 'local': {
        const inner = this.bindLocals(node.binds, scope);
        this.bindName = node.paren ? ANON : bind;
        const body = this.compile(node.body, inner.scope, tail);
        const inits = inner.inits;
        if (inits.length === 1) {
          const { slot, code } = inits[0];
          return (env) => {
            env[slot] = code(env);
            return body(env);
          };
        }
        return (env) => {
          for (let i = 0; i < inits.length; i++) env[inits[i].slot] = inits[i].code(env);
          return body(env);
        };
      }
      case 'if': {
        const cond = this.compile(node.cond, scope);
        const then = this.compile(node.then, scope, tail);
        const els = node.else ? this.compile(node.else, scope, tail) : () => null;
        const loc = node.loc; // go-jsonnet reports a condition that is no boolean at the whole `if`
        const ctx = this.ctx;
        return (env) => {
          const c = cond(env);
          if (c === true) return then(env);
          if (c === false) return els(env);
          throw traced(unexpectedType(c, 'boolean'), loc, ctx, false);
        };
      }
      case 'function':
        return this.compileFunction(node, scope, node.paren ? ANON : bind);
      case 'assert': {
        const cond = this.compile(node.cond, scope);
        const msg = node.msg ? this.compile(node.msg, scope) : null;
        const rest = this.compile(node.rest, scope, tail);
        const loc = node.loc;
        return (env) => {
          const c = cond(env);
          if (c === true) return rest(env);
          // go-jsonnet's desugared `if` of an assertion has no location.
          if (c !== false) throw traced(unexpectedType(c, 'boolean'), NO_LOCATION, '', false);
          const m = msg === null ? 'Assertion failed' : valueToString(msg(env));
          throw traced(new RuntimeError(m), loc, '', false);
        };
      }
      case 'error': {
        const expr = this.compile(node.expr, scope);
        const loc = node.loc;
        const ctx = this.ctx;
        return (env) => {
          const m = expr(env);
          throw traced(new RuntimeError(typeof m === 'string' ? m : valueToString(m)), loc, ctx, false);
        };
      }
      case 'import':
      case 'importstr':
      case 'importbin': {
        const host = this.host;
        const file = this.file;
        const path = node.path;
        const loc = node.loc;
        const ctx = this.ctx;
        const kind = node.k;
        return () => {
          try {
            if (kind === 'import') return host.importCode(file, path);
            if (kind === 'importstr') return host.importStr(file, path);
            return host.importBin(file, path);
          } catch (e) {
            throw traced(e, loc, ctx, true);
          }
        };
      }
      case 'unary':
        return this.compileUnary(node, scope);
      case 'binary':
        return this.compileBinary(node, scope);
    }
  }

  private frameSlot(hops: number, slot: number): Code {
    switch (hops) {
      case 0:
        return (env) => env[slot];
      case 1:
        return (env) => env[0][slot];
      case 2:
        return (env) => env[0][0][slot];
      default:
        return (env) => {
          for (let i = 0; i < hops; i++) env = env[0];
          return env[slot];
        };
    }
  }

  private compileVar(name: string, scope: Scope, loc: Loc): Code {
    const r = this.resolve(name, scope, loc);
    const slot = r.slot;
    const ctx = this.ctx;
    // Each case forces the variable itself (no shared helper): one call less per variable read.
    switch (r.hops) {
      case 0:
        return (env) => {
          const v = env[slot] as LazyValue;
          if (!(v instanceof Thunk)) return v;
          try {
            return v.force();
          } catch (e) {
            throw traced(e, loc, ctx, true);
          }
        };
      case 1:
        return (env) => {
          const v = env[0][slot] as LazyValue;
          if (!(v instanceof Thunk)) return v;
          try {
            return v.force();
          } catch (e) {
            throw traced(e, loc, ctx, true);
          }
        };
      default: {
        const hops = r.hops;
        return (env) => {
          for (let i = 0; i < hops; i++) env = env[0];
          const v = env[slot] as LazyValue;
          if (!(v instanceof Thunk)) return v;
          try {
            return v.force();
          } catch (e) {
            throw traced(e, loc, ctx, true);
          }
        };
      }
    }
  }

  /** Allocates slots for `local` binds (recursive: all names visible in all bodies). */
  private bindLocals(binds: Bind[], scope: Scope): { scope: Scope; inits: { slot: number; code: LazyCode }[] } {
    const vars = new Map<string, number>();
    for (const b of binds) {
      if (vars.has(b.name)) this.err(`Duplicate local var: ${b.name}`, b.loc);
      vars.set(b.name, scope.frame.alloc());
    }
    const inner = new Scope(scope, scope.frame, vars);
    const inits = binds.map((b) => ({
      slot: vars.get(b.name)!,
      code: this.lazy(b.body, inner, `thunk <${b.name}> from <${this.ctx}>`, b.name),
    }));
    return { scope: inner, inits };
  }

  private compileFunction(node: Extract<Node, { k: 'function' }>, scope: Scope, bind: string): Code {
    const frame = new FrameInfo(scope.frame, false);
    const vars = new Map<string, number>();
    for (const p of node.params) {
      // go-jsonnet accepts repeated parameter names; the last one is the one the body sees.
      vars.set(p.name, frame.alloc());
    }
    const fscope = new Scope(scope, frame, vars);
    const code = this.withCtx(`function <${bind}>`, (): FunctionCode => {
      // Default arguments are evaluated in the function's own context.
      const defaults = node.params.map((p) => (p.def ? this.lazy(p.def, fscope, this.ctx) : null));
      const body = this.compile(node.body, fscope, true);
      const params: ParamSpec[] = node.params.map((p) => ({ name: p.name, optional: p.def !== null }));
      const repeated = new Set(params.map((p) => p.name)).size !== params.length;
      return {
        name: node.name,
        params,
        frame,
        body,
        arity: repeated ? -1 : params.length,
        bind: repeated ? bindRepeated(params, defaults) : bindArguments(params, defaults),
      };
    });
    return (env) => new UserFunction(code, env);
  }

  private compileCall(node: Extract<Node, { k: 'call' }>, scope: Scope, tail: boolean): Code {
    const loc = node.loc;
    const ctx = this.ctx;
    // std.trace needs its call site.
    const traceArgs = this.isStdField(node.fn, scope, 'trace') ? traceArguments(node.args as Arg[]) : null;
    if (traceArgs !== null) {
      const msg = this.compile(traceArgs[0].expr, scope);
      const rest = this.lazy(traceArgs[1].expr, scope);
      const host = this.host;
      // go-jsonnet's trace takes both arguments evaluated (rest as the thunk it is): rest fails before anything is written.
      return (env) => {
        const m = msg(env);
        const r = force(rest(env));
        if (typeof m !== 'string') throw traced(unexpectedType(m, 'string'), loc, ctx, false);
        host.trace(loc, m);
        return r;
      };
    }
    const fn = this.compile(node.fn, scope);
    const positional: LazyCode[] = [];
    const namedArgs: { name: string; code: LazyCode }[] = [];
    for (const a of node.args as Arg[]) {
      const code = this.lazy(a.expr, scope);
      if (a.name === null) positional.push(code);
      else namedArgs.push({ name: a.name, code });
    }
    const np = positional.length;
    const tailstrict = node.tailstrict;
    const namedNames = namedArgs.map((a) => a.name);
    if (new Set(namedNames).size !== namedNames.length) {
      // A named argument given twice: go-jsonnet's checks find it (or an earlier problem).
      return (env) => {
        const f = fn(env);
        if (!(f instanceof JFunction)) throw traced(unexpectedType(f, 'function'), loc, ctx, false);
        try {
          checkArguments(f.params, np, namedNames);
        } catch (e) {
          throw traced(e, loc, ctx, true);
        }
        throw new Error('unreachable: a repeated named argument passed the argument checks');
      };
    }
    if (tailstrict && tail) {
      // A tailstrict call in tail position: force the arguments and let the
      // caller's trampoline make the call, so the stack does not grow.
      return (env) => {
        const f = fn(env);
        if (!(f instanceof JFunction)) throw traced(unexpectedType(f, 'function'), loc, ctx, false);
        const args = new Array<LazyValue>(np);
        for (let i = 0; i < np; i++) args[i] = positional[i](env);
        let named: Map<string, LazyValue> | null = null;
        if (namedArgs.length > 0) {
          named = new Map();
          for (const a of namedArgs) named.set(a.name, a.code(env));
        }
        try {
          for (let i = 0; i < np; i++) force(args[i]);
          if (named !== null) for (const v of named.values()) force(v);
        } catch (e) {
          throw traced(e, loc, ctx, true);
        }
        return new TailCall(f, args, named, loc, ctx) as unknown as Value;
      };
    }
    if (!tailstrict && namedArgs.length === 0) {
      // The common call: positional arguments only. A Jsonnet function taking exactly these gets
      // them written straight into its new frame (no argument array, no binding).
      return (env) => {
        const f = fn(env);
        if (f instanceof UserFunction && f.code.arity === np) {
          const code = f.code;
          const frame: Env = new Array(code.frame.size);
          frame[0] = f.env;
          for (let i = 0; i < np; i++) frame[i + 1] = positional[i](env);
          // callBody written out: this runs for every call of a Jsonnet function.
          const st = runtimeState;
          try {
            if (++st.depth > st.maxStack) {
              st.depth--;
              throw new RuntimeError('max stack frames exceeded.');
            }
            let r: Value | TailCall;
            try {
              r = code.body(frame) as Value | TailCall;
            } finally {
              st.depth--;
            }
            return r instanceof TailCall ? trampoline(r) : r;
          } catch (e) {
            throw traced(e, loc, ctx, true);
          }
        }
        if (!(f instanceof JFunction)) throw traced(unexpectedType(f, 'function'), loc, ctx, false);
        const args = new Array<LazyValue>(np);
        for (let i = 0; i < np; i++) args[i] = positional[i](env);
        try {
          return f.invoke(args, null);
        } catch (e) {
          if (!(f instanceof UserFunction)) addStdFrame(e, f.name);
          throw traced(e, loc, ctx, true);
        }
      };
    }
    return (env) => {
      const f = fn(env);
      if (!(f instanceof JFunction)) throw traced(unexpectedType(f, 'function'), loc, ctx, false);
      const args = new Array<LazyValue>(np);
      for (let i = 0; i < np; i++) args[i] = positional[i](env);
      let named: Map<string, LazyValue> | null = null;
      if (namedArgs.length > 0) {
        named = new Map();
        for (let i = 0; i < namedArgs.length; i++) named.set(namedArgs[i].name, namedArgs[i].code(env));
      }
      try {
        if (tailstrict) {
          for (let i = 0; i < np; i++) force(args[i]);
          if (named !== null) for (const v of named.values()) force(v);
        }
        return f.invoke(args, named);
      } catch (e) {
        if (!(f instanceof UserFunction)) addStdFrame(e, f.name);
        throw traced(e, loc, ctx, true);
      }
    };
  }

  /** True when `node` is `std.<name>` with `std` the root binding. */
  private isStdField(node: Node, scope: Scope, name?: string): boolean {
    if (node.k !== 'index' || node.target.k !== 'var' || node.target.name !== 'std' || node.index.k !== 'str') return false;
    if (name !== undefined && node.index.v !== name) return false;
    const r = this.resolve('std', scope, node.target.loc);
    return r.frame === this.rootFrame;
  }

  private compileIndex(node: Extract<Node, { k: 'index' }>, scope: Scope): Code {
    const loc = node.loc;
    const ctx = this.ctx;
    if (this.isStdField(node, scope)) {
      // std.x: resolved once, the std object never changes.
      const name = (node.index as { v: string }).v;
      if (name !== 'thisFile') {
        const v = this.host.std.get(name);
        if (v !== undefined) return () => v;
      }
    }
    const savedNoCtx = this.noCtx;
    const savedCtx = this.ctx;
    if (node.dot) {
      this.noCtx = true;
      this.ctx = '';
    }
    const target = this.compile(node.target, scope);
    this.noCtx = savedNoCtx;
    this.ctx = savedCtx;
    if (node.index.k === 'str') {
      const name = node.index.v;
      return (env) => {
        const t = target(env);
        try {
          if (t instanceof JObject) {
            const v = t.tryGet(name);
            if (v !== undefined) return v;
          }
          return indexValue(t, name);
        } catch (e) {
          throw traced(e, loc, ctx, true);
        }
      };
    }
    const index = this.compile(node.index, scope);
    return (env) => {
      const t = target(env);
      const i = index(env);
      try {
        return indexValue(t, i);
      } catch (e) {
        throw traced(e, loc, ctx, true);
      }
    };
  }

  private compileSuperIndex(node: Extract<Node, { k: 'superIndex' }>, scope: Scope): Code {
    const f = this.objectDepth[this.objectDepth.length - 1];
    if (f === undefined) this.err("Can't use super outside of an object.", node.superLoc);
    const hops = hopsTo(scope, f);
    const index = this.compile(node.index, scope);
    const loc = node.superLoc; // go-jsonnet reports a failed lookup at `super`
    const ctx = this.ctx;
    return (env) => {
      const k = index(env);
      let e = env;
      for (let i = 0; i < hops; i++) e = e[0];
      const self = e[1] as JObject;
      const layer = e[2] as number;
      try {
        if (typeof k !== 'string') throw unexpectedType(k, 'string');
        if (layer === 0) throw new RuntimeError('Attempt to use super when there is no super class.');
        return self.getFrom(k, layer - 1);
      } catch (err) {
        throw traced(err, loc, ctx, true);
      }
    };
  }

  private compileSlice(node: Extract<Node, { k: 'slice' }>, scope: Scope): Code {
    const target = this.compile(node.target, scope);
    const nul: Code = () => null;
    const from = node.from ? this.compile(node.from, scope) : nul;
    const to = node.to ? this.compile(node.to, scope) : nul;
    const step = node.step ? this.compile(node.step, scope) : nul;
    const loc = node.loc;
    const ctx = this.ctx;
    const stdSlice = this.host.std.get('slice') as JFunction;
    return (env) => {
      const t = target(env);
      const a = from(env);
      const b = to(env);
      const c = step(env);
      try {
        return stdSlice.invoke([t, a, b, c], null);
      } catch (e) {
        throw traced(e, loc, ctx, true);
      }
    };
  }

  private compileUnary(node: Extract<Node, { k: 'unary' }>, scope: Scope): Code {
    const e = this.compile(node.expr, scope);
    const loc = node.loc;
    const ctx = this.ctx;
    const op = node.op;
    const fail = (v: Value): never => {
      throw traced(unexpectedType(v, op === '!' ? 'boolean' : 'number'), loc, ctx, false);
    };
    switch (op) {
      case '-':
        return (env) => {
          const v = e(env);
          return typeof v === 'number' ? -v : fail(v);
        };
      case '+':
        return (env) => {
          const v = e(env);
          return typeof v === 'number' ? v : fail(v);
        };
      case '!':
        return (env) => {
          const v = e(env);
          return typeof v === 'boolean' ? !v : fail(v);
        };
      default:
        return (env) => {
          const v = e(env);
          return typeof v === 'number' ? Number(~goInt64(v)) : fail(v);
        };
    }
  }

  private compileBinary(node: Extract<Node, { k: 'binary' }>, scope: Scope): Code {
    const l = this.compile(node.left, scope);
    const r = this.compile(node.right, scope);
    const loc = node.loc;
    const ctx = this.ctx;
    const op = node.op;
    const wrap = (fn: (a: Value, b: Value) => Value): Code => (env) => {
      const a = l(env);
      const b = r(env);
      try {
        return fn(a, b);
      } catch (e) {
        throw traced(e, loc, ctx, false);
      }
    };
    switch (op) {
      case '+':
        return (env) => {
          const a = l(env);
          const b = r(env);
          if (typeof a === 'number' && typeof b === 'number') {
            const s = a + b;
            if (Number.isFinite(s)) return s;
          }
          try {
            return plus(a, b);
          } catch (e) {
            throw traced(e, loc, ctx, false);
          }
        };
      case '-':
      case '*':
      case '/':
        return wrap((a, b) => arith(op, a, b));
      case '%': {
        const std = this.host.std;
        return wrap((a, b) => {
          // go-jsonnet runs `%` as std.mod, Jsonnet code in its std: errors get its <std> frame.
          try {
            if (typeof a === 'number' && typeof b === 'number') return arith('%', a, b);
            const mod = std.get('mod') ?? std.get('format');
            if (typeof a === 'string' && mod instanceof JFunction) return mod.invoke([a, b], null);
            if (typeof a === 'string') throw new RuntimeError('std.format is not available');
            throw new RuntimeError(`Operator % cannot be used on types ${typeOf(a)} and ${typeOf(b)}.`);
          } catch (e) {
            // The desugared call of std.mod is a frame at the operator, with no description.
            if (addStdFrame(e, 'mod')) (e as RuntimeError).trace!.push({ loc: node.loc, description: '' });
            throw e;
          }
        });
      }
      case '<<':
      case '>>':
      case '&':
      case '|':
      case '^':
        return wrap((a, b) => bitwise(op, a, b));
      case '<':
      case '<=':
      case '>':
      case '>=':
        return wrap((a, b) => cmp(op, a, b));
      // Identity decides for primitives only: an array, object or function is compared (and may fail) even with itself.
      case '==':
        return wrap((a, b) => (a === b && typeof a !== 'object') || equals(a, b));
      case '!=':
        return wrap((a, b) => !((a === b && typeof a !== 'object') || equals(a, b)));
      case 'in':
        return wrap((a, b) => {
          try {
            if (!(b instanceof JObject)) throw unexpectedType(b, 'object');
            if (typeof a !== 'string') throw unexpectedType(a, 'string');
          } catch (e) {
            // go-jsonnet runs `in` as a call of std.objectHasAll: a frame at the operator, with no description.
            if (addStdFrame(e, 'objectHasAll')) (e as RuntimeError).trace!.push({ loc: node.loc, description: '' });
            throw e;
          }
          return b.has(a);
        });
      case '&&':
        return (env) => {
          const a = l(env);
          if (a === false) return false;
          if (a !== true) throw traced(unexpectedType(a, 'boolean'), loc, ctx, false);
          const b = r(env);
          if (typeof b !== 'boolean') throw traced(unexpectedType(b, 'boolean'), loc, ctx, false);
          return b;
        };
      case '||':
        return (env) => {
          const a = l(env);
          if (a === true) return true;
          if (a !== false) throw traced(unexpectedType(a, 'boolean'), loc, ctx, false);
          const b = r(env);
          if (typeof b !== 'boolean') throw traced(unexpectedType(b, 'boolean'), loc, ctx, false);
          return b;
        };
    }
  }

  // ------------------------------------------------------------------ objects

  /** Compiles object locals and field bodies in a new object frame. */
  private objectScope(locals: Bind[], scope: Scope, frame: FrameInfo): { scope: Scope; info: ObjInfo } {
    const vars = new Map<string, number>();
    for (const b of locals) {
      if (vars.has(b.name)) this.err(`Duplicate local var: ${b.name}`, b.loc);
      vars.set(b.name, frame.alloc());
    }
    const inner = new Scope(scope, frame, vars);
    const info: ObjInfo = { frame, locals: [] };
    for (const b of locals) {
      // go-jsonnet evaluates object locals in the object's own context.
      const code = this.lazy(b.body, inner, this.ctx);
      info.locals.push({ slot: vars.get(b.name)!, code });
    }
    return { scope: inner, info };
  }

  private compileObject(node: Extract<Node, { k: 'object' }>, scope: Scope, bind: string): Code {
    const frame = new FrameInfo(scope.frame, true);
    // Field names are evaluated outside the object.
    const names: (string | Code)[] = node.fields.map((f) => (typeof f.name === 'string' ? f.name : this.compile(f.name, scope)));
    this.objectDepth.push(frame);
    const { bodies, info, asserts } = this.withCtx(`object <${bind}>`, () => {
      const { scope: inner, info } = this.objectScope(node.locals, scope, frame);
      const bodies = node.fields.map((f: Field) => this.compile(f.body, inner));
      const asserts = node.asserts.map((a) => {
        const cond = this.compile(a.cond, inner);
        const msg = a.msg ? this.compile(a.msg, inner) : null;
        const loc = a.loc;
        return (self: JObject, layer: number): void => {
          const env = objectFrame(self, layer);
          const c = cond(env);
          if (c === true) return;
          // go-jsonnet's frame for a failed assertion has no description.
          if (c !== false) throw traced(unexpectedType(c, 'boolean'), loc, '', false);
          const m = msg === null ? 'Object assertion failed.' : valueToString(msg(env));
          throw traced(new RuntimeError(m), loc, '', false);
        };
      });
      return { bodies, info, asserts };
    });
    this.objectDepth.pop();
    const assertList = asserts.length > 0 ? asserts : null;
    const allStatic = fixedFieldNames(node);
    if (allStatic) {
      const fields = new Map<string, FieldDef>();
      node.fields.forEach((f, i) => {
        fields.set(f.name as string, new LitField(f.hide as number as Visibility, bodies[i], f.name as string, f.plus, f.loc, f.body.loc));
      });
      return (env) => {
        const layer: EvalLayer = { fields, asserts: assertList, env, info };
        return new JObject([layer]);
      };
    }
    const loc = node.loc;
    const outerCtx = this.ctx;
    const fieldNodes = node.fields;
    return (env) => {
      const fields = new Map<string, FieldDef>();
      for (let i = 0; i < names.length; i++) {
        const n = names[i];
        let name: Value;
        if (typeof n === 'string') name = n;
        else {
          name = n(env);
          if (name === null) continue;
          if (typeof name !== 'string') {
            // go-jsonnet reports it at the whole object.
            throw traced(new RuntimeError(`Field name must be string, got ${typeOf(name)}`), loc, outerCtx, false);
          }
        }
        if (fields.has(name)) throw traced(new RuntimeError(`Duplicate field name: ${escapeJsonString(name)}`), loc, outerCtx, false);
        const f = fieldNodes[i];
        fields.set(name, new LitField(f.hide as number as Visibility, bodies[i], name, f.plus, f.loc, f.body.loc));
      }
      const layer: EvalLayer = { fields, asserts: assertList, env, info };
      return new JObject([layer]);
    };
  }

  /**
   * Compiles comprehension specs. `inner(scope)` compiles the body in the
   * innermost scope and returns a per-iteration callback.
   */
  /**
   * `extra`: frames go-jsonnet's desugared form adds around every spec error
   * beyond one per enclosing `for` (1 for object comprehensions).
   */
  private compileSpecs(
    specs: CompSpec[],
    scope: Scope,
    compLoc: Loc,
    extra: number,
    body: (scope: Scope) => (env: Env) => void,
  ): Code {
    const run = this.compileSpecsFrom(specs, 0, scope, compLoc, extra, body);
    return (env) => {
      run(env);
      return null;
    };
  }

  /**
   * go-jsonnet desugars each `for` into a call of std.$flatMapArray at the
   * comprehension's location, with no trace description: an error in the
   * k-th `for` or in an `if` after it passes k such frames.
   */
  private compileSpecsFrom(
    specs: CompSpec[],
    i: number,
    scope: Scope,
    compLoc: Loc,
    frames: number,
    body: (scope: Scope) => (env: Env) => void,
  ): (env: Env) => void {
    if (i === specs.length) return body(scope);
    const spec = specs[i];
    const addFrames = (e: unknown, n: number): RuntimeError => {
      const err = toRuntimeError(e);
      const trace = (err.trace ??= []);
      for (let j = 0; j < n; j++) trace.push({ loc: compLoc, description: '' });
      return err;
    };
    if (spec.kind === 'if') {
      const cond = this.compile(spec.expr, scope);
      const next = this.compileSpecsFrom(specs, i + 1, scope, compLoc, frames, body);
      return (env) => {
        let c: Value;
        try {
          c = cond(env);
        } catch (e) {
          throw addFrames(e, frames);
        }
        if (c === true) next(env);
        else if (c !== false) {
          // The desugared `if` has neither location nor description.
          const err = unexpectedType(c, 'boolean');
          err.trace = [{ loc: null, description: '' }];
          throw addFrames(err, frames);
        }
      };
    }
    const arr = this.compile(spec.expr, scope);
    const frame = new FrameInfo(scope.frame, false);
    const slot = frame.alloc();
    const inner = new Scope(scope, frame, new Map([[spec.name, slot]]));
    const depth = frames + 1;
    const next = this.compileSpecsFrom(specs, i + 1, inner, compLoc, depth, body);
    return (env) => {
      let a: Value;
      try {
        a = arr(env);
      } catch (e) {
        throw addFrames(e, depth);
      }
      if (!(a instanceof JArray)) throw addFrames(unexpectedType(a, 'array'), depth);
      const items = a.items;
      const size = frame.size;
      for (let j = 0; j < items.length; j++) {
        const f: Env = new Array(size);
        f[0] = env;
        f[slot] = items[j];
        next(f);
      }
    };
  }

  private compileArrComp(node: Extract<Node, { k: 'arrcomp' }>, scope: Scope): Code {
    let out: LazyValue[] = [];
    const run = this.compileSpecs(node.specs, scope, node.loc, 0, (inner) => {
      const item = this.lazy(node.body, inner);
      return (env) => {
        if (out.length >= limits.maxArrayLength) checkArrayLength(out.length + 1);
        out.push(item(env));
      };
    });
    return (env) => {
      const saved = out;
      out = [];
      try {
        run(env);
        return new JArray(out);
      } finally {
        out = saved;
      }
    };
  }

  private compileObjComp(node: Extract<Node, { k: 'objcomp' }>, scope: Scope): Code {
    const field = node.field;
    let fields = new Map<string, FieldDef>();
    const loc = node.loc;
    const ctx = this.ctx;
    const run = this.compileSpecs(node.specs, scope, loc, 1, (inner) => {
      const nameCode = this.compile(field.name as Node, inner);
      const frame = new FrameInfo(inner.frame, true);
      this.objectDepth.push(frame);
      const { body, info } = this.withCtx(`object <${ANON}>`, () => {
        const { scope: objScope, info } = this.objectScope(node.locals, inner, frame);
        return { body: this.compile(field.body, objScope), info };
      });
      this.objectDepth.pop();
      const hide = field.hide as number as Visibility;
      return (env) => {
        // go-jsonnet's frames: its desugared comprehension has no description.
        const noDescription = { loc, description: '' };
        let name: Value;
        try {
          name = nameCode(env);
        } catch (e) {
          const err = toRuntimeError(e);
          (err.trace ??= []).push(noDescription);
          throw err;
        }
        if (name === null) return;
        if (typeof name !== 'string') {
          const err = new RuntimeError(`Field name must be string, got ${typeOf(name)}`);
          err.trace = [{ loc, description: ctx }, noDescription];
          throw err;
        }
        if (fields.has(name)) {
          const err = new RuntimeError(`Duplicate field name: ${escapeJsonString(name)}`);
          err.trace = [noDescription];
          throw err;
        }
        fields.set(name, new CompField(hide, body, env, info, name, field.plus));
      };
    });
    return (env) => {
      const saved = fields;
      fields = new Map();
      try {
        run(env);
        return new JObject([{ fields, asserts: null }]);
      } finally {
        fields = saved;
      }
    };
  }
}


/**
 * Binds a call's arguments into the callee's frame (slots 1..n) with go-jsonnet's checks and
 * wording; defaults are thunks in the callee's frame. Positional-only calls with exactly one
 * argument per parameter do not come here (UserFunction copies them).
 */
function bindArguments(params: readonly ParamSpec[], defaults: (LazyCode | null)[]): FunctionCode['bind'] {
  const n = params.length;
  return (f, positional, named) => {
    if (positional.length > n) {
      throw new RuntimeError(`function expected ${n} positional argument(s), but got ${positional.length}`);
    }
    for (let i = 0; i < positional.length; i++) f[i + 1] = positional[i];
    if (named !== null) {
      for (const [k, v] of named) {
        const idx = params.findIndex((p) => p.name === k);
        if (idx < 0) throw new RuntimeError(`function has no parameter ${k}`);
        if (f[idx + 1] !== undefined) throw new RuntimeError(`Argument ${k} already provided`);
        f[idx + 1] = v;
      }
    }
    for (let i = 0; i < n; i++) {
      if (f[i + 1] !== undefined) continue;
      const d = defaults[i];
      if (d === null) throw new RuntimeError(`Missing argument: ${params[i].name}`);
      f[i + 1] = d(f);
    }
  };
}

/**
 * Repeated parameter names bind by name, as in go-jsonnet: positional and named arguments first
 * (the last positional wins), then the first default of a name still unbound; every slot of a
 * name holds its value.
 */
function bindRepeated(params: readonly ParamSpec[], defaults: (LazyCode | null)[]): FunctionCode['bind'] {
  const n = params.length;
  return (f, positional, named) => {
    checkArguments(params, positional.length, named === null ? [] : [...named.keys()]);
    const byName = new Map<string, LazyValue>();
    for (let i = 0; i < positional.length; i++) byName.set(params[i].name, positional[i]);
    if (named !== null) for (const [k, v] of named) byName.set(k, v);
    for (let i = 0; i < n; i++) {
      const d = defaults[i];
      if (d !== null && !byName.has(params[i].name)) byName.set(params[i].name, d(f));
    }
    for (let i = 0; i < n; i++) f[i + 1] = byName.get(params[i].name);
  };
}

function constant(v: Value): () => Value {
  return () => v;
}

const SPECULATED_OPS = new Set<BinaryOp>(['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '==', '!=']);

/** `a op b` when it is a number, string or boolean that cannot fail; otherwise undefined. */
function knownBinary(op: BinaryOp, a: Value, b: Value): Value | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    let v: number;
    switch (op) {
      case '+':
        v = a + b;
        break;
      case '-':
        v = a - b;
        break;
      case '*':
        v = a * b;
        break;
      case '/':
        v = a / b;
        break;
      case '%':
        v = a % b;
        break;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      default:
        return undefined;
    }
    // Division by zero, overflow and NaN are errors: left to the thunk, which raises them.
    return Number.isFinite(v) ? v : undefined;
  }
  if (op === '+' && typeof a === 'string' && (typeof b === 'string' || typeof b === 'number')) {
    const s = typeof b === 'string' ? b : valueToString(b);
    return a.length + s.length <= limits.maxStringLength ? a + s : undefined;
  }
  if (op === '+' && typeof a === 'number' && typeof b === 'string') {
    const s = valueToString(a);
    return s.length + b.length <= limits.maxStringLength ? s + b : undefined;
  }
  return undefined;
}
