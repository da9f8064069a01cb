// Tokenizer for Jsonnet source (spec: lexing section). Tokens keep their
// start/end offsets; `Source` turns offsets into go-jsonnet style
// line/column positions (columns count UTF-8 bytes, 1-based).

import type { Loc } from './ast.js';

export type TokenKind =
  | 'id' | 'keyword' | 'number' | 'string' | 'op' | 'symbol' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier/keyword/op/symbol text, or the decoded string value. */
  text: string;
  /** For strings: which form ('"', "'", '@"', "@'", '|||'). */
  quote?: string;
  num?: number;
  start: number;
  end: number;
}

export const KEYWORDS = new Set([
  'assert', 'else', 'error', 'false', 'for', 'function', 'if', 'import', 'importstr', 'importbin',
  'in', 'local', 'null', 'tailstrict', 'then', 'self', 'super', 'true',
]);

/** A static (lexing, parsing or checking) error with its location. */
export class StaticError extends Error {
  constructor(
    message: string,
    readonly loc: Loc,
  ) {
    super(message);
    this.name = 'StaticError';
  }
}

/** Source text with a line table for offset -> line/column conversion. */
export class Source {
  readonly lineStarts: number[] = [0];
  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const start = ls[lo];
    let col = 1;
    for (let i = start; i < offset; i++) {
      const c = this.text.charCodeAt(i);
      if (c < 0x80) col += 1;
      else if (c < 0x800) col += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        col += 4;
        i++;
      } else col += 3;
    }
    return { line: lo + 1, column: col };
  }

  loc(start: number, end: number): Loc {
    const a = this.position(start);
    const b = this.position(end);
    return { file: this.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** The source line (without newline) holding `line` (1-based). */
  lineText(line: number): string {
    const s = this.lineStarts[line - 1] ?? this.text.length;
    const e = this.lineStarts[line] !== undefined ? this.lineStarts[line] - 1 : this.text.length;
    return this.text.slice(s, e);
  }
}

const OP_CHARS = '!$:~+-&|^=<>*/%';
const SYMBOLS = '{}[](),.;';

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function lex(src: Source): Token[] {
  const text = src.text;
  const n = text.length;
  const out: Token[] = [];
  let i = 0;
  const fail = (msg: string, at: number, end = at + 1): never => {
    throw new StaticError(msg, src.loc(at, Math.min(end, n)));
  };

  while (true) {
    // Whitespace and comments.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
        while (i < n && text.charCodeAt(i) !== 10) i++;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const e = text.indexOf('*/', i + 2);
        if (e < 0) fail('Multi-line comment has no terminating */', i, i + 2);
        i = e + 2;
      } else break;
    }
    if (i >= n) {
      out.push({ kind: 'eof', text: '', start: n, end: n });
      return out;
    }
    const start = i;
    const c = text.charCodeAt(i);
    const ch = text[i];

    if (isIdStart(c)) {
      while (i < n && isIdChar(text.charCodeAt(i))) i++;
      const word = text.slice(start, i);
      out.push({ kind: KEYWORDS.has(word) ? 'keyword' : 'id', text: word, start, end: i });
      continue;
    }
    if (isDigit(c)) {
      i = lexNumber(text, i, fail);
      const s = text.slice(start, i);
      out.push({ kind: 'number', text: s, num: Number(s), start, end: i });
      continue;
    }
    if (ch === '"' || ch === "'") {
      const { value, end } = lexQuoted(text, i, fail);
      i = end;
      out.push({ kind: 'string', text: value, quote: ch, start, end: i });
      continue;
    }
    if (ch === '@') {
      const q = text[i + 1];
      if (q !== '"' && q !== "'") fail(`Couldn't lex verbatim string, junk after '@': ${q === undefined ? 'EOF' : q}`, i);
      let j = i + 2;
      let value = '';
      while (true) {
        if (j >= n) fail('Unterminated String', start, j);
        if (text[j] === q) {
          if (text[j + 1] === q) {
            value += q;
            j += 2;
            continue;
          }
          j++;
          break;
        }
        value += text[j++];
      }
      i = j;
      out.push({ kind: 'string', text: value, quote: '@' + q, start, end: i });
      continue;
    }
    if (text.startsWith('|||', i)) {
      const { value, end } = lexTextBlock(text, i, fail);
      i = end;
      out.push({ kind: 'string', text: value, quote: '|||', start, end: i });
      continue;
    }
    if (ch === '$' ) {
      i++;
      out.push({ kind: 'symbol', text: '$', start, end: i });
      continue;
    }
    if (SYMBOLS.includes(ch)) {
      i++;
      out.push({ kind: 'symbol', text: ch, start, end: i });
      continue;
    }
    if (OP_CHARS.includes(ch)) {
      let j = i;
      while (j < n && OP_CHARS.includes(text[j]) && text[j] !== '$') {
        // Comments and text blocks end an operator.
        if (j > i && (text.startsWith('//', j) || text.startsWith('/*', j) || text.startsWith('|||', j))) break;
        j++;
      }
      // A multi-char operator may not end in + - ~ ! (so `a+-b` is `a + -b`).
      while (j - i > 1 && '+-~!'.includes(text[j - 1])) j--;
      const op = text.slice(i, j);
      i = j;
      out.push({ kind: 'op', text: op, start, end: i });
      continue;
    }
    fail(`Could not lex the character ${JSON.stringify(ch)}`, i);
  }
}

