// Lexer and parser: tokens, precedence, source ranges (go-jsonnet style:
// 1-based lines, columns counted in UTF-8 bytes, end column exclusive).
import { describe, expect, it } from 'vitest';
import type { Node } from '../../../tools/jsonnet/ast.js';
import { lex, Source, StaticError } from '../../../tools/jsonnet/lexer.js';
import { parse } from '../../../tools/jsonnet/parser.js';

const tokens = (text: string): string[] =>
  lex(new Source('t', text))
    .filter((t) => t.kind !== 'eof')
    .map((t) => `${t.kind}:${t.text}`);

/** Renders an expression with explicit parentheses to show how it was grouped. */
function show(n: Node): string {
  switch (n.k) {
    case 'num':
      return String(n.v);
    case 'var':
      return n.name;
    case 'str':
      return JSON.stringify(n.v);
    case 'binary':
      return `(${show(n.left)} ${n.op} ${show(n.right)})`;
    case 'unary':
      return `(${n.op}${show(n.expr)})`;
    case 'index':
      return `${show(n.target)}[${show(n.index)}]`;
    case 'call':
      return `${show(n.fn)}(${n.args.map((a) => (a.name ? a.name + '=' : '') + show(a.expr)).join(', ')})`;
    case 'inSuper':
      return `(${show(n.key)} in super)`;
    case 'object':
      return `{${n.fields.length}}`;
    default:
      return n.k;
  }
}
const grouped = (text: string): string => show(parse('t', text).ast);

describe('lexer', () => {
  it('splits operator runs so unary operators stay separate', () => {
    expect(tokens('a+-b')).toEqual(['id:a', 'op:+', 'op:-', 'id:b']);
    expect(tokens('a==-1')).toEqual(['id:a', 'op:==', 'op:-', 'number:1']);
    expect(tokens('{a::-1}')).toEqual(['symbol:{', 'id:a', 'op:::', 'op:-', 'number:1', 'symbol:}']);
    expect(tokens('x+:::y')).toEqual(['id:x', 'op:+:::', 'id:y']);
    expect(tokens('a!=!b')).toEqual(['id:a', 'op:!=', 'op:!', 'id:b']);
  });
  it('comments end operators and are skipped', () => {
    expect(tokens('a +// c\n b # d\n /* e */ - c')).toEqual(['id:a', 'op:+', 'id:b', 'op:-', 'id:c']);
    expect(tokens('a+/*x*/b')).toEqual(['id:a', 'op:+', 'id:b']);
  });
  it('numbers', () => {
    const nums = lex(new Source('t', '0 12 1.5 1e3 2.5E-2 7e+1')).filter((t) => t.kind === 'number').map((t) => t.num);
    expect(nums).toEqual([0, 12, 1.5, 1000, 0.025, 70]);
    expect(() => lex(new Source('t', '1.'))).toThrow(StaticError);
    expect(() => lex(new Source('t', '1e'))).toThrow(StaticError);
  });
  it('text blocks: indentation of the first line is removed, blank lines kept, |||- chomps', () => {
    const str = (t: string): string => lex(new Source('t', t))[0].text;
    expect(str('|||\n    a\n      b\n\n    c\n  |||')).toBe('a\n  b\n\nc\n');
    expect(str('|||-\n\ta\n\tb\n|||')).toBe('a\nb');
    expect(() => str('|||\nno indent\n|||')).toThrow("Text block's first line must start with whitespace");
    expect(() => str('||| x\n  a\n|||')).toThrow('Text block requires new line after |||.');
  });
  it('escapes, surrogate pairs and verbatim strings', () => {
    const str = (t: string): string => lex(new Source('t', t))[0].text;
    expect(str(String.raw`"\u0041\t\"\\"`)).toBe('A\t"\\');
    expect(str(String.raw`"\uD83D\uDE00"`)).toBe('😀');
    expect(str(`@'it''s \\n'`)).toBe("it's \\n");
    expect(() => str(String.raw`"\q"`)).toThrow('Unknown escape sequence');
  });
  it('keywords, and identifiers that only look like them', () => {
    const keywords = 'assert else error false for function if import importstr importbin in local null tailstrict then self super true';
    expect(tokens(keywords)).toEqual(keywords.split(' ').map((k) => `keyword:${k}`));
    const ids = 'iff fi in_ thens importbinx importst tru Self selfs _if i nul tailstricts ifin';
    expect(tokens(ids)).toEqual(ids.split(' ').map((k) => `id:${k}`));
  });
  it('operators the grammar does not know are still one token each', () => {
    expect(tokens('a === b <<= c => d')).toEqual(['id:a', 'op:===', 'id:b', 'op:<<=', 'id:c', 'op:=>', 'id:d']);
    expect(tokens('{a+:: 1, b+::: 2, c ::: 3}')).toEqual([
      'symbol:{', 'id:a', 'op:+::', 'number:1', 'symbol:,', 'id:b', 'op:+:::', 'number:2', 'symbol:,', 'id:c', 'op::::', 'number:3', 'symbol:}',
    ]);
    expect(tokens('a==|||\n  x\n|||')).toEqual(['id:a', 'op:==', 'string:x\n']); // a text block ends an operator
  });
  it('verbatim strings: doubled quotes, long bodies, unterminated', () => {
    const str = (t: string): string => lex(new Source('t', t))[0].text;
    expect(str('@"a""b"""')).toBe('a"b"');
    expect(str(`@'${"x''".repeat(100_000)}'`)).toBe("x'".repeat(100_000));
    expect(() => lex(new Source('t', "@'abc''"))).toThrow('Unterminated String');
  });
  it('columns count UTF-8 bytes like go-jsonnet', () => {
    const src = new Source('f', '"é" + x');
    expect(src.position(7)).toEqual({ line: 1, column: 9 });
  });
});

