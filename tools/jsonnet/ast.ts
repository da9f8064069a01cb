// The Jsonnet abstract syntax tree produced by parser.ts. Every node carries
// its source range; `compiler.ts` turns it into closures.

import type { SourceLocation } from './value.js';

export type Loc = SourceLocation;

export type BinaryOp =
  | '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '<' | '<=' | '>' | '>=' | 'in'
  | '==' | '!=' | '&' | '^' | '|' | '&&' | '||';
type UnaryOp = '-' | '+' | '!' | '~';

/** 0 ':'  1 '::'  2 ':::' (the Visibility numbers of value.ts). */
export type Hide = 0 | 1 | 2;

export interface Param {
  name: string;
  def: Node | null;
  loc: Loc;
}

export interface Bind {
  name: string;
  body: Node; // function sugar is already a 'function' node
  loc: Loc;
}

export interface Field {
  /** A fixed name (identifier or string literal) or a computed one. */
  name: string | Node;
  hide: Hide;
  plus: boolean;
  body: Node;
  loc: Loc;
  /** The name as written (`x`, `'x'` or `[e]`), where go-jsonnet reports a duplicate. */
  nameLoc?: Loc;
}

export interface CompSpec {
  kind: 'for' | 'if';
  name: string; // 'for' only
  expr: Node;
  loc: Loc;
}

export interface Arg {
  name: string | null;
  expr: Node;
}

export type Node =
  | { k: 'null'; loc: Loc }
  | { k: 'true'; loc: Loc }
  | { k: 'false'; loc: Loc }
  | { k: 'self'; loc: Loc }
  | { k: 'dollar'; loc: Loc }
  | { k: 'num'; v: number; loc: Loc }
  | { k: 'str'; v: string; loc: Loc }
  | { k: 'var'; name: string; loc: Loc }
  | { k: 'object'; fields: Field[]; locals: Bind[]; asserts: { cond: Node; msg: Node | null; loc: Loc }[]; loc: Loc; paren?: boolean }
  | { k: 'objcomp'; field: Field; locals: Bind[]; specs: CompSpec[]; loc: Loc }
  | { k: 'array'; items: Node[]; loc: Loc }
  | { k: 'arrcomp'; body: Node; specs: CompSpec[]; loc: Loc }
  /** `dot`: written `target.id` (go-jsonnet gives such a target's code no trace context). */
  | { k: 'index'; target: Node; index: Node; loc: Loc; dot?: boolean }
  | { k: 'slice'; target: Node; from: Node | null; to: Node | null; step: Node | null; loc: Loc }
  /** `superLoc`: the `super` keyword, where go-jsonnet reports a runtime error of the lookup. */
  | { k: 'superIndex'; index: Node; loc: Loc; superLoc: Loc }
  | { k: 'inSuper'; key: Node; loc: Loc }
  | { k: 'call'; fn: Node; args: Arg[]; tailstrict: boolean; loc: Loc }
  | { k: 'local'; binds: Bind[]; body: Node; loc: Loc; paren?: boolean }
  | { k: 'if'; cond: Node; then: Node; else: Node | null; loc: Loc }
  /** `paren`: written in parentheses, so not named after a binding in traces. */
  | { k: 'function'; params: Param[]; body: Node; name: string; loc: Loc; paren?: boolean }
  | { k: 'assert'; cond: Node; msg: Node | null; rest: Node; loc: Loc }
  | { k: 'error'; expr: Node; loc: Loc }
  | { k: 'import' | 'importstr' | 'importbin'; path: string; loc: Loc }
  | { k: 'unary'; op: UnaryOp; expr: Node; loc: Loc }
  | { k: 'binary'; op: BinaryOp; left: Node; right: Node; loc: Loc };
