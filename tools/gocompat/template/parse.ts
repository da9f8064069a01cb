// text/template's parser: the template split into text and actions (with the `{{-` / `-}}` trim
// markers), pipelines of commands, and the if / with / range / else / end structure.

import { isFunction } from './funcmap.js';
import { findClose, lexAction, type Span, type Tok } from './lex.js';
import { GoInt, TemplateError, type TValue } from './value.js';


export type Arg =
  | { k: 'field'; names: string[] }
  | { k: 'var'; name: string; names: string[] }
  | { k: 'ident'; name: string }
  | { k: 'const'; v: TValue }
  | { k: 'nil' }
  | { k: 'pipe'; pipe: Pipe; names: string[] };

export interface Cmd {
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

export interface Pipe {
  decl: string[];
  assign: boolean;
  cmds: Cmd[];
  src: string;
}

export type Node =
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
        if (!isFunction(t.name)) {
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

export function parseTemplate(src: string, name: string): Node[] {
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
