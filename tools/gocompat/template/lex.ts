// text/template's lexer for the inside of an action (`{{ ... }}`): fields, variables, identifiers,
// Go string, raw string, rune and number literals, and the punctuation of pipelines.

import { TemplateError } from './value.js';


export type Tok =
  | { t: 'field'; names: string[] } // .a.b  (names empty for a lone '.')
  | { t: 'var'; name: string; names: string[] } // $x.a
  | { t: 'ident'; name: string }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number; int: boolean }
  | { t: 'bool'; v: boolean }
  | { t: 'nil' }
  | { t: '(' }
  | { t: ')' }
  | { t: '|' }
  | { t: ':=' }
  | { t: '=' }
  | { t: ',' }
  | { t: 'chain'; names: string[] }; // .a.b directly after ')'

const IDENT = /[\p{L}\p{Nd}_]/u;

function unquoteGo(body: string, pos: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };
    if (n in simple) out += simple[n];
    else if (n === 'x' || n === 'u' || n === 'U') {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new TemplateError(`${pos}: invalid syntax`);
      out += n === 'x' ? String.fromCharCode(parseInt(hex, 16)) : String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else if (n >= '0' && n <= '7') {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else throw new TemplateError(`${pos}: invalid syntax`);
  }
  return out;
}

/** Where a token is in its action's text (start inclusive, end exclusive). */
export type Span = { at?: number; end?: number };

export function lexAction(src: string, where: string): (Tok & Span)[] {
  const toks: (Tok & Span)[] = [];
  let i = 0;
  // Every token gets the span of the loop iteration that produced it.
  let from = 0;
  let start = 0;
  const mark = () => {
    for (let k = from; k < toks.length; k++) {
      toks[k].at ??= start;
      toks[k].end ??= i;
    }
    from = toks.length;
  };
  const readNames = (): string[] => {
    const names: string[] = [];
    while (src[i] === '.' && i + 1 < src.length && IDENT.test(src[i + 1])) {
      i++;
      let name = '';
      while (i < src.length && IDENT.test(src[i])) name += src[i++];
      names.push(name);
    }
    return names;
  };
  while (i < src.length) {
    mark();
    start = i;
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === '|' || c === ',') {
      toks.push({ t: c });
      i++;
      if (c === ')' && src[i] === '.') {
        const names = readNames();
        if (names.length) toks.push({ t: 'chain', names });
      }
      continue;
    }
    if (c === ':' && src[i + 1] === '=') {
      toks.push({ t: ':=' });
      i += 2;
      continue;
    }
    if (c === '=') {
      toks.push({ t: '=' });
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new TemplateError(`${where}: unterminated quoted string`);
      toks.push({ t: 'string', v: unquoteGo(src.slice(i + 1, j), where) });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) throw new TemplateError(`${where}: unterminated raw quoted string`);
      toks.push({ t: 'string', v: src.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (c === '.') {
      if (i + 1 < src.length && /[0-9]/.test(src[i + 1])) {
        // a number like .5
      } else {
        const names = readNames();
        if (names.length === 0) i++;
        toks.push({ t: 'field', names });
        continue;
      }
    }
    if (c === '$') {
      i++;
      let name = '$';
      while (i < src.length && IDENT.test(src[i])) name += src[i++];
      toks.push({ t: 'var', name, names: readNames() });
      continue;
    }
    const num = /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?)/.exec(src.slice(i));
    if (num && /[0-9]/.test(num[0])) {
      const text = num[0].replace(/_/g, '');
      const isInt = !/[.eE]/.test(text) || /^[+-]?0[xX]/.test(text);
      const neg = text.startsWith('-');
      const body = text.replace(/^[+-]/, '');
      const mag = isInt && /^0[0-7]+$/.test(body) ? parseInt(body, 8) : Number(body);
      const v = neg ? -mag : mag;
      toks.push({ t: 'number', v, int: isInt });
      i += num[0].length;
      continue;
    }
    if (IDENT.test(c)) {
      let name = '';
      while (i < src.length && IDENT.test(src[i])) name += src[i++];
      if (name === 'true' || name === 'false') toks.push({ t: 'bool', v: name === 'true' });
      else if (name === 'nil') toks.push({ t: 'nil' });
      else toks.push({ t: 'ident', name });
      continue;
    }
    throw new TemplateError(`${where}: unexpected ${JSON.stringify(c)} in command`);
  }
  mark();
  return toks;
}

/** End of an action: the first "}}" outside a quoted string. */
export function findClose(src: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === '`' || c === "'") quote = c;
    else if (c === '}' && src[i + 1] === '}') return i;
  }
  return -1;
}