describe('parser', () => {
  it('binary precedence follows the spec table', () => {
    expect(grouped('1 + 2 * 3')).toBe('(1 + (2 * 3))');
    expect(grouped('a || b && c')).toBe('(a || (b && c))');
    expect(grouped('a | b ^ c & d')).toBe('(a | (b ^ (c & d)))');
    expect(grouped('a == b < c')).toBe('(a == (b < c))');
    expect(grouped('a < b << c + d')).toBe('(a < (b << (c + d)))');
    expect(grouped('a - b - c')).toBe('((a - b) - c)');
    expect(grouped('-a.b * !c')).toBe('((-a["b"]) * (!c))');
    expect(grouped('"k" in o && x')).toBe('(("k" in o) && x)');
    expect(grouped('a in super')).toBe('(a in super)');
  });
  it('postfix forms: index, call with named args, object application', () => {
    expect(grouped('f(1, b=2).x[0]')).toBe('f(1, b=2)["x"][0]');
    expect(grouped('o { a: 1 }')).toBe('(o + {1})');
  });
  it('nodes carry file:line:column ranges', () => {
    const { ast } = parse('file.jsonnet', 'local x = 1;\n  x +\n  22');
    // Locations are lazy (computed when read); their JSON form is the plain range.
    const plain = (l: unknown) => JSON.parse(JSON.stringify(l)) as unknown;
    expect(plain(ast.loc)).toEqual({ file: 'file.jsonnet', line: 1, column: 1, endLine: 3, endColumn: 5 });
    const body = (ast as Extract<Node, { k: 'local' }>).body;
    expect(plain(body.loc)).toEqual({ file: 'file.jsonnet', line: 2, column: 3, endLine: 3, endColumn: 5 });
    expect(body.loc).toMatchObject({ file: 'file.jsonnet', line: 2, column: 3, endLine: 3, endColumn: 5 });
  });
  it('desugars local function sugar and field methods into functions', () => {
    const { ast } = parse('t', 'local f(a, b=1) = a; { g(x):: x }');
    const l = ast as Extract<Node, { k: 'local' }>;
    expect(l.binds[0].body.k).toBe('function');
    const obj = l.body as Extract<Node, { k: 'object' }>;
    expect(obj.fields[0].body.k).toBe('function');
    expect(obj.fields[0].hide).toBe(1);
  });
  it('syntax errors have locations', () => {
    const err = (t: string): StaticError => {
      try {
        parse('t', t);
      } catch (e) {
        return e as StaticError;
      }
      throw new Error('no error');
    };
    expect(err('{a: 1 b: 2}').loc).toMatchObject({ line: 1, column: 7 });
    expect(err('{[x]: 1, [y]: 2 for x in a}').message).toBe('Object comprehension can only have one field');
    expect(err('f(a=1, 2)').message).toBe('Positional argument after a named argument is not allowed');
    expect(err('super').message).toBe('Expected . or [ after super');
    expect(() => parse('t', 'local x = 1; x')).not.toThrow();
  });
  it('a program over 2,000 characters parses as a short one does (the first such program primes the JIT)', () => {
    const fields = Array.from({ length: 200 }, (_, i) => `f${i}: ${i}`).join(', ');
    const plain = (n: unknown) => JSON.parse(JSON.stringify(n)) as unknown;
    const obj = (text: string) => parse('long.jsonnet', text).ast as Extract<Node, { k: 'object' }>;
    const long = obj(`{${fields}}`);
    expect(long.fields).toHaveLength(200);
    const f = long.fields[199];
    const column = fields.indexOf('f199') + 2;
    expect(f).toMatchObject({ name: 'f199', hide: 0, plus: false, body: { k: 'num', v: 199 } });
    expect(plain(f.loc)).toEqual({ file: 'long.jsonnet', line: 1, column, endLine: 1, endColumn: column + 'f199: 199'.length });
    expect(plain(obj('{f199: 199}').fields[0].body)).toEqual({ k: 'num', v: 199, loc: { file: 'long.jsonnet', line: 1, column: 8, endLine: 1, endColumn: 11 } });
  });
});
