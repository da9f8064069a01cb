// The other text formats of the standard library: Python literals, INI,
// XML from JsonML, TOML; and the string escapers. Each follows go-jsonnet
// (std.jsonnet for Python/INI/XML/escapes, its native builtin for TOML).

import { JArray, JObject, RuntimeError, force, formatNumber, typeOf, type LazyValue, type Value } from '../value.js';
import { asObject } from '../std/util.js';
import { goStdFrameAt } from '../std/go-std-frames.js';
import { goPath } from './args.js';
import { escapeJsonString, toStringValue } from './json.js';

// ---------------------------------------------------------------------------
// Escapes

/** std.escapeStringJson (also std.escapeStringPython): toString, then a JSON string literal. */
export function escapeStringJson(v: Value): string {
  return escapeJsonString(toStringValue(v));
}

/** std.escapeStringBash: single quotes, with each ' written as '"'"'. */
export function escapeStringBash(v: Value): string {
  return "'" + toStringValue(v).replaceAll("'", `'"'"'`) + "'";
}

/** std.escapeStringDollars: $ doubled. */
export function escapeStringDollars(v: Value): string {
  return toStringValue(v).replaceAll('$', '$$$$');
}

const XML_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/** std.escapeStringXml. */
export function escapeStringXml(v: Value): string {
  return toStringValue(v).replace(/[<>&"']/g, (c) => XML_ESCAPES[c]);
}

// ---------------------------------------------------------------------------
// Python

/** std.manifestPython: a Python literal (True/False/None, sorted dict keys). */
export function manifestPython(v: Value): string {
  if (v === null) return 'None';
  switch (typeof v) {
    case 'boolean':
      return v ? 'True' : 'False';
    case 'number':
      return formatNumber(v);
    case 'string':
      return escapeJsonString(v);
  }
  if (v instanceof JObject) {
    const parts = v.visibleFields().map((k) => `${escapeJsonString(k)}: ${manifestPython(v.get(k))}`);
    return `{${parts.join(', ')}}`;
  }
  if (v instanceof JArray) return `[${v.values().map(manifestPython).join(', ')}]`;
  throw new RuntimeError('cannot manifest function');
}

/** std.manifestPythonVars: one `name = literal` line per visible field. */
export function manifestPythonVars(conf: Value): string {
  const o = asObject(conf);
  const lines = o.visibleFields().map((k) => `${k} = ${manifestPython(o.get(k))}`);
  return lines.concat(['']).join('\n');
}

// ---------------------------------------------------------------------------
// INI

/** One `k = v` line to write: the key and the value, forced only when the line is written. */
type IniLine = [key: string, value: LazyValue];

/**
 * The lines of one body. As in go-jsonnet's std.manifestIni (Jsonnet there), every field's value is
 * evaluated here (to tell arrays from the rest) and written later, once all bodies are read.
 */
function iniBody(body: Value): IniLine[] {
  const o = asObject(body);
  const lines: IniLine[] = [];
  for (const k of o.visibleFields()) {
    const v = o.get(k);
    if (v instanceof JArray) for (const item of v.items) lines.push([k, item]);
    else lines.push([k, v]);
  }
  return lines;
}

/** std.manifestIni({main?: {...}, sections: {name: {...}}}). */
export function manifestIni(ini: Value): string {
  const o = asObject(ini);
  const main = o.has('main') && o.isVisible('main') ? iniBody(o.get('main')) : [];
  const sectionsObj = asObject(o.get('sections'));
  const sections: (IniLine | string)[] = [];
  for (const name of sectionsObj.visibleFields()) sections.push(`[${name}]`, ...iniBody(sectionsObj.get(name)));
  const text = (line: IniLine | string) => (typeof line === 'string' ? line : `${line[0]} = ${toStringValue(force(line[1]))}`);
  return [...main, ...sections].map(text).concat(['']).join('\n');
}

// ---------------------------------------------------------------------------
// XML (JsonML)

function deepJoinPart(v: Value): string {
  if (typeof v === 'string') return v;
  throw new RuntimeError(`Expected string or array, got ${typeOf(v)}`);
}

/** go-jsonnet's error for `v[0]` (its std.manifestXmlJsonml is Jsonnet), at its frame there. */
function tagError(v: Value): RuntimeError {
  const goType = { null: 'valueNull', boolean: 'valueBoolean', number: 'valueNumber', function: 'valueFunction' }[typeOf(v) as 'null'];
  const err = new RuntimeError(
    v instanceof JArray ? 'Index 0 out of bounds, not within [0, 0)' : v instanceof JObject ? 'Unexpected type number, expected string' : `Value non indexable: *jsonnet.${goType}`,
  );
  err.goFrame = goStdFrameAt('1354:23-27 thunk <tag> from <function <aux>>');
  return err;
}

function jsonml(v: Value): string {
  if (typeof v === 'string') return v;
  if (!(v instanceof JArray) || v.length === 0) throw tagError(v);
  const tag = deepJoinPart(v.get(0));
  const second = v.length > 1 ? v.get(1) : null;
  const hasAttrs = second instanceof JObject;
  let attrs = '';
  if (hasAttrs) for (const k of second.visibleFields()) attrs += ` ${k}="${toStringValue(second.get(k))}"`;
  let children = '';
  for (let i = hasAttrs ? 2 : 1; i < v.length; i++) children += jsonml(v.get(i));
  return `<${tag}${attrs}>${children}</${tag}>`;
}

/** std.manifestXmlJsonml: JsonML to XML (attribute values are not escaped, as upstream). */
export function manifestXmlJsonml(value: Value): string {
  if (!(value instanceof JArray)) throw new RuntimeError(`Expected a JSONML value (an array), got ${typeOf(value)}`);
  return jsonml(value);
}

// ---------------------------------------------------------------------------
// TOML

function tomlKey(k: string): string {
  if (k === '') return "''";
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : escapeJsonString(k);
}

/** Tables and arrays of tables become sections; everything else is a key = value line. */
function isSection(v: Value): boolean {
  if (v instanceof JObject) return true;
  if (!(v instanceof JArray) || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (!(v.get(i) instanceof JObject)) return false;
  return true;
}

function tomlValue(v: Value, indent: string, path: (string | number)[], inline: boolean): string {
  if (v === null) throw new RuntimeError(`Tried to manifest "null" at ${goPath(path)}`);
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatNumber(v);
    case 'string':
      return escapeJsonString(v);
  }
  if (v instanceof JArray) {
    if (v.length === 0) return '[]';
    const itemIndent = inline ? '' : indent;
    const sep = inline ? ' ' : '\n';
    let res = '[' + sep;
    for (let i = 0; i < v.length; i++) {
      if (i > 0) res += ',' + sep;
      res += itemIndent + tomlValue(v.get(i), indent, [...path, i], true);
    }
    return res + sep + ']';
  }
  if (v instanceof JObject) {
    const parts = v.visibleFields().map((k) => `${tomlKey(k)} = ${tomlValue(v.get(k), indent, [...path, k], true)}`);
    return `{ ${parts.join(', ')} }`;
  }
  throw new RuntimeError(`Tried to manifest function at ${goPath(path)}`);
}

function tomlHeader(open: string, close: string, path: string[], cindent: string): string {
  return cindent + open + path.map(tomlKey).join('.') + close;
}

function tomlTable(v: JObject, indent: string, path: string[], indexed: (string | number)[], cindent: string): string {
  const fields: string[] = [];
  const sections: string[] = [''];
  for (const k of v.visibleFields()) {
    const fv = v.get(k);
    const childIndexed = [...indexed, k];
    if (!isSection(fv)) {
      fields.push(...`${tomlKey(k)} = ${tomlValue(fv, indent, childIndexed, false)}`.split('\n'));
      continue;
    }
    const childPath = [...path, k];
    if (fv instanceof JObject) {
      const head = tomlHeader('[', ']', childPath, cindent) + (fv.visibleFields().length > 0 ? '\n' : '');
      sections.push(head + tomlTable(fv, indent, childPath, childIndexed, cindent + indent));
    } else {
      const arr = fv as JArray;
      const parts: string[] = [];
      for (let i = 0; i < arr.length; i++) {
        const t = arr.get(i) as JObject;
        const head = tomlHeader('[[', ']]', childPath, cindent) + (t.visibleFields().length > 0 ? '\n' : '');
        parts.push(head + tomlTable(t, indent, childPath, [...childIndexed, i], cindent + indent));
      }
      sections.push(parts.join('\n\n'));
    }
  }
  return (fields.length > 0 ? cindent : '') + fields.join('\n' + cindent) + sections.join('\n\n');
}

/** std.manifestTomlEx(value, indent). */
export function manifestTomlEx(value: Value, indent: string): string {
  if (!(value instanceof JObject)) throw new RuntimeError(`TOML body must be an object. Got ${typeOf(value)}`);
  return tomlTable(value, indent, [], [], '');
}
