// std.manifestYamlDoc / std.manifestYamlStream, as go-jsonnet's native
// builtin renders them (numbers in shortest form without exponent, strings
// ending in a newline as `|` blocks, keys quoted unless quote_keys=false and
// the key is safe bare).

import { JArray, JObject, RuntimeError, typeOf, type Value } from '../value.js';
import { escapeJsonString } from './json.js';
import { formatFloatF } from '../../gocompat/strconv.js';

const YAML_INDENT = '  ';

// Words YAML 1.1 would read as something other than a string (compared case-insensitively).
const RESERVED = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', '.nan', '-.inf', '+.inf', '.inf', 'null', '-', '---', "''"]);
const TIMESTAMP = /^(?:[0-9]*-){2}[0-9]*$/;
const BINARY = /^[-+]?0b[0-1_]+$/;
const HEX = /[-+]?0x[0-9a-fA-F_]+/; // unanchored, as go-jsonnet has it
const SAFE_CHARS = /^[A-Za-z0-9_\-/.]+$/;

/** Go's strconv underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(s[1].toLowerCase())) {
    i = 2;
    saw = '0';
    hex = s[1].toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-f]/i.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** Would Go's strconv.ParseFloat(s, 64) succeed without error? (Hex forms are caught by HEX first.) */
function goParsesFloat(s: string): boolean {
  if (/^[+-]?(inf|infinity)$/i.test(s) || /^nan$/i.test(s)) return true;
  if (s.includes('_') && !underscoreOK(s)) return false;
  const plain = s.replace(/_/g, '');
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(plain)) return false;
  return Number.isFinite(Number(plain)); // out of range is an error (ErrRange) in Go
}

/** Can `key` be written without quotes and still read back as the same string? */
export function yamlBareSafe(key: string): boolean {
  if (!SAFE_CHARS.test(key)) return false;
  if (RESERVED.has(key.toLowerCase())) return false;
  if (TIMESTAMP.test(key)) return false;
  if (BINARY.test(key) || HEX.test(key)) return false;
  if (/^[+-]?[0-9]+$/.test(key)) return false; // an integer (or, out of int64 range, a float)
  if (goParsesFloat(key)) return false;
  return true;
}

/** std.manifestYamlDoc(value, indent_array_in_object=false, quote_keys=true). */
export function manifestYamlDoc(v: Value, indentArrayInObject = false, quoteKeys = true): string {
  const w = new YamlWriter(indentArrayInObject, quoteKeys);
  w.write(v, '', []);
  return w.out;
}

/** Appends to one string: cheaper in V8 than collecting parts or returning substrings. */
class YamlWriter {
  out = '';
  /** Keys repeat a lot in real documents; remember how each one is written. */
  private readonly keyCache = new Map<string, string>();

  constructor(
    private readonly indentArrayInObject: boolean,
    private readonly quoteKeys: boolean,
  ) {}

  private key(k: string): string {
    let out = this.keyCache.get(k);
    if (out === undefined) {
      out = (this.quoteKeys || !yamlBareSafe(k) ? escapeJsonString(k) : k) + ':';
      this.keyCache.set(k, out);
    }
    return out;
  }

  write(v: Value, cindent: string, path: (string | number)[]): void {
    if (v === null) {
      this.out += 'null';
      return;
    }
    switch (typeof v) {
      case 'boolean':
        this.out += v ? 'true' : 'false';
        return;
      case 'number':
        this.out += formatFloatF(v);
        return;
      case 'string': {
        if (v === '') this.out += '""';
        else if (!v.endsWith('\n')) this.out += escapeJsonString(v);
        else {
          const lead = '\n' + cindent + YAML_INDENT;
          this.out += '|' + lead + v.slice(0, -1).split('\n').join(lead);
        }
        return;
      }
    }
    if (v instanceof JArray) {
      const n = v.length;
      if (n === 0) {
        this.out += '[]';
        return;
      }
      const inner = cindent + YAML_INDENT;
      for (let i = 0; i < n; i++) {
        if (i > 0) this.out += '\n' + cindent;
        const elem = v.get(i);
        path.push(i);
        if (elem instanceof JArray) {
          this.out += elem.length > 0 ? '-\n' + inner : '- ';
          this.write(elem, inner, path);
        } else {
          this.out += '- ';
          this.write(elem, elem instanceof JObject ? inner : cindent, path);
        }
        path.pop();
      }
      return;
    }
    if (v instanceof JObject) {
      const fields = v.visibleFields();
      const n = fields.length;
      if (n === 0) {
        this.out += '{}';
        return;
      }
      const inner = cindent + YAML_INDENT;
      for (let i = 0; i < n; i++) {
        const k = fields[i];
        const fv = v.get(k);
        if (i > 0) this.out += '\n' + cindent;
        this.out += this.key(k);
        path.push(k);
        if (fv instanceof JArray && fv.length > 0) {
          const next = this.indentArrayInObject ? inner : cindent;
          this.out += '\n' + next;
          this.write(fv, next, path);
        } else if (fv instanceof JObject && fv.visibleFields().length > 0) {
          this.out += '\n' + inner;
          this.write(fv, inner, path);
        } else {
          this.out += ' ';
          this.write(fv, cindent, path);
        }
        path.pop();
      }
      return;
    }
    // A function: go-jsonnet's native builtin writes nothing at all, and so do we.
  }
}

/** std.manifestYamlStream(value, indent_array_in_object=false, c_document_end=true, quote_keys=true). */
export function manifestYamlStream(
  v: Value,
  indentArrayInObject = false,
  cDocumentEnd = true,
  quoteKeys = true,
): string {
  if (!(v instanceof JArray)) throw new RuntimeError(`manifestYamlStream only takes arrays, got ${typeOf(v)}`);
  const docs = v.values().map((d) => manifestYamlDoc(d, indentArrayInObject, quoteKeys));
  return '---\n' + docs.join('\n---\n') + (cDocumentEnd ? '\n...\n' : '\n');
}
