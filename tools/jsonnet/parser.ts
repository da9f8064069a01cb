// Recursive-descent parser for the whole Jsonnet grammar (spec: syntax and
// operator precedence). Produces ast.ts nodes with source ranges. Static
// checks (unknown variables, self outside objects, ...) live in compiler.ts.
// It reads the token arrays of lexer.ts and compares token kinds (small
// integers), never token texts.

import type { Arg, Bind, BinaryOp, CompSpec, Field, Hide, Loc, Node, Param } from './ast.js';
import { Source, StaticError, TOKEN_TEXT, Tok, tokenize, type Tokens } from './lexer.js';
import { formatLoc } from './runtime.js';

/** Binding power of each binary operator kind (0: not a binary operator). */
const BINARY_PREC = new Uint8Array(Tok.OtherOp + 1);
const precedence: [number, Tok[]][] = [
  [10, [Tok.Star, Tok.Slash, Tok.Percent]],
  [9, [Tok.Plus, Tok.Minus]],
  [8, [Tok.ShiftLeft, Tok.ShiftRight]],
  [7, [Tok.Less, Tok.LessEq, Tok.Greater, Tok.GreaterEq, Tok.In]],
  [6, [Tok.EqEq, Tok.NotEq]],
  [5, [Tok.And]],
  [4, [Tok.Xor]],
  [3, [Tok.Or]],
  [2, [Tok.AndAnd]],
  [1, [Tok.OrOr]],
];
for (const [prec, kinds] of precedence) for (const k of kinds) BINARY_PREC[k] = prec;

export function parse(file: string, text: string): { ast: Node; source: Source } {
  return parseSource(new Source(file, text));
}

/**
 * A program that takes every path of the lexer and the parser. V8 optimizes a
 * function with what it has seen run so far, and throws the optimized code
 * away (and compiles the function again) the first time a path it has not seen
 * runs: big functions such as `tokenize` were compiled seven times while the
 * first libraries of a run were parsed. Parsing this first gives every path
 * its feedback, so they are compiled once or twice. Six rounds: parsing all
 * of vendor/ in a fresh process took a quarter fewer instructions than with
 * one (valgrind, node --single-threaded), kube_prometheus 7% fewer than none.
 */
const PRIMER = `# comment
// comment
/* comment */
local a = 1, b(x, y=2) = x + y, c = 1e+2 + 2.5E-3 + 0 + a+-1, d = 'x' +|||
  y
|||;
local o = {
  f: 1, 'g':: 2, "h"::: 3, [a]+: 4, i+:: 5, j+::: 6, m(p):: p, local l = 1, assert true : 'msg', assert l == 1,
  "e\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00": @'v''w', 'q\\'': @"x""y",
  t: |||
    text

    block
  |||, u: |||-
    chomped
  |||,
};
{ [k]: k for k in ['a'] if k != 'b' } + o {
  x: [a, -a, +a, !true, ~1, a * b(1, y=2) / 3 % 4 - 5 << 1 >> 1, a < 1, a <= 1, a > 1, a >= 1, a == 1,
    a & 1, a ^ 1, a | 1, a && true || false, 'f' in o, 'f' in super, super.f, super['f'], self.f, $.f, null],
  y: [x for x in [1] if x > 0], z: o.f[0:1][::1][1:][:2:1], w: if a then b(1) tailstrict else c,
  v: (function(q) q), e: error 'e', s: assert a == 1 : 'm'; importstr 'x', n: import 'y', bin: importbin 'z',
}
`;
let primed = false;
let charsParsed = 0;

export function parseSource(source: Source): { ast: Node; source: Source } {
  // Small programs (`-e 1`) end before V8 optimizes any of this, so they skip it.
  // A few rounds: V8 only starts recording feedback after a function's first calls.
  charsParsed += source.text.length;
  if (!primed && charsParsed > 10_000) {
    primed = true;
    for (let round = 0; round < 6; round++) parseSource(new Source('<primer>', PRIMER));
  }
  const p = new Parser(source, tokenize(source));
  const ast = p.expr(0);
  p.expectEof();
  return { ast, source };
}

const SUPER = '\u0000super';

class Parser {
  private pos = 0;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly values: (string | number | null)[];
  private readonly badEscapes: Map<number, string> | null;
  /** The index of the Eof token, where lookahead stops. */
  private readonly last: number;
  constructor(
    private readonly src: Source,
    toks: Tokens,
  ) {
    this.kinds = toks.kinds;
    this.starts = toks.starts;
    this.ends = toks.ends;
    this.values = toks.values;
    this.badEscapes = toks.badEscapes;
    this.last = toks.count - 1;
  }

