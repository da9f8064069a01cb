// JSON rendering of Jsonnet values, byte-identical to go-jsonnet: the CLI's
// output, std.toString / string concatenation, and std.manifestJson*.

import { JArray, JObject, RuntimeError, formatNumber, type Value } from '../value.js';

/** Where in the value we are, for error messages (object+field path). */
export type PathStep = string | number;

/** JSON string literal as go-jsonnet writes it (escapes control chars, DEL and C1 controls). */
export function escapeJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | null = null;
    if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      switch (c) {
        case 0x08:
          esc = '\\b';
          break;
        case 0x0c:
          esc = '\\f';
          break;
        case 0x0a:
          esc = '\\n';
          break;
        case 0x0d:
          esc = '\\r';
          break;
        case 0x09:
          esc = '\\t';
          break;
        default:
          esc = '\\u' + c.toString(16).padStart(4, '0');
      }
    }
    if (esc !== null) {
      if (i > start) out += s.slice(start, i);
      out += esc;
      start = i + 1;
    }
  }
  if (start < s.length) out += s.slice(start);
  return out + '"';
}

/** The layout knobs of a JSON rendering. */
export interface JsonStyle {
  indent: string; // per level; '' with newline '' for single-line forms
  newline: string;
  keyValSep: string;
  itemSep: string; // between items, before the newline (',' or ', ')
  emptyArray: string; // e.g. '[ ]' or '[\n\n]' style (computed per level when null)
  emptyObject: string;
  /** std.manifestJsonEx renders empty containers as open, two newlines, close. */
  emptyAsBlock: boolean;
}

function describePath(path: PathStep[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s;
}

/** Renders `v` with `style`; `curIndent` is the indentation of the current line. */
export function renderJson(v: Value, style: JsonStyle, curIndent = '', path: PathStep[] = []): string {
  const parts: string[] = [];
  write(v, style, curIndent, path, parts);
  return parts.join('');
}

function write(v: Value, style: JsonStyle, curIndent: string, path: PathStep[], out: string[]): void {
  if (v === null) {
    out.push('null');
    return;
  }
  switch (typeof v) {
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'number':
      out.push(formatNumber(v));
      return;
    case 'string':
      out.push(escapeJsonString(v));
      return;
  }
  if (v instanceof JArray) {
    if (v.length === 0) {
      out.push(style.emptyAsBlock ? `[${style.newline}${style.newline}${curIndent}]` : style.emptyArray);
      return;
    }
    const inner = curIndent + style.indent;
    out.push('[', style.newline);
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(style.itemSep, style.newline);
      out.push(inner);
      path.push(i);
      write(v.get(i), style, inner, path, out);
      path.pop();
    }
    out.push(style.newline, curIndent, ']');
    return;
  }
  if (v instanceof JObject) {
    v.checkAsserts();
    const fields = v.visibleFields();
    if (fields.length === 0) {
      out.push(style.emptyAsBlock ? `{${style.newline}${style.newline}${curIndent}}` : style.emptyObject);
      return;
    }
    const inner = curIndent + style.indent;
    out.push('{', style.newline);
    for (let i = 0; i < fields.length; i++) {
      const k = fields[i];
      if (i > 0) out.push(style.itemSep, style.newline);
      out.push(inner, escapeJsonString(k), style.keyValSep);
      path.push(k);
      write(v.get(k), style, inner, path, out);
      path.pop();
    }
    out.push(style.newline, curIndent, '}');
    return;
  }
  const where = path.length > 0 ? ` (at ${describePath(path)})` : '';
  throw new RuntimeError(`couldn't manifest function as JSON${where}`);
}

/** The CLI's output style: 3 spaces, `[ ]` / `{ }` for empty containers. */
export const CLI_STYLE: JsonStyle = {
  indent: '   ',
  newline: '\n',
  keyValSep: ': ',
  itemSep: ',',
  emptyArray: '[ ]',
  emptyObject: '{ }',
  emptyAsBlock: false,
};

/** std.toString's single-line style. */
export const TO_STRING_STYLE: JsonStyle = {
  indent: '',
  newline: '',
  keyValSep: ': ',
  itemSep: ', ',
  emptyArray: '[ ]',
  emptyObject: '{ }',
  emptyAsBlock: false,
};

/** std.manifestJsonMinified. */
export const MINIFIED_STYLE: JsonStyle = {
  indent: '',
  newline: '',
  keyValSep: ':',
  itemSep: ',',
  emptyArray: '[]',
  emptyObject: '{}',
  emptyAsBlock: false,
};

/** The `jsonnet` command's default output, with the trailing newline. */
export function manifestJsonOutput(v: Value): string {
  return renderJson(v, CLI_STYLE) + '\n';
}

/** std.toString / `+` with a string: strings as they are, the rest as one-line JSON. */
export function toStringValue(v: Value): string {
  if (typeof v === 'string') return v;
  return renderJson(v, TO_STRING_STYLE);
}
