// Go's encoding/json where the toolkit must write what Go writes: `tk eval`, `tk env list --json`,
// manifest.json, the `tanka.dev/environment` ext code (json.Marshal, HTML-safe) and Jsonnet's
// std.manifestJsonEx (go-jsonnet encodes strings with SetEscapeHTML(false)).
// Differences from JSON.stringify: U+2028 and U+2029 are escaped, and `<`, `>`, `&` too when
// HTML-safe (the encoding/json default); a lone surrogate (invalid UTF-8 in Go) becomes `\ufffd`;
// -0 stays -0; plain objects (Go maps) are written with sorted keys.

import { compareBytes } from './strings.js';

/** A value as JSON decodes it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object whose keys keep their insertion order (Go structs); plain objects are sorted (Go maps). */
export class Ordered {
  constructor(readonly entries: [string, GoJson][]) {}
}
export type GoJson = JsonValue | Ordered | GoJson[] | { [k: string]: GoJson } | undefined;

const HEX = '0123456789abcdef';

/** The JSON escape of one UTF-16 unit: a short form where JSON has one, else \uXXXX. */
export function escapeJsonChar(c: number): string {
  switch (c) {
    case 0x22: return '\\"';
    case 0x5c: return '\\\\';
    case 0x08: return '\\b'; // Go >= 1.22 writes \b and \f short
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
  }
  return '\\u' + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
}

// What encoding/json escapes, plus the surrogates to check for pairs.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;
const NEEDS_ESCAPE_HTML = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

/** A JSON string literal as encoding/json writes it; `escapeHTML` as Encoder.SetEscapeHTML. */
export function quoteJson(s: string, escapeHTML: boolean): string {
  if (!(escapeHTML ? NEEDS_ESCAPE_HTML : NEEDS_ESCAPE).test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x2028 || c === 0x2029) esc = escapeJsonChar(c);
    else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) esc = escapeJsonChar(c);
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      esc = '\\ufffd'; // invalid UTF-8 on Go's side
    } else continue;
    if (i > start) out += s.slice(start, i);
    out += esc;
    start = i + 1;
  }
  if (start < s.length) out += s.slice(start);
  return out + '"';
}

function goNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN'}`);
  if (Object.is(n, -0)) return '-0';
  // JS switches to exponent form at the same thresholds as encoding/json (< 1e-6, >= 1e21)
  // and writes the exponent without zero padding, as encoding/json's clean-up does.
  return String(n);
}

/** json.Marshal (indent '') or json.MarshalIndent(v, '', indent). Sorted keys for plain objects. */
export function goMarshal(v: GoJson, indent = ''): string {
  return write(v, indent, '');
}

function write(v: GoJson, indent: string, cur: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'string') return quoteJson(v, true);
  const inner = cur + indent;
  const nl = indent ? '\n' : '';
  const sep = indent ? ': ' : ':';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + nl + v.map((e) => inner + write(e, indent, inner)).join(',' + nl) + nl + cur + ']';
  }
  let entries: [string, GoJson][];
  if (v instanceof Ordered) entries = v.entries.filter(([, e]) => e !== undefined);
  else {
    const keys = Object.keys(v).sort(compareBytes);
    entries = keys.map((k) => [k, (v as Record<string, GoJson>)[k]]);
  }
  if (entries.length === 0) return '{}';
  return '{' + nl + entries.map(([k, e]) => inner + quoteJson(k, true) + sep + write(e, indent, inner)).join(',' + nl) + nl + cur + '}';
}

/** encoding/json's nesting limit when it reads. */
const MAX_JSON_DEPTH = 10_000;

/**
 * tk reads the JSON text of an evaluation back with encoding/json, which refuses nesting deeper than
 * 10,000 levels: Go's error for `v`, or null. Walks without recursion: first whether anything is
 * that deep at all, then (rarely) which bracket Go's reader meets first, in the order go-jsonnet
 * writes the text (object keys sorted).
 */
export function goJsonDepthError(v: JsonValue): string | null {
  const pending: [JsonValue, number][] = [[v, 1]];
  let tooDeep = false;
  while (pending.length > 0 && !tooDeep) {
    const [x, depth] = pending.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) tooDeep = true;
    else for (const c of Array.isArray(x) ? x : Object.values(x)) if (c !== null && typeof c === 'object') pending.push([c, depth + 1]);
  }
  if (!tooDeep) return null;
  pending.length = 0;
  pending.push([v, 1]);
  for (;;) {
    const [x, depth] = pending.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) return `invalid character '${Array.isArray(x) ? '[' : '{'}' exceeded max depth`;
    const children = Array.isArray(x) ? x : Object.keys(x).sort(compareBytes).map((k) => x[k]);
    for (let i = children.length - 1; i >= 0; i--) pending.push([children[i], depth + 1]);
  }
}
