// Tokenizer for Jsonnet source (spec: lexing section). A file's tokens are
// kept as parallel arrays (kind, start and end offsets, value) rather than an
// object per token: big imported libraries make hundreds of thousands of
// tokens, and objects would all stay alive, and be copied by the garbage
// collector, until the file is parsed. `Source` turns offsets into
// go-jsonnet style line/column positions (columns count UTF-8 bytes, 1-based).

import type { Loc } from './ast.js';
import { quoteRuneToASCII } from '../gocompat/strconv.js';

/**
 * Token kinds. Symbols, keywords and the operators the grammar knows each have
 * their own kind, so the parser compares small integers, never strings; any
 * other run of operator characters (`=>`, `!==`, ...) is `OtherOp`.
 */
export const enum Tok {
  Eof, Id, Number,
  // Strings, by the form they were written in.
  StrDouble, StrSingle, StrBlock, VerbatimDouble, VerbatimSingle,
  // Symbols.
  LBrace, RBrace, LBracket, RBracket, LParen, RParen, Comma, Dot, Semicolon, Dollar,
  // Keywords.
  Assert, Else, Error, False, For, Function, If, Import, Importstr, Importbin, In, Local, Null, Tailstrict, Then, Self, Super, True,
  // Operators: the binary ones first (Star to OrOr), then unary-only and field separators.
  Star, Slash, Percent, Plus, Minus, ShiftLeft, ShiftRight, Less, LessEq, Greater, GreaterEq, EqEq, NotEq, And, Xor, Or, AndAnd, OrOr,
  Not, Tilde, Assign, Colon, ColonColon, Colon3, PlusColon, PlusColonColon, PlusColon3, OtherOp,
}

/** The text of each symbol, keyword and operator kind, indexed by kind. */
export const TOKEN_TEXT: readonly string[] = (() => {
  const t: string[] = [];
  const fixed: [Tok, string][] = [
    [Tok.LBrace, '{'], [Tok.RBrace, '}'], [Tok.LBracket, '['], [Tok.RBracket, ']'], [Tok.LParen, '('], [Tok.RParen, ')'],
    [Tok.Comma, ','], [Tok.Dot, '.'], [Tok.Semicolon, ';'], [Tok.Dollar, '$'],
    [Tok.Assert, 'assert'], [Tok.Else, 'else'], [Tok.Error, 'error'], [Tok.False, 'false'], [Tok.For, 'for'],
    [Tok.Function, 'function'], [Tok.If, 'if'], [Tok.Import, 'import'], [Tok.Importstr, 'importstr'],
    [Tok.Importbin, 'importbin'], [Tok.In, 'in'], [Tok.Local, 'local'], [Tok.Null, 'null'], [Tok.Tailstrict, 'tailstrict'],
    [Tok.Then, 'then'], [Tok.Self, 'self'], [Tok.Super, 'super'], [Tok.True, 'true'],
    [Tok.Star, '*'], [Tok.Slash, '/'], [Tok.Percent, '%'], [Tok.Plus, '+'], [Tok.Minus, '-'], [Tok.ShiftLeft, '<<'],
    [Tok.ShiftRight, '>>'], [Tok.Less, '<'], [Tok.LessEq, '<='], [Tok.Greater, '>'], [Tok.GreaterEq, '>='], [Tok.EqEq, '=='],
    [Tok.NotEq, '!='], [Tok.And, '&'], [Tok.Xor, '^'], [Tok.Or, '|'], [Tok.AndAnd, '&&'], [Tok.OrOr, '||'],
    [Tok.Not, '!'], [Tok.Tilde, '~'], [Tok.Assign, '='], [Tok.Colon, ':'], [Tok.ColonColon, '::'], [Tok.Colon3, ':::'],
    [Tok.PlusColon, '+:'], [Tok.PlusColonColon, '+::'], [Tok.PlusColon3, '+:::'],
  ];
  for (const [k, s] of fixed) t[k] = s;
  return t;
})();

/**
 * Keywords by (first letter, length, last letter), which no two keywords
 * share: an identifier is checked against at most one keyword, by comparing
 * characters in place, without hashing a new string.
 */
