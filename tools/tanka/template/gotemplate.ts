// A subset of Go's text/template with the sprig functions Tanka's name formats
// use (`tk export --format`, helm/kustomize `nameFormat`). Semantics follow Go:
// a missing map key is "no value" (printed `<no value>`, passed to functions as
// nil, printed by `print` as `<nil>`), numbers print like fmt's %v (shortest, 1e+06),
// `or`/`and` short-circuit and return an operand, pipelines pass the previous
// result as the last argument. Written from the text/template and sprig docs.

import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { JsonValue } from '../../jsonnet/api.js';
import { formatFloatG } from '../yaml/float.js';
import { kebabCase, pascalCase, snakeCase } from './snakecase.js';
import { title } from '../../gocompat/strings.js';

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** An integer constant written in the template (Go `int`), as opposed to JSON's float64. */
class GoInt {
  constructor(readonly v: number) {}
}

/** undefined = Go's invalid reflect.Value ("no value"); null = a nil interface. */
type TValue = JsonValue | undefined | GoInt;

// ---------------------------------------------------------------- lexing

type Tok =
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
type Span = { at?: number; end?: number };

function lexAction(src: string, where: string): (Tok & Span)[] {
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

// ---------------------------------------------------------------- parsing

type Arg =
  | { k: 'field'; names: string[] }
  | { k: 'var'; name: string; names: string[] }
  | { k: 'ident'; name: string }
  | { k: 'const'; v: TValue }
  | { k: 'nil' }
  | { k: 'pipe'; pipe: Pipe; names: string[] };

interface Cmd {
  args: Arg[];
  /** Go's node position (`line:col`, col counted from 0) and text, for errors while executing it. */
  pos?: string;
  src?: string;
}

/** Where an action's text starts in the template, to turn token offsets into `line:col`. */
interface ActionPlace {
  template: string;
  offset: number;
  action: string;
}

interface Pipe {
  decl: string[];
  assign: boolean;
  cmds: Cmd[];
  src: string;
}

type Node =
  | { n: 'text'; s: string }
  | { n: 'action'; pipe: Pipe }
  | { n: 'if' | 'with'; pipe: Pipe; body: Node[]; else: Node[] }
  | { n: 'range'; pipe: Pipe; body: Node[]; else: Node[] };

function parsePipe(toks: (Tok & Span)[], where: string, src: string, place?: ActionPlace): Pipe {
  let pos = 0;
  let cmdStart = 0;
  const finishCmd = (c: Cmd, last: number) => {
    const first = toks[cmdStart];
    const end = toks[last]?.end;
    if (place && first?.at !== undefined && end !== undefined) {
      const abs = place.offset + first.at;
      const before = place.template.slice(0, abs);
      const line = 1 + (before.match(/\n/g) ?? []).length;
      c.pos = `${line}:${abs - (before.lastIndexOf('\n') + 1)}`;
      c.src = place.action.slice(first.at, end);
    }
  };
  const pipe: Pipe = { decl: [], assign: false, cmds: [], src };
  // declarations: $x := / $x, $y := / $x =
  const declEnd = toks.findIndex((t) => t.t === ':=' || t.t === '=');
  if (declEnd > 0 && toks.slice(0, declEnd).every((t) => t.t === 'var' || t.t === ',')) {
    pipe.decl = toks.slice(0, declEnd).filter((t): t is Extract<Tok, { t: 'var' }> => t.t === 'var').map((t) => t.name);
    pipe.assign = toks[declEnd].t === '=';
    pos = declEnd + 1;
  }
  const parseOperand = (): Arg => {
    const t = toks[pos++];
    switch (t.t) {
      case 'field':
        return { k: 'field', names: t.names };
      case 'var':
        return { k: 'var', name: t.name, names: t.names };
      case 'ident':
        // Like Go, an unknown function is a parse error.
        if (!Object.hasOwn(FUNCS, t.name) && t.name !== 'and' && t.name !== 'or') {
          throw new TemplateError(`${where}: function "${t.name}" not defined`);
        }
        return { k: 'ident', name: t.name };
      case 'string':
        return { k: 'const', v: t.v };
      case 'number':
        return { k: 'const', v: t.int ? new GoInt(t.v) : t.v };
      case 'bool':
        return { k: 'const', v: t.v };
      case 'nil':
        return { k: 'nil' };
      case '(': {
        let depth = 1;
        const start = pos;
        while (pos < toks.length && depth > 0) {
          if (toks[pos].t === '(') depth++;
          else if (toks[pos].t === ')') depth--;
          pos++;
        }
        if (depth !== 0) throw new TemplateError(`${where}: unclosed left paren`);
        const inner = parsePipe(toks.slice(start, pos - 1), where, src, place);
        let names: string[] = [];
        const next = toks[pos];
        if (next && next.t === 'chain') {
          names = next.names;
          pos++;
        }
        return { k: 'pipe', pipe: inner, names };
      }
      default:
        throw new TemplateError(`${where}: unexpected "${t.t}" in operand`);
    }
  };
  let cmd: Cmd = { args: [] };
  while (pos < toks.length) {
    const t = toks[pos];
    if (t.t === '|') {
      if (cmd.args.length === 0) throw new TemplateError(`${where}: missing command`);
      finishCmd(cmd, pos - 1);
      pipe.cmds.push(cmd);
      cmd = { args: [] };
      pos++;
      cmdStart = pos;
      continue;
    }
    if (t.t === ')' || t.t === ',' || t.t === ':=' || t.t === '=' || t.t === 'chain') {
      throw new TemplateError(`${where}: unexpected "${t.t === 'chain' ? '.' : t.t}" in operand`);
    }
    cmd.args.push(parseOperand());
  }
  if (cmd.args.length === 0) throw new TemplateError(`${where}: missing command`);
  finishCmd(cmd, pos - 1);
  pipe.cmds.push(cmd);
  return pipe;
}

function parseTemplate(src: string, name: string): Node[] {
  // Split into text and actions, applying the {{- / -}} trim markers.
  type Piece = { text: string } | { action: string; line: number; offset: number };
  const pieces: Piece[] = [];
  let i = 0;
  let trimNext = false;
  let line = 1;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    trimNext = false;
    if (open < 0) {
      pieces.push({ text });
      break;
    }
    line += (src.slice(i, open).match(/\n/g) ?? []).length;
    let start = open + 2;
    if (src[start] === '-' && /[ \t\r\n]/.test(src[start + 1] ?? '')) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start += 2;
    }
    pieces.push({ text });
    let close: number;
    if (src.startsWith('/*', src.slice(start).search(/\S/) + start)) {
      const endComment = src.indexOf('*/', start);
      if (endComment < 0) throw new TemplateError(`template: ${name}:${line}: unclosed comment`);
      close = src.indexOf('}}', endComment);
    } else {
      close = findClose(src, start);
    }
    if (close < 0) throw new TemplateError(`template: ${name}:${line}: unclosed action`);
    let inner = src.slice(start, close);
    if (/[ \t\r\n]-$/.test(inner)) {
      inner = inner.slice(0, -2);
      trimNext = true;
    }
    if (!/^\s*\/\*[\s\S]*\*\/\s*$/.test(inner)) pieces.push({ action: inner, line, offset: start });
    line += (src.slice(open, close).match(/\n/g) ?? []).length;
    i = close + 2;
  }

  let idx = 0;
  const parseList = (terminators: string[]): { nodes: Node[]; end: string; rest: string } => {
    const nodes: Node[] = [];
    while (idx < pieces.length) {
      const p = pieces[idx++];
      if ('text' in p) {
        if (p.text) nodes.push({ n: 'text', s: p.text });
        continue;
      }
      const where = `template: ${name}:${p.line}`;
      const trimmed = p.action.trim();
      const word = /^[a-z]+/.exec(trimmed)?.[0] ?? '';
      const rest = trimmed.slice(word.length);
      if (word === 'end' || word === 'else') {
        if (!terminators.includes(word)) throw new TemplateError(`${where}: unexpected {{${word}}}`);
        return { nodes, end: word, rest: rest.trim() };
      }
      if ((word === 'if' || word === 'with' || word === 'range') && (rest === '' || /^\s/.test(rest))) {
        nodes.push(parseControl(word, rest, where));
        continue;
      }
      if (['define', 'template', 'block', 'break', 'continue'].includes(word) && (rest === '' || /^\s/.test(rest))) {
        throw new TemplateError(`${where}: {{${word}}} is not supported`);
      }
      nodes.push({ n: 'action', pipe: parsePipe(lexAction(p.action, where), where, trimmed, { template: src, offset: p.offset, action: p.action }) });
    }
    if (terminators.length) throw new TemplateError(`template: ${name}: unexpected EOF`);
    return { nodes, end: '', rest: '' };
  };
  const parseControl = (kind: 'if' | 'with' | 'range', pipeSrc: string, where: string): Node => {
    const pipe = parsePipe(lexAction(pipeSrc, where), where, pipeSrc.trim());
    const body = parseList(['else', 'end']);
    let elseNodes: Node[] = [];
    if (body.end === 'else') {
      if (body.rest.startsWith('if') && kind === 'if' && /^if\s/.test(body.rest)) {
        // {{else if x}} is {{else}}{{if x}}...{{end}} sharing the outer {{end}}
        elseNodes = [parseControl('if', body.rest.slice(2), where)];
        return { n: kind, pipe, body: body.nodes, else: elseNodes };
      }
      if (body.rest.startsWith('with') && kind === 'with' && /^with\s/.test(body.rest)) {
        elseNodes = [parseControl('with', body.rest.slice(4), where)];
        return { n: kind, pipe, body: body.nodes, else: elseNodes };
      }
      const e = parseList(['end']);
      elseNodes = e.nodes;
    }
    return { n: kind, pipe, body: body.nodes, else: elseNodes };
  };
  const top = parseList([]);
  return top.nodes;
}

