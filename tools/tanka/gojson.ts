// JSON text as Go's encoding/json writes it: what `tk eval`, `tk env list --json`,
// manifest.json and the `tanka.dev/environment` ext code look like.
// Differences from JSON.stringify: `<`, `>`, `&`, U+2028 and U+2029 are escaped
// (HTML-safe, the encoding/json default), `\b`/`\f` use short escapes, and -0 stays -0.

import type { JsonValue } from '../jsonnet/api.js';

/** A JSON object whose keys keep their insertion order (Go structs); plain objects are sorted (Go maps). */
export class Ordered {
  constructor(readonly entries: [string, GoJson][]) {}
}
export type GoJson = JsonValue | Ordered | GoJson[] | { [k: string]: GoJson } | undefined;

function goNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN'}`);
  if (Object.is(n, -0)) return '-0';
  // JS switches to exponent form at the same thresholds as encoding/json (< 1e-6, >= 1e21)
  // and writes the exponent without zero padding, as encoding/json's clean-up does.
  return String(n);
}

function goString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22: out += '\\"'; continue;
      case 0x5c: out += '\\\\'; continue;
      case 0x0a: out += '\\n'; continue;
      case 0x0d: out += '\\r'; continue;
      case 0x09: out += '\\t'; continue;
      case 0x08: out += '\\b'; continue;
      case 0x0c: out += '\\f'; continue;
    }
    if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // a lone surrogate is invalid UTF-8 in Go: it becomes U+FFFD
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += s[i] + s[i + 1];
        i++;
      } else out += '\ufffd';
    } else out += s[i];
  }
  return out + '"';
}

/** json.Marshal (indent '') or json.MarshalIndent(v, '', indent). Sorted keys for plain objects. */
export function goMarshal(v: GoJson, indent = ''): string {
  return write(v, indent, '');
}

function write(v: GoJson, indent: string, cur: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'string') return goString(v);
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
  return '{' + nl + entries.map(([k, e]) => inner + goString(k) + sep + write(e, indent, inner)).join(',' + nl) + nl + cur + '}';
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

/** Go's byte-wise string order (UTF-8 order equals code point order). */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.length, lb = b.length;
  for (let i = 0, n = Math.min(la, lb); i < n; i++) {
    const ca = a.codePointAt(i)!, cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return la < lb ? -1 : la > lb ? 1 : 0;
}