  /** The kind of the current token (or of the one `o` further). */
  private kind(o = 0): Tok {
    const p = this.pos + o;
    return this.kinds[p < this.last ? p : this.last];
  }
  private is(kind: Tok): boolean {
    return this.kind() === kind;
  }
  private start(): number {
    return this.starts[this.pos < this.last ? this.pos : this.last];
  }
  /** The current token's value; a string with a bad escape fails here, as go-jsonnet decodes escapes when it takes the token. */
  private value(): string {
    const bad = this.badEscapes?.get(this.pos);
    if (bad !== undefined) {
      // go-jsonnet names the literal twice in these messages.
      const loc = this.tokenLoc(this.pos);
      throw new StaticError(`${formatLoc(loc)} ${bad}`, loc);
    }
    return this.values[this.pos] as string;
  }
  private loc(start: number, end: number): Loc {
    return this.src.loc(start, end);
  }
  /** A location spanning the token at `at`. */
  private tokenLoc(at: number): Loc {
    return this.src.loc(this.starts[at], this.ends[at]);
  }
  private lastEnd(): number {
    return this.ends[this.pos - 1];
  }

  /** The token at `at` as go-jsonnet's messages name it. */
  private describe(at = this.pos): string {
    const p = at < this.last ? at : this.last;
    const k: Tok = this.kinds[p];
    const text = (): string => this.src.text.slice(this.starts[p], this.ends[p]);
    // Strings as go-jsonnet holds them in the token (quoted ones as written, the others as read), an empty one by its kind alone.
    const str = (kind: string, data: string): string => (data === '' ? kind : `(${kind}, "${data}")`);
    const body = (): string => this.src.text.slice(this.starts[p] + 1, this.ends[p] - 1);
    switch (k) {
      case Tok.Eof: return 'end of file';
      case Tok.StrDouble: return str('STRING_DOUBLE', body());
      case Tok.StrSingle: return str('STRING_SINGLE', body());
      case Tok.StrBlock: return str('STRING_BLOCK', this.values[p] as string);
      case Tok.VerbatimDouble: return str('VERBATIM_STRING_DOUBLE', this.values[p] as string);
      case Tok.VerbatimSingle: return str('VERBATIM_STRING_SINGLE', this.values[p] as string);
      case Tok.Number: return `(NUMBER, "${text()}")`;
      case Tok.Id: return `(IDENTIFIER, "${this.values[p] as string}")`;
    }
    return k >= Tok.Star ? `(OPERATOR, "${text()}")` : `"${TOKEN_TEXT[k]}"`;
  }
  /** Fails at the token at `at` (the current one by default). */
  /** After `assert`: the condition and the optional `: message`. */
  private assertion(): { cond: Node; msg: Node | null } {
    const cond = this.expr(0);
    let msg: Node | null = null;
    if (this.is(Tok.Colon)) {
      this.pos++;
      msg = this.expr(0);
    }
    return { cond, msg };
  }

  private fail(msg: string, at = this.pos): never {
    const p = at < this.last ? at : this.last;
    throw new StaticError(msg, this.loc(this.starts[p], this.ends[p]));
  }
  private expect(kind: Tok, what?: string): void {
    if (this.kind() !== kind) {
      // go-jsonnet quotes symbols here, not keywords.
      const name = kind >= Tok.Assert && kind <= Tok.True ? TOKEN_TEXT[kind] : `"${TOKEN_TEXT[kind]}"`;
      this.fail(`Expected token ${name}${what ? ' ' + what : ''} but got ${this.describe()}`);
    }
    this.pos++;
  }
  /** An identifier's name; moves past it. */
  private ident(what = ''): string {
    if (this.kind() !== Tok.Id) this.fail(`Expected token IDENTIFIER but got ${this.describe()}${what}`);
    return this.values[this.pos++] as string;
  }
  expectEof(): void {
    if (this.kind() !== Tok.Eof) this.fail(`Did not expect: ${this.describe()}`);
  }