const keywordKey = (first: number, len: number, last: number): number => ((first - 97) * 11 + len) * 26 + (last - 97);
const KEYWORD_AT = new Uint8Array(26 * 11 * 26);
for (let k = Tok.Assert; k <= Tok.True; k++) {
  const w = TOKEN_TEXT[k];
  KEYWORD_AT[keywordKey(w.charCodeAt(0), w.length, w.charCodeAt(w.length - 1))] = k;
}

/** The keyword text[start, end) is, or Tok.Id. */
function keywordKind(text: string, start: number, end: number): Tok {
  const len = end - start;
  if (len < 2 || len > 10) return Tok.Id;
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (first < 97 || first > 122 || last < 97 || last > 122) return Tok.Id;
  const k = KEYWORD_AT[keywordKey(first, len, last)];
  return k !== 0 && text.startsWith(TOKEN_TEXT[k], start) ? k : Tok.Id;
}

/**
 * The tokens of one file as parallel arrays; the last token is always `Eof`.
 * Every token but `Eof` takes at least one character, so `length + 1` slots
 * are always enough (pages never written are never touched).
 */
export class Tokens {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Identifier name, decoded string or number value; null for other kinds. */
  readonly values: (string | number | null)[] = [];
  /** Quoted strings with escapes go-jsonnet refuses, by token index: why (the parser reports it when it takes the token). */
  badEscapes: Map<number, string> | null = null;
  count = 0;
  constructor(textLength: number) {
    this.kinds = new Uint8Array(textLength + 1);
    this.starts = new Int32Array(textLength + 1);
    this.ends = new Int32Array(textLength + 1);
  }
  push(kind: Tok, start: number, end: number, value: string | number | null): void {
    const i = this.count;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.values.push(value);
    this.count = i + 1;
  }
}

/** A token as an object, for tests and tools that want to look at a token stream. */
export interface Token {
  kind: 'id' | 'keyword' | 'number' | 'string' | 'op' | 'symbol' | 'eof';
  /** Identifier/keyword/op/symbol text, or the decoded string value. */
  text: string;
  /** For strings: which form ('"', "'", '@"', "@'", '|||'). */
  quote?: string;
  num?: number;
  start: number;
  end: number;
}

const QUOTES: Partial<Record<Tok, string>> = {
  [Tok.StrDouble]: '"', [Tok.StrSingle]: "'", [Tok.StrBlock]: '|||', [Tok.VerbatimDouble]: '@"', [Tok.VerbatimSingle]: "@'",
};

/** The tokens of `src` as objects (the parser reads `tokenize`'s arrays instead). */
export function lex(src: Source): Token[] {
  const t = tokenize(src);
  const out: Token[] = [];
  for (let i = 0; i < t.count; i++) {
    const k: Tok = t.kinds[i];
    const start = t.starts[i];
    const end = t.ends[i];
    const value = t.values[i];
    if (k === Tok.Eof) out.push({ kind: 'eof', text: '', start, end });
    else if (k === Tok.Id) out.push({ kind: 'id', text: value as string, start, end });
    else if (k === Tok.Number) out.push({ kind: 'number', text: src.text.slice(start, end), num: value as number, start, end });
    else if (k <= Tok.VerbatimSingle) {
      const bad = t.badEscapes?.get(i);
      if (bad !== undefined) throw new StaticError(bad, src.loc(start, end));
      out.push({ kind: 'string', text: value as string, quote: QUOTES[k], start, end });
    }
    else if (k <= Tok.Dollar) out.push({ kind: 'symbol', text: TOKEN_TEXT[k], start, end });
    else if (k <= Tok.True) out.push({ kind: 'keyword', text: TOKEN_TEXT[k], start, end });
    else out.push({ kind: 'op', text: src.text.slice(start, end), start, end });
  }
  return out;
}

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

/** Character classes of ASCII, for the tokenizer's dispatch. */
const enum Ch { Bad, Space, IdStart, Digit, Quote, At, Symbol, Op }