function lexNumber(text: string, i: number, fail: (m: string, at: number, end?: number) => never): number {
  const start = i;
  if (text[i] === '0') i++;
  else while (isDigit(text.charCodeAt(i))) i++;
  if (text[i] === '.') {
    i++;
    if (!isDigit(text.charCodeAt(i))) fail(`Couldn't lex number, junk after decimal point: ${text[i] ?? 'EOF'}`, start, i + 1);
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    if (!isDigit(text.charCodeAt(i))) fail(`Couldn't lex number, junk after 'E': ${text[i] ?? 'EOF'}`, start, i + 1);
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

function lexQuoted(
  text: string,
  i: number,
  fail: (m: string, at: number, end?: number) => never,
): { value: string; end: number } {
  const q = text[i];
  const start = i;
  i++;
  let value = '';
  let runStart = i;
  while (true) {
    if (i >= text.length) fail('Unterminated String', start, i);
    const ch = text[i];
    if (ch === q) {
      value += text.slice(runStart, i);
      return { value, end: i + 1 };
    }
    if (ch !== '\\') {
      i++;
      continue;
    }
    value += text.slice(runStart, i);
    const e = text[i + 1];
    i += 2;
    switch (e) {
      case '"': value += '"'; break;
      case "'": value += "'"; break;
      case '\\': value += '\\'; break;
      case '/': value += '/'; break;
      case 'b': value += '\b'; break;
      case 'f': value += '\f'; break;
      case 'n': value += '\n'; break;
      case 'r': value += '\r'; break;
      case 't': value += '\t'; break;
      case 'u': {
        const hex = text.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Unrecognized escape sequence: \\u' + hex.replace(/[^0-9a-fA-F].*/, ''), i - 2, i + 4);
        let code = parseInt(hex, 16);
        i += 4;
        // A high surrogate followed by an escaped low surrogate is one code point.
        if (code >= 0xd800 && code <= 0xdbff && text[i] === '\\' && text[i + 1] === 'u') {
          const hex2 = text.slice(i + 2, i + 6);
          if (/^[0-9a-fA-F]{4}$/.test(hex2)) {
            const low = parseInt(hex2, 16);
            if (low >= 0xdc00 && low <= 0xdfff) {
              code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
              i += 6;
            }
          }
        }
        value += String.fromCodePoint(code);
        break;
      }
      case undefined:
        fail('Unterminated String', start, i);
        break;
      default:
        fail(`Unknown escape sequence in string literal: \\${e}`, i - 2, i);
    }
    runStart = i;
  }
}

function lexTextBlock(
  text: string,
  i: number,
  fail: (m: string, at: number, end?: number) => never,
): { value: string; end: number } {
  const start = i;
  i += 3;
  let chomp = false;
  if (text[i] === '-') {
    chomp = true;
    i++;
  }
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i++;
  if (text[i] !== '\n') fail('Text block syntax requires new line after |||.', start, i + 1);
  i++;
  // Leading blank lines are kept as newlines.
  let value = '';
  while (text[i] === '\n') {
    value += '\n';
    i++;
  }
  let ws = 0;
  while (text[i + ws] === ' ' || text[i + ws] === '\t') ws++;
  if (ws === 0) fail('Text block\'s first line must start with whitespace.', start, i + 1);
  const indent = text.slice(i, i + ws);
  while (true) {
    // i is at the start of a line that begins with the indent.
    i += ws;
    const nl = text.indexOf('\n', i);
    if (nl < 0) fail('Unexpected EOF', start, text.length);
    value += text.slice(i, nl + 1);
    i = nl + 1;
    // Blank lines.
    while (text[i] === '\n') {
      value += '\n';
      i++;
    }
    if (text.startsWith(indent, i)) continue;
    // Must be the terminator: optional whitespace then |||.
    let j = i;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (!text.startsWith('|||', j)) {
      if (j >= text.length) fail('Unexpected EOF', start, text.length);
      fail('Text block not terminated with |||', start, j);
    }
    if (chomp) value = value.replace(/\n$/, '');
    return { value, end: j + 3 };
  }
}