  expr(minPrec: number): Node {
    const start = this.start();
    let left = this.unary();
    while (true) {
      const k = this.kind();
      const prec = BINARY_PREC[k];
      if (prec === 0 && k >= Tok.Star && k !== Tok.Colon && k !== Tok.ColonColon) {
        // go-jsonnet refuses any other operator after an operand (`:` and `::` end slices and asserts).
        this.fail(`Not a binary operator: ${this.src.text.slice(this.start(), this.ends[this.pos])}`);
      }
      if (prec <= minPrec) break; // also when k is not a binary operator (0)
      this.pos++;
      if (k === Tok.In && this.is(Tok.Super)) {
        this.pos++;
        left = { k: 'inSuper', key: left, loc: this.loc(start, this.lastEnd()) };
        continue;
      }
      const op = TOKEN_TEXT[k] as BinaryOp;
      const right = this.expr(prec);
      left = { k: 'binary', op, left, right, loc: this.loc(start, this.lastEnd()) };
    }
    return left;
  }

  private unary(): Node {
    const k = this.kind();
    if (k === Tok.Minus || k === Tok.Plus || k === Tok.Not || k === Tok.Tilde) {
      const start = this.start();
      this.pos++;
      const e = this.unary();
      return { k: 'unary', op: TOKEN_TEXT[k] as '-' | '+' | '!' | '~', expr: e, loc: this.loc(start, this.lastEnd()) };
    }
    if (k >= Tok.Star) this.fail(`Not a unary operator: ${this.src.text.slice(this.start(), this.ends[this.pos])}`);
    return this.postfix();
  }

  private postfix(): Node {
    const start = this.start();
    let e = this.primary();
    while (true) {
      const k = this.kind();
      if (k === Tok.Dot) {
        this.pos++;
        const idStart = this.pos;
        const name = this.ident();
        const idx: Node = { k: 'str', v: name, loc: this.tokenLoc(idStart) };
        e = e.k === 'var' && e.name === SUPER
          ? { k: 'superIndex', index: idx, loc: this.loc(start, this.lastEnd()), superLoc: e.loc }
          : { k: 'index', target: e, index: idx, loc: this.loc(start, this.lastEnd()), dot: true };
      } else if (k === Tok.LBracket) {
        this.pos++;
        e = this.indexOrSlice(e, start);
      } else if (k === Tok.LParen) {
        this.pos++;
        const args = this.args();
        // The call's range ends at `)`, before any `tailstrict` (as go-jsonnet reports it).
        const end = this.lastEnd();
        let tailstrict = false;
        if (this.is(Tok.Tailstrict)) {
          this.pos++;
          tailstrict = true;
        }
        e = { k: 'call', fn: e, args, tailstrict, loc: this.loc(start, end) };
      } else if (k === Tok.LBrace) {
        const obj = this.object();
        e = { k: 'binary', op: '+', left: e, right: obj, loc: this.loc(start, this.lastEnd()) };
      } else break;
      if (e.k === 'var' && e.name === SUPER) this.fail('Expected . or [ after super');
    }
    if (e.k === 'var' && e.name === SUPER) {
      throw new StaticError('Expected . or [ after super', e.loc);
    }
    return e;
  }

  private indexOrSlice(target: Node, start: number): Node {
    if (target.k === 'var' && target.name === SUPER) {
      // As go-jsonnet: `super[` takes one expression and `]`, never a slice.
      const index = this.expr(0);
      this.expect(Tok.RBracket);
      return { k: 'superIndex', index, loc: this.loc(start, this.lastEnd()), superLoc: target.loc };
    }
    if (this.is(Tok.RBracket)) this.fail('ast.Index requires an expression');
    let from: Node | null = null;
    if (!this.is(Tok.Colon) && !this.is(Tok.ColonColon)) from = this.expr(0);
    if (this.is(Tok.RBracket)) {
      this.pos++;
      if (from === null) this.fail('Expected expression in index');
      return { k: 'index', target, index: from, loc: this.loc(start, this.lastEnd()) };
    }
    let to: Node | null = null;
    let step: Node | null = null;
    const colonNext = (): boolean => this.is(Tok.Colon) || this.is(Tok.ColonColon);
    if (this.is(Tok.ColonColon)) {
      this.pos++;
      if (!this.is(Tok.RBracket) && !colonNext()) step = this.expr(0);
    } else {
      // An index that is not followed by `:` must end here (go-jsonnet: Expected token "]").
      if (!this.is(Tok.Colon)) this.expect(Tok.RBracket);
      this.pos++;
      if (!this.is(Tok.RBracket) && !colonNext()) to = this.expr(0);
      if (this.is(Tok.Colon)) {
        this.pos++;
        if (!this.is(Tok.RBracket) && !colonNext()) step = this.expr(0);
      }
    }
    if (colonNext()) this.fail('Invalid slice: too many colons');
    this.expect(Tok.RBracket);
    return { k: 'slice', target, from, to, step, loc: this.loc(start, this.lastEnd()) };
  }