const CLASS = new Uint8Array(128);
const ID_CHAR = new Uint8Array(128);
const OP_CHAR = new Uint8Array(128);
/** Characters a multi-character operator may not end with (so `a+-b` is `a + -b`). */
const UNARY_CHAR = new Uint8Array(128);
const SYMBOL_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const s = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(s)) CLASS[c] = Ch.IdStart;
  else if (/[0-9]/.test(s)) CLASS[c] = Ch.Digit;
  else if (s === ' ' || s === '\t' || s === '\n' || s === '\r') CLASS[c] = Ch.Space;
  else if (s === '"' || s === "'") CLASS[c] = Ch.Quote;
  else if (s === '@') CLASS[c] = Ch.At;
  else if ('{}[](),.;$'.includes(s)) CLASS[c] = Ch.Symbol;
  else if ('!:~+-&|^=<>*/%'.includes(s)) CLASS[c] = Ch.Op;
  ID_CHAR[c] = /[A-Za-z0-9_]/.test(s) ? 1 : 0;
  OP_CHAR[c] = '!:~+-&|^=<>*/%'.includes(s) ? 1 : 0;
  UNARY_CHAR[c] = '+-~!'.includes(s) ? 1 : 0;
}
for (let k = Tok.LBrace; k <= Tok.Dollar; k++) SYMBOL_KIND[TOKEN_TEXT[k].charCodeAt(0)] = k;

/** The kind of the operator text[start, start + len). */
function operatorKind(text: string, start: number, len: number): Tok {
  const a = text.charCodeAt(start);
  if (len === 1) {
    switch (a) {
      case 42: return Tok.Star; // *
      case 47: return Tok.Slash; // /
      case 37: return Tok.Percent; // %
      case 43: return Tok.Plus; // +
      case 45: return Tok.Minus; // -
      case 60: return Tok.Less; // <
      case 62: return Tok.Greater; // >
      case 38: return Tok.And; // &
      case 94: return Tok.Xor; // ^
      case 124: return Tok.Or; // |
      case 33: return Tok.Not; // !
      case 126: return Tok.Tilde; // ~
      case 61: return Tok.Assign; // =
      case 58: return Tok.Colon; // :
    }
    return Tok.OtherOp;
  }
  const b = text.charCodeAt(start + 1);
  if (len === 2) {
    if (b === 61) { // x=
      if (a === 60) return Tok.LessEq;
      if (a === 62) return Tok.GreaterEq;
      if (a === 61) return Tok.EqEq;
      if (a === 33) return Tok.NotEq;
    } else if (a === b) {
      if (a === 60) return Tok.ShiftLeft;
      if (a === 62) return Tok.ShiftRight;
      if (a === 38) return Tok.AndAnd;
      if (a === 124) return Tok.OrOr;
      if (a === 58) return Tok.ColonColon;
    } else if (a === 43 && b === 58) return Tok.PlusColon;
    return Tok.OtherOp;
  }
  if (len === 3 && b === 58 && text.charCodeAt(start + 2) === 58) {
    if (a === 58) return Tok.Colon3;
    if (a === 43) return Tok.PlusColonColon;
  }
  if (len === 4 && a === 43 && text.startsWith(':::', start + 1)) return Tok.PlusColon3;
  return Tok.OtherOp;
}

type Fail = (msg: string, at: number, end?: number) => never;