/** End of an action: the first "}}" outside a quoted string. */
function findClose(src: string, from: number): number {
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

// ---------------------------------------------------------------- values

function isMap(v: TValue): v is { [k: string]: JsonValue } {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof GoInt);
}

function goType(v: TValue): string {
  if (v === undefined || v === null) return '<nil>';
  if (v instanceof GoInt) return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** fmt's %v. */
function fmtValue(v: TValue): string {
  if (v === undefined || v === null) return '<nil>';
  if (v instanceof GoInt) return String(v.v);
  if (typeof v === 'number') return formatFloatG(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(fmtValue).join(' ')}]`;
  return `map[${Object.keys(v).sort().map((k) => `${k}:${fmtValue(v[k])}`).join(' ')}]`;
}

/** How text/template prints a pipeline's result. */
function printResult(v: TValue): string {
  if (v === undefined || v === null) return '<no value>';
  return fmtValue(v);
}

function truth(v: TValue): boolean {
  if (v === undefined || v === null) return false;
  if (v instanceof GoInt) return v.v !== 0;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

function num(v: TValue): number | null {
  if (v instanceof GoInt) return v.v;
  if (typeof v === 'number') return v;
  return null;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
function sprint(args: TValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += fmtValue(a);
  });
  return out;
}

function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const named: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
    if (named[ch]) out += named[ch];
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** strconv.QuoteRune, for %q of an integer. */
function quoteRune(cp: number): string {
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 39: "\\'", 92: '\\\\' };
  if (named[cp]) return `'${named[cp]}'`;
  if (cp < 0x20 || cp === 0x7f) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "'\uFFFD'";
  return `'${String.fromCodePoint(cp)}'`;
}

function sprintf(format: string, args: TValue[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^([-+# 0]*)(\d*)(?:\.(\d*))?([a-zA-Z%])/.exec(format.slice(i + 1));
    if (!m) {
      out += '%!(NOVERB)';
      continue;
    }
    i += m[0].length;
    const [, flags, width, prec, verb] = m;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const a = args[argi++];
    const n = num(a);
    let s: string;
    const bad = () => `%!${verb}(${goType(a)}=${fmtValue(a)})`;
    switch (verb) {
      case 'v':
      case 's':
        s = verb === 's' && typeof a !== 'string' && !(a === null || a === undefined) && typeof a !== 'object' ? bad() : fmtValue(a);
        if (verb === 's' && (a === null || a === undefined)) s = '%!s(<nil>)';
        break;
      case 'q':
        s = typeof a === 'string' ? goQuote(a) : a instanceof GoInt ? quoteRune(a.v) : bad();
        break;
      case 'd':
        s = a instanceof GoInt ? String(a.v) : bad();
        break;
      case 't':
        s = typeof a === 'boolean' ? String(a) : bad();
        break;
      case 'f':
      case 'F':
        s = n === null || a instanceof GoInt ? bad() : n.toFixed(prec === undefined ? 6 : Number(prec || 0));
        break;
      case 'e':
        s = n === null || a instanceof GoInt ? bad() : n.toExponential(prec === undefined ? 6 : Number(prec || 0)).replace(/e([+-])(\d)$/, 'e$10$2');
        break;
      case 'g':
        s = n === null || a instanceof GoInt ? bad() : formatFloatG(n);
        break;
      case 'x':
      case 'X':
        if (a instanceof GoInt) s = a.v.toString(16);
        else if (typeof a === 'string') s = Buffer.from(a, 'utf8').toString('hex');
        else s = bad();
        if (verb === 'X') s = s.toUpperCase();
        break;
      default:
        s = bad();
    }
    const w = width ? Number(width) : 0;
    if (s.length < w) {
      if (flags.includes('-')) s = s.padEnd(w, ' ');
      else if (flags.includes('0') && verb !== 's' && verb !== 'q' && verb !== 'v') {
        const neg = s.startsWith('-');
        s = (neg ? '-' : '') + s.slice(neg ? 1 : 0).padStart(w - (neg ? 1 : 0), '0');
      } else s = s.padStart(w, ' ');
    }
    out += s;
  }
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => `${goType(a)}=${fmtValue(a)}`).join(', ')})`;
  return out;
}