  private args(): Arg[] {
    const args: Arg[] = [];
    let sawNamed = false;
    while (!this.is(Tok.RParen)) {
      if (this.kind() === Tok.Id && this.kind(1) === Tok.Assign) {
        const name = this.value();
        this.pos += 2;
        args.push({ name, expr: this.expr(0) });
        sawNamed = true;
      } else {
        const e = this.expr(0);
        if (sawNamed) throw new StaticError('Positional argument after a named argument is not allowed', e.loc);
        args.push({ name: null, expr: e });
      }
      if (this.is(Tok.Comma)) this.pos++;
      else if (!this.is(Tok.RParen)) this.fail(`Expected a comma before next function argument, got ${this.describe()}`);
    }
    this.pos++;
    return args;
  }

  private params(): Param[] {
    this.expect(Tok.LParen, 'in function definition');
    const params: Param[] = [];
    while (!this.is(Tok.RParen)) {
      const start = this.start();
      const name = this.ident(' while parsing parameter');
      let def: Node | null = null;
      if (this.is(Tok.Assign)) {
        this.pos++;
        def = this.expr(0);
      }
      params.push({ name, def, loc: this.loc(start, this.lastEnd()) });
      if (this.is(Tok.Comma)) this.pos++;
      else if (!this.is(Tok.RParen)) this.fail(`Expected a comma before next function parameter, got ${this.describe()}`);
    }
    this.pos++;
    return params;
  }

  private expectBindEquals(): void {
    if (!this.is(Tok.Assign)) this.fail(`Expected operator = but got ${this.describe()}`);
    this.pos++;
  }

  private bind(): Bind {
    const nameAt = this.pos;
    const name = this.ident();
    const loc = this.tokenLoc(nameAt); // the name, as go-jsonnet reports a duplicate
    if (this.is(Tok.LParen)) {
      const fstart = this.start();
      const params = this.params();
      this.expectBindEquals();
      const body = this.expr(0);
      return { name, body: { k: 'function', params, body, name, loc: this.loc(fstart, this.lastEnd()) }, loc };
    }
    this.expectBindEquals();
    let body = this.expr(0);
    if (body.k === 'function' && body.name === '') body = { ...body, name };
    return { name, body, loc };
  }

