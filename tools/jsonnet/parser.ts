// Recursive-descent parser for the whole Jsonnet grammar (spec: syntax and
// operator precedence). Produces ast.ts nodes with source ranges. Static
// checks (unknown variables, self outside objects, ...) live in compiler.ts.

import type { Arg, Bind, BinaryOp, CompSpec, Field, Hide, Loc, Node, Param } from './ast.js';
import { lex, Source, StaticError, type Token } from './lexer.js';

const BINARY_PREC: Record<string, number> = {
  '*': 10, '/': 10, '%': 10,
  '+': 9, '-': 9,
  '<<': 8, '>>': 8,
  '<': 7, '<=': 7, '>': 7, '>=': 7, in: 7,
  '==': 6, '!=': 6,
  '&': 5,
  '^': 4,
  '|': 3,
  '&&': 2,
  '||': 1,
};

export function parse(file: string, text: string): { ast: Node; source: Source } {
  return parseSource(new Source(file, text));
}

export function parseSource(source: Source): { ast: Node; source: Source } {
  const p = new Parser(source, lex(source));
  const ast = p.expr(0);
  p.expectEof();
  return { ast, source };
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof': return 'end of file';
    case 'string': return `(STRING_${t.quote === '"' ? 'DOUBLE' : t.quote === "'" ? 'SINGLE' : t.quote === '|||' ? 'BLOCK' : 'VERBATIM'}, ${JSON.stringify(t.text)})`;
    case 'number': return `(NUMBER, "${t.text}")`;
    case 'id': return `(IDENTIFIER, "${t.text}")`;
    case 'op': return `(OPERATOR, "${t.text}")`;
    default: return `"${t.text}"`;
  }
}

class Parser {
  private pos = 0;
  constructor(
    private readonly src: Source,
    private readonly toks: Token[],
  ) {}

  private peek(o = 0): Token {
    return this.toks[Math.min(this.pos + o, this.toks.length - 1)];
  }
  private next(): Token {
    return this.toks[this.pos++];
  }
  private is(text: string, o = 0): boolean {
    const t = this.peek(o);
    return t.kind !== 'string' && t.kind !== 'eof' && t.text === text;
  }
  private loc(start: number, end: number): Loc {
    return this.src.loc(start, end);
  }
  private lastEnd(): number {
    return this.toks[this.pos - 1].end;
  }
  private fail(msg: string, t: Token = this.peek()): never {
    throw new StaticError(msg, this.loc(t.start, t.end));
  }
  private expect(text: string, what?: string): Token {
    const t = this.peek();
    if (!this.is(text)) this.fail(`Expected token "${text}"${what ? ' ' + what : ''} but got ${describe(t)}`);
    return this.next();
  }
  private ident(): Token {
    const t = this.peek();
    if (t.kind !== 'id') this.fail(`Expected token IDENTIFIER but got ${describe(t)}`);
    return this.next();
  }
  expectEof(): void {
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(`Did not expect: ${describe(t)}`);
  }

  expr(minPrec: number): Node {
    const startTok = this.peek();
    let left = this.unary();
    while (true) {
      const t = this.peek();
      let op: string | null = null;
      if (t.kind === 'op' && BINARY_PREC[t.text] !== undefined) op = t.text;
      else if (t.kind === 'keyword' && t.text === 'in') op = 'in';
      if (op === null) break;
      const prec = BINARY_PREC[op];
      if (prec <= minPrec) break;
      this.next();
      if (op === 'in' && this.is('super')) {
        this.next();
        left = { k: 'inSuper', key: left, loc: this.loc(startTok.start, this.lastEnd()) };
        continue;
      }
      const right = this.expr(prec);
      left = { k: 'binary', op: op as BinaryOp, left, right, loc: this.loc(startTok.start, this.lastEnd()) };
    }
    return left;
  }