// ---------------------------------------------------------------- functions

type Fn = (args: TValue[], name: string) => TValue;

function wantString(v: TValue, fn: string, i: number): string {
  if (typeof v === 'string') return v;
  throw new TemplateError(`error calling ${fn}: wrong type for value; expected string; got ${goType(v)} (argument ${i})`);
}

function wantInt(v: TValue, fn: string, i: number): number {
  if (v instanceof GoInt) return v.v;
  throw new TemplateError(`error calling ${fn}: wrong type for value; expected int; got ${goType(v)} (argument ${i})`);
}

/** sprig's strval: strings as-is, nil as "", everything else through %v. */
function strval(v: TValue): string {
  if (v === undefined || v === null) return '';
  return fmtValue(v);
}

function arity(name: string, args: TValue[], n: number): void {
  if (args.length !== n) throw new TemplateError(`wrong number of args for ${name}: want ${n} got ${args.length}`);
}

function compareBasic(a: TValue, b: TValue, name: string): number {
  const an = num(a);
  const bn = num(b);
  if (an !== null && bn !== null && (a instanceof GoInt) === (b instanceof GoInt)) return an < bn ? -1 : an > bn ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean' && (name === 'eq' || name === 'ne')) return a === b ? 0 : 1;
  if (a === undefined || a === null || b === undefined || b === null) {
    if (name === 'eq' || name === 'ne') return a === b || ((a === null || a === undefined) && (b === null || b === undefined)) ? 0 : 1;
  }
  throw new TemplateError(`error calling ${name}: incompatible types for comparison`);
}

