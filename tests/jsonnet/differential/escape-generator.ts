// Programs whose string literals hold escapes, good and bad, in every place a string can
// stand (values, field names, import paths, arguments, ...), in every written form ("...",
// '...', @"...", @'...', text blocks), some with a lexing or parsing error before or after
// them. go-jsonnet checks escapes while parsing, so which error a program gets depends on
// the order of all of these: escapes.test.ts compares the answers with go-jsonnet's.

import { SeededChoices } from './generator.js';

/** Escapes go-jsonnet accepts. */
const GOOD_ESCAPES = ['\\n', '\\t', '\\"', "\\'", '\\\\', '\\/', '\\b', '\\f', '\\r', '\\u0041', '\\u00e9', '\\uD83D\\uDE00', '\\ud83d\\u0041', '\\ude00\\ude00', '\\u0000'];

/** Escapes go-jsonnet refuses, one of each of its messages and more (some only with what follows them). */
const BAD_ESCAPES = [
  '\\q', '\\x41', '\\0', '\\U0041', '\\é', '\\😀', '\\ ', '\\\n', '\\a',
  '\\u', '\\u1', '\\u12', '\\u123', '\\u12é', '\\u12g4', '\\ug234', '\\u+123', '\\u 123', '\\uéééé', '\\u1éab',
  '\\ud83d', '\\ude00', '\\ud83dxxxxxx', '\\ud83d\\n1234', '\\ud83d\\q', '\\ud83d\\u12', '\\ud83d\\ug000', '\\ud83d\\u00é', '\\ud83d\\u0é',
  '\\ud83d\\u+000', '\\ude00\\ug000', '\\ud83d\\ude00\\ud83d',
];

/** Plain characters, including quotes of the other kind and multi-byte ones. */
const PLAIN = ['a', 'bc', ' ', 'é', '😀', '日本', "'", '"', '\n', '\t', 'x y', '\\\\'];

class EscapeGenerator extends SeededChoices {
  private locals: string[] = [];

  /** The body of a string quoted by `quote`: plain text and escapes, a bad one with probability `bad`. */
  private body(bad: number, quote: string): string {
    let s = '';
    for (let n = this.int(0, 4); n > 0; n--) {
      const r = this.rnd();
      if (r < bad) s += this.pick(BAD_ESCAPES);
      else if (r < bad + 0.3) s += this.pick(GOOD_ESCAPES);
      else {
        const p = this.pick(PLAIN);
        s += p === quote ? '\\' + p : p;
      }
    }
    return s;
  }

  /** A string literal in any form; quoted ones may hold bad escapes. */
  string(bad = 0.15): string {
    const r = this.rnd();
    if (r < 0.45) return `"${this.body(bad, '"')}"`;
    if (r < 0.8) return `'${this.body(bad, "'")}'`;
    if (r < 0.87) return `@"${this.body(0, '').replace(/"/g, '""')}"`;
    if (r < 0.94) return `@'${this.body(0, '').replace(/'/g, "''")}'`;
    return `|||\n  ${this.body(bad, '').replace(/\n/g, ' ')}\n|||`;
  }

  expr(depth: number): string {
    const leaf = depth <= 0 || this.chance(0.25);
    if (leaf) {
      const r = this.rnd();
      if (r < 0.55) return this.string();
      if (r < 0.7 && this.locals.length > 0) return this.pick(this.locals);
      if (r < 0.85) return String(this.int(0, 9));
      return this.pick(['true', 'null', '[]', '{}']);
    }
    const d = depth - 1;
    switch (this.int(0, 12)) {
      case 0:
      case 1:
        return this.object(d);
      case 2:
        return `[${this.list(d)}]`;
      case 3: {
        const name = `v${this.locals.length}`;
        const bind = this.expr(d);
        this.locals.push(name);
        const body = this.expr(d);
        this.locals.pop();
        return `local ${name} = ${bind}; ${body}`;
      }
      case 4:
        return `${this.expr(d)} + ${this.expr(d)}`;
      case 5:
        return `std.length(${this.expr(d)})`;
      case 6:
        return `if ${this.expr(d)} then ${this.expr(d)} else ${this.expr(d)}`;
      case 7:
        return `${this.pick(['import', 'importstr', 'importbin'])} ${this.string(0.3)}`;
      case 8:
        return `{[k]: ${this.expr(d)} for k in [${this.string()}]}`;
      case 9:
        return `(function(x, y=${this.expr(d)}) x)(${this.expr(d)}, y=${this.expr(d)})`;
      case 10:
        return `${this.object(d)}[${this.string()}]`;
      case 11:
        return `[x for x in [${this.list(d)}] if x != ${this.string()}]`;
      default:
        return `std.length(${this.string()}) + ${this.expr(d)}`;
    }
  }

  private list(depth: number): string {
    const items: string[] = [];
    for (let n = this.int(0, 3); n > 0; n--) items.push(this.expr(depth));
    return items.join(', ');
  }

  private object(depth: number): string {
    const fields: string[] = [];
    for (let n = this.int(0, 3); n > 0; n--) {
      const r = this.rnd();
      if (r < 0.15) fields.push(`local l${n} = ${this.expr(depth)}`);
      else {
        const name = r < 0.35 ? this.pick(['a', 'b', 'c']) : r < 0.85 ? this.string(0.25) : `[${this.expr(depth)}]`;
        fields.push(`${name}${this.pick([':', '::', '+:'])} ${this.expr(depth)}`);
      }
    }
    return `{${fields.join(', ')}}`;
  }

  /** A program: an expression, maybe with a lexing or parsing error put somewhere into it. */
  program(): string {
    this.locals = [];
    let code = this.expr(this.int(1, 4));
    if (this.chance(0.5)) {
      const spoilers = [')', ',', '}', ']', 'then', '1', 'x', '"str"', '`', '1.x', '/* open', '"open', '|||x', '@x', '$$', '+', 'super', 'local'];
      const spoiler = this.pick(spoilers);
      // At a space: mostly between tokens, sometimes inside a string literal (which it then only changes).
      const spaces: number[] = [0, code.length];
      for (let i = 0; i < code.length; i++) if (code[i] === ' ') spaces.push(i);
      const at = this.pick(spaces);
      code = `${code.slice(0, at)} ${spoiler} ${code.slice(at)}`;
    }
    return code;
  }
}

export function generateEscapePrograms(seed: number, count: number): string[] {
  const g = new EscapeGenerator(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(g.program());
  return out;
}