  private primary(): Node {
    const k = this.kind();
    const start = this.start();
    switch (k) {
      case Tok.Number:
        return { k: 'num', v: this.values[this.pos] as number, loc: this.tokenLoc(this.pos++) };
      case Tok.StrDouble:
      case Tok.StrSingle:
      case Tok.StrBlock:
      case Tok.VerbatimDouble:
      case Tok.VerbatimSingle:
        return { k: 'str', v: this.value(), loc: this.tokenLoc(this.pos++) };
      case Tok.Id:
        return { k: 'var', name: this.value(), loc: this.tokenLoc(this.pos++) };
      case Tok.Eof:
        return this.fail('Unexpected end of file');
      case Tok.LBrace:
        return this.object();
      case Tok.LBracket:
        return this.array();
      case Tok.LParen: {
        this.pos++;
        const e = this.expr(0);
        this.expect(Tok.RParen);
        return e.k === 'function' || e.k === 'object' || e.k === 'local' ? { ...e, paren: true } : e;
      }
      case Tok.Dollar:
        return { k: 'dollar', loc: this.tokenLoc(this.pos++) };
      case Tok.Null:
        return { k: 'null', loc: this.tokenLoc(this.pos++) };
      case Tok.True:
        return { k: 'true', loc: this.tokenLoc(this.pos++) };
      case Tok.False:
        return { k: 'false', loc: this.tokenLoc(this.pos++) };
      case Tok.Self:
        return { k: 'self', loc: this.tokenLoc(this.pos++) };
      case Tok.Super: {
        const at = this.pos++;
        if (!this.is(Tok.Dot) && !this.is(Tok.LBracket)) this.fail('Expected . or [ after super', at);
        return { k: 'var', name: SUPER, loc: this.tokenLoc(at) };
      }
      case Tok.Local: {
        this.pos++;
        const binds: Bind[] = [this.bind()];
        while (this.is(Tok.Comma)) {
          this.pos++;
          binds.push(this.bind());
        }
        if (!this.is(Tok.Semicolon)) this.fail(`Expected , or ; but got ${this.describe()}`);
        this.pos++;
        const body = this.expr(0);
        return { k: 'local', binds, body, loc: this.loc(start, this.lastEnd()) };
      }
      case Tok.If: {
        this.pos++;
        const cond = this.expr(0);
        this.expect(Tok.Then);
        const then = this.expr(0);
        let els: Node | null = null;
        if (this.is(Tok.Else)) {
          this.pos++;
          els = this.expr(0);
        }
        return { k: 'if', cond, then, else: els, loc: this.loc(start, this.lastEnd()) };
      }
      case Tok.Function: {
        this.pos++;
        const params = this.params();
        const body = this.expr(0);
        return { k: 'function', params, body, name: '', loc: this.loc(start, this.lastEnd()) };
      }
      case Tok.Assert: {
        this.pos++;
        const { cond, msg } = this.assertion();
        this.expect(Tok.Semicolon);
        const rest = this.expr(0);
        return { k: 'assert', cond, msg, rest, loc: this.loc(start, this.lastEnd()) };
      }
      case Tok.Error: {
        this.pos++;
        const e = this.expr(0);
        return { k: 'error', expr: e, loc: this.loc(start, this.lastEnd()) };
      }
      case Tok.Import:
      case Tok.Importstr:
      case Tok.Importbin: {
        // As go-jsonnet: the path is a whole expression, refused unless it is one string literal.
        const at = ++this.pos;
        const e = this.expr(0);
        const p = this.kinds[at];
        const eLoc = this.kinds[this.pos - 1] === Tok.Tailstrict ? e.loc : this.loc(this.starts[at], this.lastEnd());
        if (this.pos !== at + 1 || p < Tok.StrDouble || p > Tok.VerbatimSingle) throw new StaticError('Computed imports are not allowed', eLoc);
        if (p === Tok.StrBlock) throw new StaticError('Block string literals not allowed in imports', eLoc);
        return { k: TOKEN_TEXT[k] as 'import' | 'importstr' | 'importbin', path: (e as { v: string }).v, loc: this.loc(start, this.lastEnd()) };
      }
    }
    return this.fail(`Unexpected: ${this.describe()} while parsing terminal`);
  }

  private array(): Node {
    const start = this.start();
    this.expect(Tok.LBracket);
    const items: Node[] = [];
    if (this.is(Tok.RBracket)) {
      this.pos++;
      return { k: 'array', items, loc: this.loc(start, this.lastEnd()) };
    }
    const first = this.expr(0);
    if (this.is(Tok.Comma) && this.kind(1) === Tok.For) this.pos++;
    if (this.is(Tok.For)) {
      const specs = this.compSpecs();
      this.closeComprehension(Tok.RBracket);
      return { k: 'arrcomp', body: first, specs, loc: this.loc(start, this.lastEnd()) };
    }
    items.push(first);
    while (true) {
      if (this.is(Tok.RBracket)) break;
      if (!this.is(Tok.Comma)) this.fail('Expected a comma before next array element');
      this.pos++;
      if (this.is(Tok.RBracket)) break;
      items.push(this.expr(0));
    }
    this.pos++;
    return { k: 'array', items, loc: this.loc(start, this.lastEnd()) };
  }

  private closeComprehension(close: Tok): void {
    if (!this.is(close)) this.fail(`Expected for, if or "${TOKEN_TEXT[close]}" after for clause, got: ${this.describe()}`);
    this.pos++;
  }

  private compSpecs(): CompSpec[] {
    const specs: CompSpec[] = [];
    while (this.is(Tok.For) || this.is(Tok.If)) {
      const at = this.pos++;
      const start = this.starts[at];
      if (this.kinds[at] === Tok.For) {
        const name = this.ident();
        this.expect(Tok.In);
        const expr = this.expr(0);
        specs.push({ kind: 'for', name, expr, loc: this.loc(start, this.lastEnd()) });
      } else {
        if (specs.length === 0) this.fail('Expected for', at);
        const expr = this.expr(0);
        specs.push({ kind: 'if', name: '', expr, loc: this.loc(start, this.lastEnd()) });
      }
    }
    return specs;
  }