  private unary(): Node {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '!' || t.text === '~')) {
      this.next();
      const e = this.unary();
      return { k: 'unary', op: t.text, expr: e, loc: this.loc(t.start, this.lastEnd()) };
    }
    return this.postfix();
  }

  private postfix(): Node {
    const start = this.peek().start;
    let e = this.primary();
    while (true) {
      if (this.is('.')) {
        this.next();
        const id = this.ident();
        const idx: Node = { k: 'str', v: id.text, loc: this.loc(id.start, id.end) };
        e = e.k === 'var' && e.name === '\u0000super'
          ? { k: 'superIndex', index: idx, loc: this.loc(start, this.lastEnd()), superLoc: e.loc }
          : { k: 'index', target: e, index: idx, loc: this.loc(start, this.lastEnd()), dot: true };
      } else if (this.is('[')) {
        this.next();
        e = this.indexOrSlice(e, start);
      } else if (this.is('(')) {
        this.next();
        const args = this.args();
        // The call's range ends at `)`, before any `tailstrict` (as go-jsonnet reports it).
        const end = this.lastEnd();
        let tailstrict = false;
        if (this.is('tailstrict')) {
          this.next();
          tailstrict = true;
        }
        e = { k: 'call', fn: e, args, tailstrict, loc: this.loc(start, end) };
      } else if (this.is('{')) {
        const obj = this.object();
        e = { k: 'binary', op: '+', left: e, right: obj, loc: this.loc(start, this.lastEnd()) };
      } else break;
      if (e.k === 'var' && e.name === '\u0000super') this.fail('Expected . or [ after super');
    }
    if (e.k === 'var' && e.name === '\u0000super') {
      throw new StaticError('Expected . or [ after super', e.loc);
    }
    return e;
  }

  private indexOrSlice(target: Node, start: number): Node {
    const isSuper = target.k === 'var' && target.name === '\u0000super';
    let from: Node | null = null;
    if (!this.is(':') && !this.is('::')) from = this.expr(0);
    if (this.is(']')) {
      this.next();
      if (from === null) this.fail('Expected expression in index');
      return isSuper
        ? { k: 'superIndex', index: from, loc: this.loc(start, this.lastEnd()), superLoc: target.loc }
        : { k: 'index', target, index: from, loc: this.loc(start, this.lastEnd()) };
    }
    if (isSuper) this.fail('Cannot slice super');
    let to: Node | null = null;
    let step: Node | null = null;
    if (this.is('::')) {
      this.next();
      if (!this.is(']')) step = this.expr(0);
    } else {
      // An index that is not followed by `:` must end here (go-jsonnet: Expected token "]").
      if (!this.is(':')) this.expect(']');
      this.next();
      if (!this.is(']') && !this.is(':')) to = this.expr(0);
      if (this.is(':')) {
        this.next();
        if (!this.is(']')) step = this.expr(0);
      }
    }
    this.expect(']');
    return { k: 'slice', target, from, to, step, loc: this.loc(start, this.lastEnd()) };
  }

  private args(): Arg[] {
    const args: Arg[] = [];
    let sawNamed = false;
    while (!this.is(')')) {
      const t = this.peek();
      if (t.kind === 'id' && this.is('=', 1) ) {
        this.next();
        this.next();
        args.push({ name: t.text, expr: this.expr(0) });
        sawNamed = true;
      } else {
        const e = this.expr(0);
        if (sawNamed) throw new StaticError('Positional argument after a named argument is not allowed', e.loc);
        args.push({ name: null, expr: e });
      }
      if (this.is(',')) this.next();
      else if (!this.is(')')) this.fail(`Expected a comma before next function argument, got ${describe(this.peek())}`);
    }
    this.next();
    return args;
  }

  private params(): Param[] {
    this.expect('(', 'in function definition');
    const params: Param[] = [];
    while (!this.is(')')) {
      const t = this.ident();
      let def: Node | null = null;
      if (this.is('=')) {
        this.next();
        def = this.expr(0);
      }
      params.push({ name: t.text, def, loc: this.loc(t.start, this.lastEnd()) });
      if (this.is(',')) this.next();
      else if (!this.is(')')) this.fail(`Expected a comma before next function parameter, got ${describe(this.peek())}`);
    }
    this.next();
    return params;
  }

  private expectBindEquals(): void {
    if (!this.is('=')) this.fail(`Expected operator = but got ${describe(this.peek())}`);
    this.next();
  }

  private bind(): Bind {
    const t = this.ident();
    if (this.is('(')) {
      const fstart = this.peek().start;
      const params = this.params();
      this.expectBindEquals();
      const body = this.expr(0);
      return {
        name: t.text,
        body: { k: 'function', params, body, name: t.text, loc: this.loc(fstart, this.lastEnd()) },
        loc: this.loc(t.start, t.end), // the name, as go-jsonnet reports a duplicate
      };
    }
    this.expectBindEquals();
    let body = this.expr(0);
    if (body.k === 'function' && body.name === '') body = { ...body, name: t.text };
    return { name: t.text, body, loc: this.loc(t.start, t.end) };
  }

  private primary(): Node {
    const t = this.peek();
    const start = t.start;
    switch (t.kind) {
      case 'number':
        this.next();
        return { k: 'num', v: t.num!, loc: this.loc(t.start, t.end) };
      case 'string':
        this.next();
        return { k: 'str', v: t.text, loc: this.loc(t.start, t.end) };
      case 'id':
        this.next();
        return { k: 'var', name: t.text, loc: this.loc(t.start, t.end) };
      case 'eof':
        this.fail('Unexpected end of file');
    }
    if (t.kind === 'symbol') {
      switch (t.text) {
        case '{':
          return this.object();
        case '[':
          return this.array();
        case '(': {
          this.next();
          const e = this.expr(0);
          this.expect(')');
          return e.k === 'function' || e.k === 'object' || e.k === 'local' ? { ...e, paren: true } : e;
        }
        case '$':
          this.next();
          return { k: 'dollar', loc: this.loc(t.start, t.end) };
      }
    }
    if (t.kind === 'keyword') {
      this.next();
      switch (t.text) {
        case 'null':
          return { k: 'null', loc: this.loc(t.start, t.end) };
        case 'true':
          return { k: 'true', loc: this.loc(t.start, t.end) };
        case 'false':
          return { k: 'false', loc: this.loc(t.start, t.end) };
        case 'self':
          return { k: 'self', loc: this.loc(t.start, t.end) };
        case 'super':
          if (!this.is('.') && !this.is('[')) this.fail('Expected . or [ after super', t);
          return { k: 'var', name: '\u0000super', loc: this.loc(t.start, t.end) };
        case 'local': {
          const binds: Bind[] = [this.bind()];
          while (this.is(',')) {
            this.next();
            binds.push(this.bind());
          }
          if (!this.is(';')) this.fail(`Expected , or ; but got ${describe(this.peek())}`);
          this.next();
          const body = this.expr(0);
          return { k: 'local', binds, body, loc: this.loc(start, this.lastEnd()) };
        }
        case 'if': {
          const cond = this.expr(0);
          this.expect('then');
          const then = this.expr(0);
          let els: Node | null = null;
          if (this.is('else')) {
            this.next();
            els = this.expr(0);
          }
          return { k: 'if', cond, then, else: els, loc: this.loc(start, this.lastEnd()) };
        }
        case 'function': {
          const params = this.params();
          const body = this.expr(0);
          return { k: 'function', params, body, name: '', loc: this.loc(start, this.lastEnd()) };
        }
        case 'assert': {
          const cond = this.expr(0);
          let msg: Node | null = null;
          if (this.is(':')) {
            this.next();
            msg = this.expr(0);
          }
          this.expect(';');
          const rest = this.expr(0);
          return { k: 'assert', cond, msg, rest, loc: this.loc(start, this.lastEnd()) };
        }
        case 'error': {
          const e = this.expr(0);
          return { k: 'error', expr: e, loc: this.loc(start, this.lastEnd()) };
        }
        case 'import':
        case 'importstr':
        case 'importbin': {
          const p = this.peek();
          if (p.kind !== 'string') this.fail('Computed imports are not allowed', p);
          if (p.quote === '|||') this.fail('Cannot use text blocks in import statements', p);
          this.next();
          return { k: t.text, path: p.text, loc: this.loc(start, this.lastEnd()) };
        }
      }
    }
    this.fail(`Unexpected: ${describe(t)} while parsing terminal`, t);
  }

  private array(): Node {
    const start = this.expect('[').start;
    const items: Node[] = [];
    if (this.is(']')) {
      this.next();
      return { k: 'array', items, loc: this.loc(start, this.lastEnd()) };
    }
    const first = this.expr(0);
    if (this.is(',') && this.is('for', 1)) this.next();
    if (this.is('for')) {
      const specs = this.compSpecs();
      this.closeComprehension(']');
      return { k: 'arrcomp', body: first, specs, loc: this.loc(start, this.lastEnd()) };
    }
    items.push(first);
    while (true) {
      if (this.is(']')) break;
      if (!this.is(',')) this.fail('Expected a comma before next array element');
      this.next();
      if (this.is(']')) break;
      items.push(this.expr(0));
    }
    this.next();
    return { k: 'array', items, loc: this.loc(start, this.lastEnd()) };
  }

  private closeComprehension(close: string): void {
    if (!this.is(close)) this.fail(`Expected for, if or "${close}" after for clause, got: ${describe(this.peek())}`);
    this.next();
  }

  private compSpecs(): CompSpec[] {
    const specs: CompSpec[] = [];
    while (this.is('for') || this.is('if')) {
      const t = this.next();
      if (t.text === 'for') {
        const id = this.ident();
        this.expect('in');
        const expr = this.expr(0);
        specs.push({ kind: 'for', name: id.text, expr, loc: this.loc(t.start, this.lastEnd()) });
      } else {
        if (specs.length === 0) this.fail('Expected for', t);
        const expr = this.expr(0);
        specs.push({ kind: 'if', name: '', expr, loc: this.loc(t.start, this.lastEnd()) });
      }
    }
    return specs;
  }

  private object(): Node {
    const start = this.expect('{').start;
    const fields: Field[] = [];
    const locals: Bind[] = [];
    const asserts: { cond: Node; msg: Node | null; loc: Loc }[] = [];
    let sawComputed = 0;
    const literalNames = new Set<string>();
    while (!this.is('}')) {
      const t = this.peek();
      if (this.is('local')) {
        this.next();
        locals.push(this.bind());
      } else if (this.is('assert')) {
        this.next();
        const cond = this.expr(0);
        let msg: Node | null = null;
        if (this.is(':')) {
          this.next();
          msg = this.expr(0);
        }
        asserts.push({ cond, msg, loc: this.loc(t.start, this.lastEnd()) });
      } else {
        let name: string | Node;
        const nameStart = t.start;
        if (t.kind === 'id') {
          this.next();
          name = t.text;
        } else if (t.kind === 'string') {
          this.next(); // any string form, text blocks included (go-jsonnet accepts them)
          name = t.text;
        } else if (this.is('[')) {
          this.next();
          name = this.expr(0);
          this.expect(']');
          sawComputed++;
        } else {
          this.fail(`Unexpected: ${describe(t)} while parsing field definition`);
        }
        const nameLoc = this.loc(nameStart, this.lastEnd());
        let params: Param[] | null = null;
        let fstart = 0;
        if (this.is('(')) {
          fstart = this.peek().start;
          params = this.params();
        }
        const op = this.peek();
        if (op.kind !== 'op') this.fail(`Expected token OPERATOR but got ${describe(op)}`);
        let plus = false;
        let sep = op.text;
        if (sep.startsWith('+')) {
          plus = true;
          sep = sep.slice(1);
        }
        if (sep !== ':' && sep !== '::' && sep !== ':::') this.fail(`Expected one of :, ::, :::, +:, +::, +:::, got: ${op.text}`);
        if (plus && params) this.fail('Cannot use +: syntax sugar in a method', op);
        this.next();
        // As go-jsonnet: a repeated name is reported before anything wrong in the field's body.
        if (typeof name === 'string') {
          if (literalNames.has(name)) throw new StaticError(`Duplicate field: ${name}`, nameLoc);
          literalNames.add(name);
        }
        let body = this.expr(0);
        if (params) {
          body = { k: 'function', params, body, name: typeof name === 'string' ? name : '', loc: this.loc(fstart, this.lastEnd()) };
        }
        fields.push({ name, hide: (sep.length - 1) as Hide, plus, body, loc: this.loc(t.start, this.lastEnd()), nameLoc });
      }
      if (this.is(',')) {
        this.next();
        continue;
      }
      if (this.is('for')) break;
      if (!this.is('}')) this.fail('Expected a comma before next field');
    }
    if (this.is('for')) {
      const specs = this.compSpecs();
      this.closeComprehension('}');
      const loc = this.loc(start, this.lastEnd());
      if (fields.length !== 1 || asserts.length > 0) {
        throw new StaticError(
          asserts.length > 0 ? 'Object comprehension cannot have asserts' : 'Object comprehension can only have one field',
          loc,
        );
      }
      const f = fields[0];
      if (typeof f.name === 'string' || sawComputed !== 1) throw new StaticError('Object comprehensions can only have [e] fields', loc);
      if (f.plus) throw new StaticError('Object comprehensions cannot have +: fields', loc);
      return { k: 'objcomp', field: f, locals, specs, loc };
    }
    this.next();
    return { k: 'object', fields, locals, asserts, loc: this.loc(start, this.lastEnd()) };
  }
}