export function tokenize(src: Source): Tokens {
  const text = src.text;
  const n = text.length;
  const out = new Tokens(n);
  let i = 0;
  // The operator-character run being lexed: where it ends, and its last character that may end an operator.
  let opRunEnd = -1;
  let opRunLastKeep = -1;
  const fail: Fail = (msg, at, end = at + 1) => {
    throw new StaticError(msg, src.loc(at, Math.min(end, n)));
  };

  while (true) {
    // Whitespace and comments.
    let c = 0;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 9 || c === 13) i++;
      else if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
        const e = text.indexOf('\n', i);
        i = e < 0 ? n : e;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const e = text.indexOf('*/', i + 2);
        if (e < 0) fail('Multi-line comment has no terminating */', i, i);
        i = e + 2;
      } else break;
    }
    if (i >= n) {
      out.push(Tok.Eof, n, n, null);
      return out;
    }
    const start = i;
    switch (c < 128 ? CLASS[c] : Ch.Bad) {
      case Ch.IdStart: {
        i++;
        while (i < n && (c = text.charCodeAt(i)) < 128 && ID_CHAR[c] === 1) i++;
        const kind = keywordKind(text, start, i);
        out.push(kind, start, i, kind === Tok.Id ? text.slice(start, i) : null);
        break;
      }
      case Ch.Digit:
        i = lexNumber(text, i, fail);
        out.push(Tok.Number, start, i, Number(text.slice(start, i)));
        break;
      case Ch.Quote:
        i = lexQuoted(text, i, c, out, fail);
        break;
      case Ch.At:
        i = lexVerbatim(text, i, out, fail);
        break;
      case Ch.Symbol:
        i++;
        out.push(SYMBOL_KIND[c], start, i, null);
        break;
      case Ch.Op: {
        if (c === 124 && text.charCodeAt(i + 1) === 124 && text.charCodeAt(i + 2) === 124) {
          i = lexTextBlock(text, i, out, fail);
          break;
        }
        // Maximal munch over a run of operator characters, computed once per run
        // so that long runs of unary operators (`!!!!x`) lex in linear time.
        if (i >= opRunEnd) {
          let j = i;
          while (j < n && (c = text.charCodeAt(j)) < 128 && OP_CHAR[c] === 1) {
            // Comments and text blocks end an operator.
            if (j > i) {
              const d = text.charCodeAt(j + 1);
              if (c === 47 && (d === 47 || d === 42)) break;
              if (c === 124 && d === 124 && text.charCodeAt(j + 2) === 124) break;
            }
            j++;
          }
          opRunEnd = j;
          opRunLastKeep = -1;
          for (let k = j - 1; k > i; k--) {
            if (UNARY_CHAR[text.charCodeAt(k)] === 0) {
              opRunLastKeep = k;
              break;
            }
          }
        }
        // A multi-char operator may not end in + - ~ ! (so `a+-b` is `a + -b`).
        const j = opRunLastKeep > i ? opRunLastKeep + 1 : i + 1;
        out.push(operatorKind(text, i, j - i), start, j, null);
        i = j;
        break;
      }
      default:
        fail(`Could not lex the character ${goQuoteRune(text.codePointAt(i))}`, i, i);
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function lexNumber(text: string, i: number, fail: Fail): number {
  // go-jsonnet reports junk at the character that is not a digit.
  const junk = (after: string, at: number): never => fail(`Couldn't lex number, junk after ${after}: ${goQuoteRune(text.codePointAt(at))}`, at, at);
  if (text.charCodeAt(i) === 48) i++;
  else while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 46) {
    i++;
    if (!isDigit(text.charCodeAt(i))) junk('decimal point', i);
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 43 || sign === 45) {
      i++;
      if (!isDigit(text.charCodeAt(i))) junk('exponent sign', i);
    } else if (!isDigit(sign)) junk("'E'", i);
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/** A character as go-jsonnet's lexer names it in errors (Go's %+q); the end of the text is U+FFFD. */
const goQuoteRune = (cp: number | undefined): string => quoteRuneToASCII(cp ?? 0xfffd);

/** A '...' or "..." string starting at i (quote character q); pushes its token and returns where it ends. */
function lexQuoted(text: string, i: number, q: number, out: Tokens, fail: Fail): number {
  const start = i;
  const n = text.length;
  i++;
  // Most strings have no escapes: their value is a slice of the source.
  let c = 0;
  while (i < n && (c = text.charCodeAt(i)) !== q && c !== 92) i++;
  if (i >= n) fail('Unterminated String', start, start);
  if (c === 92) {
    // A backslash takes the character after it, whatever it is; escapes are decoded once the end is known.
    while (true) {
      if (c === 92) i++;
      i++;
      if (i >= n) fail('Unterminated String', start, start);
      c = text.charCodeAt(i);
      if (c === q) break;
    }
    const value = decodeEscapes(text, start + 1, i);
    if (value instanceof EscapeError) {
      (out.badEscapes ??= new Map()).set(out.count, value.message);
      out.push(q === 34 ? Tok.StrDouble : Tok.StrSingle, start, i + 1, null);
    } else out.push(q === 34 ? Tok.StrDouble : Tok.StrSingle, start, i + 1, value);
    return i + 1;
  }
  out.push(q === 34 ? Tok.StrDouble : Tok.StrSingle, start, i + 1, text.slice(start + 1, i));
  return i + 1;
}

/** Why go-jsonnet's parser refuses a quoted string (it decodes escapes when it takes the token). */
class EscapeError {
  constructor(readonly message: string) {}
}

/** Whether text[i, i + 4) are four hex digits, all before `to`. */
function isHex4(text: string, i: number, to: number): boolean {
  if (i + 4 > to) return false;
  for (let k = i; k < i + 4; k++) {
    const c = text.charCodeAt(k);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/** UTF-8 bytes of text[from, to) (go-jsonnet counts what is left of a string in bytes). */
function utf8Length(text: string, from: number, to: number): number {
  return Buffer.byteLength(text.slice(from, to), 'utf8');
}

/**
 * The value of the string body text[from, to) (a backslash never ends it), or go-jsonnet's
 * complaint about its escapes. Its rules, found by running it: `\u` needs four more bytes
 * and four hex digits; an escaped surrogate (high or low) needs six more bytes, then `\u`,
 * then four hex digits, and makes a code point with them when they are a high and a low
 * surrogate, U+FFFD otherwise. Its malformed-escape messages quote the first four bytes of
 * the whole string, wherever the escape is.
 */
function decodeEscapes(text: string, from: number, to: number): string | EscapeError {
  const firstBytes = (): string => Buffer.from(text.slice(from, Math.min(to, from + 4)), 'utf8').subarray(0, 4).toString('utf8');
  let value = '';
  let runStart = from;
  let i = text.indexOf('\\', from);
  while (i >= 0 && i < to) {
    value += text.slice(runStart, i);
    const e = text.charCodeAt(i + 1);
    i += 2;
    switch (e) {
      case 34: value += '"'; break;
      case 39: value += "'"; break;
      case 92: value += '\\'; break;
      case 47: value += '/'; break;
      case 98: value += '\b'; break;
      case 102: value += '\f'; break;
      case 110: value += '\n'; break;
      case 114: value += '\r'; break;
      case 116: value += '\t'; break;
      case 117: { // u
        if (to - i < 4 && utf8Length(text, i, to) < 4) return new EscapeError('Truncated unicode escape sequence in string literal.');
        if (!isHex4(text, i, to)) return new EscapeError(`Unicode escape sequence was malformed: ${firstBytes()}`);
        let code = parseInt(text.slice(i, i + 4), 16);
        i += 4;
        if (code >= 0xd800 && code <= 0xdfff) {
          if (to - i < 6 && utf8Length(text, i, to) < 6) return new EscapeError('Truncated unicode surrogate pair escape sequence in string literal.');
          if (text.charCodeAt(i) !== 92 || text.charCodeAt(i + 1) !== 117) return new EscapeError('Unicode surrogate pair escape sequence missing low surrogate in string literal.');
          if (!isHex4(text, i + 2, to)) return new EscapeError(`Unicode low surrogate escape sequence was malformed: ${firstBytes()}`);
          const low = parseInt(text.slice(i + 2, i + 6), 16);
          code = code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00) : 0xfffd;
          i += 6;
        }
        value += String.fromCodePoint(code);
        break;
      }
      default:
        return new EscapeError(`Unknown escape sequence in string literal: \\${String.fromCodePoint(text.codePointAt(i - 1)!)}`);
    }
    runStart = i;
    i = text.indexOf('\\', i);
  }
  return value + text.slice(runStart, to);
}

/** A verbatim string @'...' or @"..." starting at i (a doubled quote stands for one). */
function lexVerbatim(text: string, i: number, out: Tokens, fail: Fail): number {
  const start = i;
  const q = text[i + 1];
  // go-jsonnet names the character by its code point (-1 at the end of the file).
  if (q !== '"' && q !== "'") fail(`Couldn't lex verbatim string, junk after '@': ${q === undefined ? -1 : text.codePointAt(i + 1)}`, i, i);
  let j = i + 2;
  let value = '';
  while (true) {
    const e = text.indexOf(q, j);
    if (e < 0) fail('Unterminated String', start, start);
    value += text.slice(j, e);
    if (text[e + 1] !== q) {
      j = e + 1;
      break;
    }
    value += q;
    j = e + 2;
  }
  out.push(q === '"' ? Tok.VerbatimDouble : Tok.VerbatimSingle, start, j, value);
  return j;
}

function lexTextBlock(text: string, i: number, out: Tokens, fail: Fail): number {
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
    out.push(Tok.StrBlock, start, j + 3, value);
    return j + 3;
  }
}