  private object(): Node {
    const start = this.start();
    this.expect(Tok.LBrace);
    const fields: Field[] = [];
    const locals: Bind[] = [];
    const asserts: { cond: Node; msg: Node | null; loc: Loc }[] = [];
    let sawComputed = 0;
    const literalNames = new Set<string>();
    while (!this.is(Tok.RBrace)) {
      const k = this.kind();
      const fieldStart = this.start();
      if (k === Tok.Local) {
        this.pos++;
        locals.push(this.bind());
      } else if (k === Tok.Assert) {
        this.pos++;
        const { cond, msg } = this.assertion();
        asserts.push({ cond, msg, loc: this.loc(fieldStart, this.lastEnd()) });
      } else {
        let name: string | Node;
        let nameKey = '';
        if (k === Tok.Id || (k >= Tok.StrDouble && k <= Tok.VerbatimSingle)) {
          // any string form, text blocks included (go-jsonnet accepts them)
          name = this.value();
          // go-jsonnet finds repeated names by the text of quoted strings as written, escapes undecoded:
          // `a` and "\u0061" are not repeated here (the object then fails when it is made).
          nameKey = k === Tok.StrDouble || k === Tok.StrSingle ? this.src.text.slice(this.starts[this.pos] + 1, this.ends[this.pos] - 1) : name;
          this.pos++;
        } else if (k === Tok.LBracket) {
          this.pos++;
          name = this.expr(0);
          this.expect(Tok.RBracket);
          sawComputed++;
        } else {
          this.fail(`Unexpected: ${this.describe()} while parsing field definition`);
        }
        const nameLoc = this.loc(fieldStart, this.lastEnd());
        let params: Param[] | null = null;
        let fstart = 0;
        if (this.is(Tok.LParen)) {
          fstart = this.start();
          params = this.params();
        }
        const op = this.kind();
        if (op < Tok.Star) this.fail(`Expected token OPERATOR but got ${this.describe()}`);
        let hide: Hide;
        let plus = false;
        switch (op) {
          case Tok.PlusColon: plus = true; hide = 0; break;
          case Tok.PlusColonColon: plus = true; hide = 1; break;
          case Tok.PlusColon3: plus = true; hide = 2; break;
          case Tok.Colon: hide = 0; break;
          case Tok.ColonColon: hide = 1; break;
          case Tok.Colon3: hide = 2; break;
          default:
            this.fail(`Expected one of :, ::, :::, +:, +::, +:::, got: ${this.src.text.slice(this.starts[this.pos], this.ends[this.pos])}`);
        }
        if (plus && params) this.fail('Cannot use +: syntax sugar in a method');
        this.pos++;
        // As go-jsonnet: a repeated name is reported before anything wrong in the field's body.
        if (typeof name === 'string') {
          if (literalNames.has(nameKey)) throw new StaticError(`Duplicate field: ${nameKey}`, nameLoc);
          literalNames.add(nameKey);
        }
        let body = this.expr(0);
        if (params) {
          body = { k: 'function', params, body, name: typeof name === 'string' ? name : '', loc: this.loc(fstart, this.lastEnd()) };
        }
        fields.push({ name, hide, plus, body, loc: this.loc(fieldStart, this.lastEnd()), nameLoc });
      }
      if (this.is(Tok.Comma)) {
        this.pos++;
        if (this.is(Tok.For)) break; // go-jsonnet allows a comma before an object comprehension's `for`
        continue;
      }
      if (this.is(Tok.For)) break;
      if (!this.is(Tok.RBrace)) this.fail('Expected a comma before next field');
    }
    if (this.is(Tok.For)) {
      // go-jsonnet checks the fields when it meets `for`, before the for clauses, and reports at `for`.
      const forLoc = this.tokenLoc(this.pos);
      if (asserts.length > 0) throw new StaticError('Object comprehension cannot have asserts', forLoc);
      if (fields.length !== 1) throw new StaticError('Object comprehension can only have one field', forLoc);
      const f = fields[0];
      if (f.hide !== 0) throw new StaticError('Object comprehensions cannot have hidden fields', forLoc);
      if (typeof f.name === 'string' || sawComputed !== 1) throw new StaticError('Object comprehensions can only have [e] fields', forLoc);
      const specs = this.compSpecs();
      this.closeComprehension(Tok.RBrace);
      const loc = this.loc(start, this.lastEnd());
      return { k: 'objcomp', field: f, locals, specs, loc };
    }
    this.pos++;
    return { k: 'object', fields, locals, asserts, loc: this.loc(start, this.lastEnd()) };
  }
}
