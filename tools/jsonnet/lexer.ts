// Tokenizer for Jsonnet source (spec: lexing section). Tokens keep their
// start/end offsets; `Source` turns offsets into go-jsonnet style
// line/column positions (columns count UTF-8 bytes, 1-based).

import type { Loc } from './ast.js';

type TokenKind =
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

const KEYWORDS = new Set([
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

/**
 * Source text with a line-start table for offset -> line/column conversion.
 * Positions are computed only when asked for (errors, field locations): a
 * binary search over line starts, plus a UTF-8 byte-count prefix table built
 * on first use when the text is not plain ASCII, so every lookup is
 * O(log lines) however long a line is (minified JSON is one line).
 */
export class Source {
  readonly lineStarts: number[] = [0];
  /** utf8Before[i]: UTF-8 bytes in text[0, i); null until needed, undefined for ASCII-only text. */
  private utf8Before: Int32Array | null | undefined = null;
  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  private byteOffsets(): Int32Array | undefined {
    if (this.utf8Before === null) {
      const text = this.text;
      // eslint-disable-next-line no-control-regex
      if (!/[^\x00-\x7f]/.test(text)) this.utf8Before = undefined;
      else {
        const table = new Int32Array(text.length + 1);
        let bytes = 0;
        for (let i = 0; i < text.length; i++) {
          table[i] = bytes;
          const c = text.charCodeAt(i);
          if (c < 0x80) bytes += 1;
          else if (c < 0x800) bytes += 2;
          else if ((c & 0xfc00) === 0xd800) bytes += 4; // a surrogate pair is 4 bytes, counted at its high half
          else if ((c & 0xfc00) !== 0xdc00 || i === 0 || (text.charCodeAt(i - 1) & 0xfc00) !== 0xd800) bytes += 3;
        }
        table[text.length] = bytes;
        this.utf8Before = table;
      }
    }
    return this.utf8Before;
  }

  /** The 0-based index of the line holding `offset`. */
  lineIndex(offset: number): number {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; column: number } {
    const line = this.lineIndex(offset);
    const start = this.lineStarts[line];
    const bytes = this.byteOffsets();
    const column = bytes === undefined ? offset - start + 1 : bytes[offset] - bytes[start] + 1;
    return { line: line + 1, column };
  }

  /** A location whose line/column are worked out on first read. */
  loc(start: number, end: number): Loc {
    return new Span(this, start, end);
  }

  /** The source line (without newline) holding `line` (1-based). */
  lineText(line: number): string {
    const s = this.lineStarts[line - 1] ?? this.text.length;
    const e = this.lineStarts[line] !== undefined ? this.lineStarts[line] - 1 : this.text.length;
    return this.text.slice(s, e);
  }
}

/** A source range as offsets; line and column are computed (once) when read. */
class Span implements Loc {
  private pos: { line: number; column: number; endLine: number; endColumn: number } | null = null;
  constructor(
    private readonly src: Source,
    private readonly start: number,
    private readonly end: number,
  ) {}
  private resolved() {
    if (this.pos === null) {
      const a = this.src.position(this.start);
      const b = this.src.position(this.end);
      this.pos = { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    }
    return this.pos;
  }
  get file(): string {
    return this.src.file;
  }
  get line(): number {
    return this.resolved().line;
  }
  get column(): number {
    return this.resolved().column;
  }
  get endLine(): number {
    return this.resolved().endLine;
  }
  get endColumn(): number {
    return this.resolved().endColumn;
  }
  toJSON(): object {
    return { file: this.file, ...this.resolved() };
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
  // The operator-character run being lexed: where it ends, and its last character that may end an operator.
  let opRunEnd = -1;
  let opRunLastKeep = -1;
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
        if (j >= n) fail('Unterminated String', start, start);
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
      // Maximal munch over a run of operator characters, computed once per run
      // so that long runs of unary operators (`!!!!x`) lex in linear time.
      if (i >= opRunEnd) {
        let j = i;
        while (j < n && OP_CHARS.includes(text[j]) && text[j] !== '$') {
          // Comments and text blocks end an operator.
          if (j > i && (text.startsWith('//', j) || text.startsWith('/*', j) || text.startsWith('|||', j))) break;
          j++;
        }
        opRunEnd = j;
        opRunLastKeep = -1;
        for (let k = j - 1; k > i; k--) {
          if (!'+-~!'.includes(text[k])) {
            opRunLastKeep = k;
            break;
          }
        }
      }
      // A multi-char operator may not end in + - ~ ! (so `a+-b` is `a + -b`).
      const j = opRunLastKeep > i ? opRunLastKeep + 1 : i + 1;
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
    if (i >= text.length) fail('Unterminated String', start, start);
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
        fail('Unterminated String', start, start);
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
  // go-jsonnet reports every error of a text block at the point where it starts.
  const start = i;
  i += 3;
  let chomp = false;
  if (text[i] === '-') {
    chomp = true;
    i++;
  }
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i++;
  if (text[i] !== '\n') fail('Text block requires new line after |||.', start, start);
  i++;
  // Leading blank lines are kept as newlines.
  let value = '';
  while (text[i] === '\n') {
    value += '\n';
    i++;
  }
  let ws = 0;
  while (text[i + ws] === ' ' || text[i + ws] === '\t') ws++;
  if (ws === 0) fail("Text block's first line must start with whitespace", start, start);
  const indent = text.slice(i, i + ws);
  while (true) {
    // i is at the start of a line that begins with the indent.
    i += ws;
    const nl = text.indexOf('\n', i);
    if (nl < 0) fail('Unexpected EOF', start, start);
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
      fail('Text block not terminated with |||', start, start);
    }
    if (chomp) value = value.replace(/\n$/, '');
    return { value, end: j + 3 };
  }
}