const FUNCS: Record<string, Fn> = {
  print: (args) => sprint(args),
  println: (args) => args.map(fmtValue).join(' ') + '\n',
  printf: (args, n) => {
    if (args.length < 1) throw new TemplateError(`wrong number of args for ${n}: want at least 1 got 0`);
    return sprintf(wantString(args[0], n, 0), args.slice(1));
  },
  not: (args, n) => {
    arity(n, args, 1);
    return !truth(args[0]);
  },
  len: (args, n) => {
    arity(n, args, 1);
    const v = args[0];
    if (typeof v === 'string') return new GoInt(Buffer.byteLength(v, 'utf8'));
    if (Array.isArray(v)) return new GoInt(v.length);
    if (isMap(v)) return new GoInt(Object.keys(v).length);
    throw new TemplateError(`error calling len: len of type ${goType(v)}`);
  },
  index: (args) => {
    let v = args[0];
    for (const k of args.slice(1)) {
      if (Array.isArray(v)) {
        const i = num(k);
        if (i === null || !Number.isInteger(i)) throw new TemplateError('error calling index: cannot index slice/array with type ' + goType(k));
        if (i < 0 || i >= v.length) throw new TemplateError(`error calling index: index out of range: ${i}`);
        v = v[i];
      } else if (isMap(v)) {
        if (typeof k !== 'string') throw new TemplateError(`error calling index: value has type ${goType(k)}; should be string`);
        v = Object.prototype.hasOwnProperty.call(v, k) ? v[k] : null;
      } else if (v === undefined || v === null) {
        throw new TemplateError('error calling index: index of untyped nil');
      } else {
        throw new TemplateError(`error calling index: can't index item of type ${goType(v)}`);
      }
    }
    return v;
  },
  eq: (args, n) => {
    if (args.length < 2) throw new TemplateError(`missing argument for comparison`);
    return args.slice(1).some((b) => compareBasic(args[0], b, n) === 0);
  },
  ne: (args, n) => {
    arity(n, args, 2);
    return compareBasic(args[0], args[1], n) !== 0;
  },
  lt: (args, n) => compareBasic(args[0], args[1], n) < 0,
  le: (args, n) => compareBasic(args[0], args[1], n) <= 0,
  gt: (args, n) => compareBasic(args[0], args[1], n) > 0,
  ge: (args, n) => compareBasic(args[0], args[1], n) >= 0,
  // sprig
  default: (args, n) => {
    if (args.length < 1) throw new TemplateError(`wrong number of args for ${n}: want at least 1 got 0`);
    const given = args.length > 1 ? args[1] : undefined;
    return truth(given) ? given : args[0];
  },
  empty: (args) => !truth(args[0]),
  lower: (args, n) => {
    arity(n, args, 1);
    return wantString(args[0], n, 0).toLowerCase();
  },
  upper: (args, n) => {
    arity(n, args, 1);
    return wantString(args[0], n, 0).toUpperCase();
  },
  title: (args, n) => {
    arity(n, args, 1);
    return title(wantString(args[0], n, 0));
  },
  replace: (args, n) => {
    arity(n, args, 3);
    return wantString(args[2], n, 2).split(wantString(args[0], n, 0)).join(wantString(args[1], n, 1));
  },
  trim: (args, n) => {
    arity(n, args, 1);
    return wantString(args[0], n, 0).replace(/^\s+|\s+$/gu, '');
  },
  trimAll: (args, n) => {
    arity(n, args, 2);
    const cut = new Set(Array.from(wantString(args[0], n, 0)));
    const chars = Array.from(wantString(args[1], n, 1));
    let a = 0;
    let b = chars.length;
    while (a < b && cut.has(chars[a])) a++;
    while (b > a && cut.has(chars[b - 1])) b--;
    return chars.slice(a, b).join('');
  },
  trimPrefix: (args, n) => {
    arity(n, args, 2);
    const p = wantString(args[0], n, 0);
    const s = wantString(args[1], n, 1);
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  trimSuffix: (args, n) => {
    arity(n, args, 2);
    const p = wantString(args[0], n, 0);
    const s = wantString(args[1], n, 1);
    return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  },
  snakecase: (args, n) => {
    arity(n, args, 1);
    return snakeCase(wantString(args[0], n, 0));
  },
  camelcase: (args, n) => {
    arity(n, args, 1);
    return pascalCase(wantString(args[0], n, 0));
  },
  kebabcase: (args, n) => {
    arity(n, args, 1);
    return kebabCase(wantString(args[0], n, 0));
  },
  substr: (args, n) => {
    arity(n, args, 3);
    const start = wantInt(args[0], n, 0);
    const end = wantInt(args[1], n, 1);
    const s = wantString(args[2], n, 2);
    // sprig works on bytes; names are ASCII in practice.
    if (start < 0) return s.slice(0, end);
    if (end < 0 || end > s.length) return s.slice(start);
    return s.slice(start, end);
  },
  trunc: (args, n) => {
    arity(n, args, 2);
    const c = wantInt(args[0], n, 0);
    const s = wantString(args[1], n, 1);
    if (c < 0 && s.length + c > 0) return s.slice(s.length + c);
    if (c >= 0 && s.length > c) return s.slice(0, c);
    return s;
  },
  contains: (args, n) => {
    arity(n, args, 2);
    return wantString(args[1], n, 1).includes(wantString(args[0], n, 0));
  },
  hasPrefix: (args, n) => {
    arity(n, args, 2);
    return wantString(args[1], n, 1).startsWith(wantString(args[0], n, 0));
  },
  hasSuffix: (args, n) => {
    arity(n, args, 2);
    return wantString(args[1], n, 1).endsWith(wantString(args[0], n, 0));
  },
  quote: (args) => args.filter((a) => a !== undefined && a !== null).map((a) => goQuote(strval(a))).join(' '),
  squote: (args) => args.filter((a) => a !== undefined && a !== null).map((a) => `'${strval(a)}'`).join(' '),
  join: (args, n) => {
    arity(n, args, 2);
    const sep = wantString(args[0], n, 0);
    const v = args[1];
    if (Array.isArray(v)) return v.map((x) => strval(x)).join(sep);
    return strval(v);
  },
  splitList: (args, n) => {
    arity(n, args, 2);
    return wantString(args[1], n, 1).split(wantString(args[0], n, 0));
  },
  toString: (args: TValue[], n: string) => {
    arity(n, args, 1);
    return strval(args[0]);
  },
  trimall: (args, n) => FUNCS.trimAll(args, n),
  repeat: (args, n) => {
    arity(n, args, 2);
    return wantString(args[1], n, 1).repeat(Math.max(0, wantInt(args[0], n, 0)));
  },
  nospace: (args, n) => {
    arity(n, args, 1);
    return wantString(args[0], n, 0).replace(/\s+/gu, '');
  },
  cat: (args) => args.filter((a) => a !== undefined && a !== null).map(strval).join(' '),
  coalesce: (args) => args.find((a) => truth(a)) ?? null,
  ternary: (args, n) => {
    arity(n, args, 3);
    const cond = args[2];
    if (typeof cond !== 'boolean') {
      throw new TemplateError(`error calling ${n}: wrong type for value; expected bool; got ${goType(cond)} (argument 2)`);
    }
    return cond ? args[0] : args[1];
  },
  sha256sum: (args, n) => {
    arity(n, args, 1);
    return createHash('sha256').update(wantString(args[0], n, 0), 'utf8').digest('hex');
  },
  b64enc: (args, n) => {
    arity(n, args, 1);
    return Buffer.from(wantString(args[0], n, 0), 'utf8').toString('base64');
  },
  base: (args, n) => {
    arity(n, args, 1);
    return posix.basename(wantString(args[0], n, 0)) || '.';
  },
  dir: (args, n) => {
    arity(n, args, 1);
    return posix.dirname(wantString(args[0], n, 0));
  },
  ext: (args, n) => {
    arity(n, args, 1);
    return posix.extname(wantString(args[0], n, 0));
  },
  env: (args, n) => {
    arity(n, args, 1);
    return process.env[wantString(args[0], n, 0)] ?? '';
  },
};

// ---------------------------------------------------------------- execution

class Exec {
  private vars: Array<[string, TValue]> = [];

  constructor(private readonly name: string, root: TValue) {
    this.vars.push(['$', root]);
  }

  private err(pipe: Pipe, msg: string, cmd?: Cmd): TemplateError {
    if (cmd?.pos !== undefined) return new TemplateError(`template: ${this.name}:${cmd.pos}: executing "${this.name}" at <${cmd.src}>: ${msg}`);
    return new TemplateError(`template: ${this.name}: executing "${this.name}" at <${pipe.src}>: ${msg}`);
  }

  private lookupVar(name: string, pipe: Pipe): TValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i][0] === name) return this.vars[i][1];
    throw this.err(pipe, `undefined variable: ${name}`);
  }

  private field(v: TValue, names: string[], pipe: Pipe): TValue {
    let cur = v;
    for (const name of names) {
      if (cur === undefined) return undefined; // no value stays no value
      if (cur === null) throw this.err(pipe, `nil pointer evaluating interface {}.${name}`);
      if (!isMap(cur)) throw this.err(pipe, `can't evaluate field ${name} in type ${cur instanceof GoInt ? 'int' : 'interface {}'}`);
      cur = Object.prototype.hasOwnProperty.call(cur, name) ? cur[name] : undefined;
    }
    return cur;
  }

  private arg(a: Arg, dot: TValue, pipe: Pipe): TValue {
    switch (a.k) {
      case 'field':
        return this.field(dot, a.names, pipe);
      case 'var':
        return this.field(this.lookupVar(a.name, pipe), a.names, pipe);
      case 'const':
        return a.v;
      case 'nil':
        throw this.err(pipe, 'nil is not a command');
      case 'pipe':
        return this.field(this.pipe(a.pipe, dot), a.names, pipe);
      case 'ident': {
        if (!Object.hasOwn(FUNCS, a.name) && a.name !== 'and' && a.name !== 'or') {
          throw new TemplateError(`template: ${this.name}: function "${a.name}" not defined`);
        }
        return this.call(a.name, [], dot, pipe, undefined, false);
      }
    }
  }

  private call(name: string, argNodes: Arg[], dot: TValue, pipe: Pipe, final: TValue, hasFinal: boolean, cmd?: Cmd): TValue {
    if (name === 'and' || name === 'or') {
      const total = argNodes.length + (hasFinal ? 1 : 0);
      if (total < 1) throw this.err(pipe, `wrong number of args for ${name}: want at least 1 got 0`);
      let v: TValue = undefined;
      for (let i = 0; i < total; i++) {
        v = i < argNodes.length ? this.arg(argNodes[i], dot, pipe) : final;
        if (truth(v) === (name === 'or')) return v;
      }
      return v;
    }
    const fn = Object.hasOwn(FUNCS, name) ? FUNCS[name] : undefined;
    if (!fn) throw new TemplateError(`template: ${this.name}: function "${name}" not defined`);
    const args = argNodes.map((a) => {
      if (a.k === 'nil') return null;
      return this.arg(a, dot, pipe);
    });
    if (hasFinal) args.push(final);
    try {
      return fn(args, name);
    } catch (e) {
      if (e instanceof TemplateError && !e.message.startsWith('template:')) {
        // Go names the function alone for a wrong argument count, the whole command otherwise.
        const at = cmd && e.message.startsWith('wrong number of args') ? { ...cmd, src: name } : cmd;
        throw this.err(pipe, e.message, at);
      }
      throw e;
    }
  }

  pipe(p: Pipe, dot: TValue): TValue {
    let value: TValue = undefined;
    p.cmds.forEach((cmd, i) => {
      const hasFinal = i > 0;
      const first = cmd.args[0];
      if (first.k === 'ident') {
        value = this.call(first.name, cmd.args.slice(1), dot, p, value, hasFinal, cmd);
      } else {
        if (cmd.args.length > 1 || hasFinal) {
          const what = first.k === 'field' && first.names.length ? first.names[first.names.length - 1] : first.k;
          throw this.err(p, first.k === 'field' || first.k === 'var' ? `${what} is not a method but has arguments` : `can't give argument to non-function ${what}`);
        }
        if (first.k === 'nil') throw this.err(p, 'nil is not a command');
        value = this.arg(first, dot, p);
      }
    });
    // Interfaces are unwrapped at the end of a pipeline: a nil becomes "no value".
    if (value === null) value = undefined;
    if (p.decl.length) {
      if (p.assign) {
        const idx = this.vars.map((v) => v[0]).lastIndexOf(p.decl[0]);
        if (idx < 0) throw this.err(p, `undefined variable: ${p.decl[0]}`);
        this.vars[idx][1] = value;
      } else {
        this.vars.push([p.decl[0], value]);
      }
    }
    return value;
  }

  run(nodes: Node[], dot: TValue): string {
    let out = '';
    for (const node of nodes) {
      switch (node.n) {
        case 'text':
          out += node.s;
          break;
        case 'action': {
          const v = this.pipe(node.pipe, dot);
          if (node.pipe.decl.length === 0) out += printResult(v);
          break;
        }
        case 'if':
        case 'with': {
          const mark = this.vars.length;
          const v = this.pipe(node.pipe, dot);
          if (truth(v)) out += this.run(node.body, node.n === 'with' ? v : dot);
          else out += this.run(node.else, dot);
          this.vars.length = mark;
          break;
        }
        case 'range': {
          const mark = this.vars.length;
          const decl = node.pipe.decl;
          const v = this.pipe({ ...node.pipe, decl: [] }, dot);
          const entries: Array<[TValue, TValue]> = Array.isArray(v)
            ? v.map((x, i) => [new GoInt(i), x])
            : isMap(v)
              ? Object.keys(v).sort().map((k) => [k, v[k]])
              : [];
          if (v !== undefined && v !== null && !Array.isArray(v) && !isMap(v)) {
            throw this.err(node.pipe, `range can't iterate over ${fmtValue(v)}`);
          }
          if (entries.length === 0) out += this.run(node.else, dot);
          for (const [k, x] of entries) {
            const inner = this.vars.length;
            if (decl.length === 1) this.vars.push([decl[0], x]);
            else if (decl.length === 2) this.vars.push([decl[0], k], [decl[1], x]);
            out += this.run(node.body, x);
            this.vars.length = inner;
          }
          this.vars.length = mark;
          break;
        }
      }
    }
    return out;
  }
}

/**
 * Parses a Go text/template (Tanka's name-format subset) once; the returned
 * function executes it on a JSON value. Throws TemplateError on parse or
 * execution errors.
 */
export function compileTemplate(src: string, name = ''): (data: JsonValue) => string {
  const nodes = parseTemplate(src, name);
  return (data: JsonValue) => new Exec(name, data).run(nodes, data);
}
