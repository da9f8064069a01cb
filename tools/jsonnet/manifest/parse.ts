// std.parseJson and std.parseYaml with go-jsonnet's behaviour: Go's
// encoding/json error messages, and YAML read the way go-jsonnet does
// (documents split on `---` lines, each decoded by sigs.k8s.io/yaml, i.e.
// yaml.v2's YAML 1.1 scalar resolution, then converted through JSON).

import { createRequire } from 'node:module';
import type { Document, Node, Scalar } from 'yaml';
import { JArray, JObject, RuntimeError, type LazyValue, type Value } from '../value.js';
import { depthLimitText, isStackOverflow, mentionsStackOverflow } from '../../gocompat/errors.js';
import { resolvePlain, type Resolved } from '../../gocompat/yaml/resolve.js';
import { float32KeyString, goSharpV, type GoMapEntries } from '../../gocompat/yaml/go-values.js';
import { checkDoubleQuoted } from '../../gocompat/yaml/escapes.js';
import { decodeUtf8Go } from '../std/encoding.js';

// ---------------------------------------------------------------------------
// JSON

/** Go's quoteChar: how encoding/json names a byte in a syntax error. */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  if (named[c] !== undefined) return `'${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  // A byte >= 0x80 is shown as the rune U+00XX (Go converts the byte, not the UTF-8 sequence).
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u00${c.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

class JsonSyntaxError extends Error {}

/** Go's encoding/json nesting limit. */
const MAX_DEPTH = 10000;

/** A recursive-descent reader over UTF-8 bytes that reports errors exactly as Go's scanner does. */
class GoJsonReader {
  private pos = 0;
  private depth = 0;
  /** Go checks the syntax of the whole input before decoding, so a number out of range is reported last. */
  private rangeError: string | null = null;
  constructor(private readonly b: Buffer) {}

  private fail(c: number | undefined, context: string): never {
    if (c === undefined) throw new JsonSyntaxError('unexpected end of JSON input');
    throw new JsonSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }

  /**
   * An error inside a literal, number or escape. Go's scanner ends the input by reading one space:
   * where a space is invalid (`tru`, `1.`, `"\u12`) the error names it instead of the end of input.
   */
  private failInToken(c: number | undefined, context: string): never {
    this.fail(c ?? 0x20, context);
  }

  private skipSpace(): void {
    const b = this.b;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  /** Checks the whole input first (as Go's checkValid does), then decodes. */
  parseDocument(): unknown {
    this.skipSpace();
    const v = this.value();
    this.skipSpace();
    if (this.pos < this.b.length) this.fail(this.b[this.pos], 'after top-level value');
    if (this.rangeError !== null) throw new JsonSyntaxError(this.rangeError);
    return v;
  }

  private value(): unknown {
    const c = this.b[this.pos];
    if ((c === 0x7b || c === 0x5b) && ++this.depth > MAX_DEPTH) this.fail(c, 'exceeded max depth');
    switch (c) {
      case 0x7b: {
        const o = this.object();
        this.depth--;
        return o;
      }
      case 0x5b: {
        const a = this.array();
        this.depth--;
        return a;
      }
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e:
        return this.literal('null', null);
    }
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return this.number();
    this.fail(c, 'looking for beginning of value');
  }

  private literal(word: string, v: unknown): unknown {
    for (let i = 1; i < word.length; i++) {
      const c = this.b[this.pos + i];
      if (c !== word.charCodeAt(i)) {
        this.failInToken(c, `in literal ${word} (expecting ${quoteChar(word.charCodeAt(i))})`);
      }
    }
    this.pos += word.length;
    return v;
  }

  private number(): number {
    const b = this.b;
    const start = this.pos;
    const digit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
    if (b[this.pos] === 0x2d) {
      this.pos++;
      if (!digit(b[this.pos])) this.failInToken(b[this.pos], 'in numeric literal');
    }
    if (b[this.pos] === 0x30) this.pos++;
    else while (digit(b[this.pos])) this.pos++;
    if (b[this.pos] === 0x2e) {
      this.pos++;
      if (!digit(b[this.pos])) this.failInToken(b[this.pos], 'after decimal point in numeric literal');
      while (digit(b[this.pos])) this.pos++;
    }
    if (b[this.pos] === 0x65 || b[this.pos] === 0x45) {
      this.pos++;
      if (b[this.pos] === 0x2b || b[this.pos] === 0x2d) this.pos++;
      if (!digit(b[this.pos])) this.failInToken(b[this.pos], 'in exponent of numeric literal');
      while (digit(b[this.pos])) this.pos++;
    }
    const text = b.toString('latin1', start, this.pos);
    const n = Number(text);
    if (!Number.isFinite(n)) this.rangeError ??= `json: cannot unmarshal number ${text} into Go value of type float64`;
    return n;
  }

  private hex4(): number {
    let n = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.b[this.pos];
      const d = c === undefined ? -1 : c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (d < 0) this.failInToken(c, 'in \\u hexadecimal character escape');
      n = n * 16 + d;
      this.pos++;
    }
    return n;
  }

  private string(): string {
    const b = this.b;
    this.pos++; // opening quote
    let out = '';
    let runStart = this.pos;
    const flush = () => {
      if (this.pos > runStart) out += b.toString('utf8', runStart, this.pos);
    };
    for (;;) {
      const c = b[this.pos];
      if (c === undefined) this.fail(undefined, '');
      if (c === 0x22) {
        flush();
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail(c, 'in string literal');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      flush();
      this.pos++;
      const e = b[this.pos];
      const simple: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        this.pos++;
      } else if (e === 0x75) {
        this.pos++;
        const u = this.hex4();
        if (u >= 0xd800 && u <= 0xdbff && b[this.pos] === 0x5c && b[this.pos + 1] === 0x75) {
          const save = this.pos;
          this.pos += 2;
          const lo = this.hex4();
          if (lo >= 0xdc00 && lo <= 0xdfff) out += String.fromCharCode(u, lo);
          else {
            out += '\ufffd';
            this.pos = save;
          }
        } else out += u >= 0xd800 && u <= 0xdfff ? '\ufffd' : String.fromCharCode(u);
      } else this.failInToken(e, 'in string escape code');
      runStart = this.pos;
    }
  }

  private array(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skipSpace();
    if (this.b[this.pos] === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value());
      this.skipSpace();
      const c = this.b[this.pos];
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return out;
      }
      this.fail(c, 'after array element');
    }
  }

  private object(): Map<string, unknown> {
    this.pos++;
    const out = new Map<string, unknown>();
    this.skipSpace();
    if (this.b[this.pos] === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.b[this.pos] !== 0x22) this.fail(this.b[this.pos], 'looking for beginning of object key string');
      const k = this.string();
      this.skipSpace();
      if (this.b[this.pos] !== 0x3a) this.fail(this.b[this.pos], 'after object key');
      this.pos++;
      this.skipSpace();
      out.set(k, this.value()); // a repeated key: the last one wins, as in Go's map
      this.skipSpace();
      const c = this.b[this.pos];
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return out;
      }
      this.fail(c, 'after object key:value pair');
    }
  }
}

/** Plain decoded data (objects as Maps) to Jsonnet values. */
function toValue(x: unknown): Value {
  if (x === null || typeof x === 'boolean' || typeof x === 'number' || typeof x === 'string') return x;
  if (Array.isArray(x)) return JArray.of(x.map(toValue));
  const fields = new Map<string, LazyValue>();
  for (const [k, v] of x as Map<string, unknown>) fields.set(k, toValue(v));
  return JObject.fromMap(fields);
}

/** Plain JSON.parse output to Jsonnet values. */
function fromParsed(x: unknown): Value {
  if (typeof x === 'number' && !Number.isFinite(x)) throw new JsonSyntaxError('out of range'); // Go reports this
  if (x === null || typeof x === 'boolean' || typeof x === 'number' || typeof x === 'string') return x;
  if (Array.isArray(x)) return JArray.of(x.map(fromParsed));
  const fields = new Map<string, LazyValue>();
  for (const k of Object.keys(x as object)) fields.set(k, fromParsed((x as Record<string, unknown>)[k]));
  return JObject.fromMap(fields);
}

// JSON.parse agrees with Go on valid input except for escaped lone surrogates (Go: U+FFFD) and
// numbers out of range (Go: an error); such input, and every invalid input, takes the slow path.
const LONE_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const HUGE_EXPONENT = /[eE][+-]?0*[0-9]{3}/;

/** Go's encoding/json syntax error for `s` ("unexpected end of JSON input", "invalid character ..."), or null when it is valid JSON. */
export function goJsonSyntaxError(s: string): string | null {
  try {
    new GoJsonReader(Buffer.from(s, 'utf8')).parseDocument();
    return null;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e.message;
    if (isStackOverflow(e)) return beyondDepthLimit(s) ?? 'exceeded max depth';
    throw e;
  }
}

/** Go's error for the bracket that opens level MAX_DEPTH + 1, or null when the nesting stays within it. */
export function beyondDepthLimit(s: string): string | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return `invalid character '${c}' exceeded max depth`;
    } else if (c === ']' || c === '}') depth--;
  }
  return null;
}

/** An error for input that ran out of JavaScript stack within Go's depth limit (a deeper stack may succeed). */
function stackExhausted(message: string): RuntimeError {
  const e = new RuntimeError(message);
  e.jsStackOverflow = true;
  return e;
}

/** std.parseJson(str). */
export function parseJson(s: string): Value {
  // JSON.parse has no depth limit: nesting beyond Go's (at least 2 * MAX_DEPTH characters) goes to Go's reader.
  const tooDeep = s.length > 2 * MAX_DEPTH && beyondDepthLimit(s) !== null;
  if (!tooDeep && !LONE_SURROGATE_ESCAPE.test(s) && !HUGE_EXPONENT.test(s)) {
    try {
      return fromParsed(JSON.parse(s));
    } catch {
      // fall through to the reader that reports errors (and Go's depth limit) as Go does
    }
  }
  try {
    return toValue(new GoJsonReader(Buffer.from(s, 'utf8')).parseDocument());
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new RuntimeError(`failed to parse JSON: ${e.message}`);
    // Nesting that exhausts the stack before Go's limit of 10000 is reached: the CLI runs again on a deeper stack.
    if (isStackOverflow(e)) throw stackExhausted('failed to parse JSON: exceeded max depth');
    throw e;
  }
}

// ---------------------------------------------------------------------------
// YAML

/**
 * go-jsonnet's documents: each `---` marker line (`---` alone or followed by a space or tab, as in
 * `--- 1` or `--- |`) starts a document, an empty one being null; text before the first marker is a
 * document of its own. Returns the chunks, each starting with its marker (the YAML reader reads it),
 * and whether a marker was seen: then the result is an array, even of one document.
 */
function splitYamlDocuments(s: string): { docs: string[]; stream: boolean } {
  const lines = s === '' ? [] : s.split('\n');
  if (s.endsWith('\n')) lines.pop();
  const docs: string[] = [];
  let stream = false;
  let buf = '';
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '') + '\n';
    if (/^---[ \t\n]/.test(line)) {
      stream = true;
      if (buf !== '') docs.push(buf);
      buf = '';
    }
    buf += line;
  }
  if (buf !== '') docs.push(buf);
  return { docs, stream };
}

// The yaml package takes ~100 ms to load: load it on the first std.parseYaml, not at startup.
type YamlLib = typeof import('yaml');
let yamlLib: YamlLib | null = null;
function yaml(): YamlLib {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as YamlLib);
}

const YAML_TAG = 'tag:yaml.org,2002:';
const STR_TAG = `${YAML_TAG}str`;
const BINARY_TAG = `${YAML_TAG}binary`;
/** Tags yaml.v2 resolves a scalar's text against (any style): the text must resolve to the tag. */
const RESOLVED_TAGS = new Set(['bool', 'int', 'float', 'null', 'timestamp']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

class YamlDecodeError extends Error {}

/** A float map key, kept apart from integers: sigs.k8s.io/yaml writes it with float32 digits. */
class FloatKey {
  constructor(readonly value: number) {}
}

/** The decoded keys of each decoded map, for Go's printing of values in error texts. */
const mapEntries = new WeakMap<object, GoMapEntries>();
const entriesOf = (m: unknown): GoMapEntries | undefined => (typeof m === 'object' && m !== null ? mapEntries.get(m) : undefined);

/** The value under a null key of a decoded map (yaml.v2 keeps it; sigs.k8s.io/yaml refuses it later). */
const nullKeyed = new WeakMap<object, { value: unknown }>();

/** sigs.k8s.io/yaml's JSON key for a decoded map key (null keys are kept aside: nullKeyed). */
function goKeyString(k: unknown): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (k instanceof FloatKey) return float32KeyString(k.value);
  return String(k);
}

/**
 * sigs.k8s.io/yaml turns the decoded value into JSON after decoding: a null key fails then, and only
 * if its map is still part of the value (a repeated key may have replaced it).
 */
function checkKeys(v: unknown): void {
  if (Array.isArray(v)) for (const x of v) checkKeys(x);
  else if (v instanceof Map) {
    const nul = nullKeyed.get(v);
    if (nul) throw new YamlDecodeError(`unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goSharpV(nul.value, entriesOf)}`);
    for (const x of v.values()) checkKeys(x);
  }
}

/** yaml.v2's guard against alias bombs: the share of nodes decoded through aliases it allows. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

class YamlConverter {
  private depth = 0;
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  /** Nodes being decoded: an alias to one of them is a value that contains itself. */
  private readonly active = new Set<unknown>();
  /** Each alias's node: the last one anchored with its name before it (Alias.resolve walks the whole document each time). */
  private readonly targets = new Map<unknown, unknown>();
  constructor(private readonly doc: Document) {}

  /**
   * yaml.v2 refers to anchors while parsing: an alias before (or without) its anchor fails there.
   * Walked with an explicit stack in document order: the yaml package's visit() recurses and copies
   * its path at every level (quadratic memory on a 20,000-deep document). Records each alias's target.
   */
  checkAnchors(): void {
    const { isAlias, isCollection, isPair } = yaml();
    const known = new Map<string, unknown>();
    const pending: unknown[] = [this.doc.contents];
    while (pending.length) {
      const node = pending.pop();
      if (!node || typeof node !== 'object') continue;
      if (isAlias(node)) {
        if (!known.has(node.source)) throw new YamlDecodeError(`yaml: unknown anchor '${node.source}' referenced`);
        this.targets.set(node, known.get(node.source));
        continue;
      }
      if ('anchor' in node && typeof node.anchor === 'string') known.set(node.anchor, node);
      // Pushed last to first so that they are taken in document order.
      if (isPair(node)) pending.push(node.value, node.key);
      else if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i]);
    }
  }

  convert(node: unknown): unknown {
    if (node === null || node === undefined) return null;
    if (++this.depth > 10000) throw new YamlDecodeError('yaml: exceeded max depth of 10000');
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)
    ) {
      throw new YamlDecodeError('yaml: document contains excessive aliasing');
    }
    this.active.add(node);
    try {
      return this.convertNode(node as Node);
    } finally {
      this.active.delete(node);
      this.depth--;
    }
  }

  private convertNode(node: Node): unknown {
    const { isAlias, isMap, isScalar, isSeq } = yaml();
    if (isAlias(node)) {
      const target = this.targets.get(node);
      if (this.active.has(target)) throw new YamlDecodeError(`yaml: anchor '${node.source}' value contains itself`);
      this.aliasDepth++;
      try {
        return this.convert(target);
      } finally {
        this.aliasDepth--;
      }
    }
    if (isScalar(node)) return this.scalar(node);
    if (isSeq(node)) return node.items.map((x) => this.convert(x));
    if (isMap(node)) {
      const out = new Map<string, unknown>();
      const entries: GoMapEntries = [];
      mapEntries.set(out, entries);
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<' && !keyNode.tag) {
          this.merge(pair.value, out);
          continue;
        }
        const key = isScalar(keyNode) ? this.scalar(keyNode, true) : this.convert(keyNode);
        if (typeof key === 'object' && key !== null && !(key instanceof FloatKey)) throw new YamlDecodeError(`yaml: invalid map key: ${goSharpV(key, entriesOf)}`);
        const value = this.convert(pair.value);
        const decodedKey = key instanceof FloatKey ? key.value : key;
        const earlier = entries.findIndex(([k]) => k === decodedKey);
        if (earlier >= 0) entries.splice(earlier, 1);
        entries.push([decodedKey, value]);
        if (key === null) nullKeyed.set(out, { value });
        else out.set(goKeyString(key), value);
      }
      return out;
    }
    return null;
  }

  /**
   * yaml.v2's `<<`: a mapping, an alias of one, or a sequence of them (earlier ones win). What is no
   * mapping fails before it is decoded (an alias to the mapping being decoded then contains itself).
   */
  private merge(valueNode: unknown, out: Map<string, unknown>): void {
    const { isAlias, isMap, isSeq } = yaml();
    const wantMap = () => new YamlDecodeError('yaml: map merge requires map or sequence of maps as the value');
    const mergeOne = (n: unknown) => {
      if (!isMap(isAlias(n) ? this.targets.get(n) : n)) throw wantMap();
      const m = this.convert(n) as Map<string, unknown>;
      for (const [k, x] of m) out.set(k, x);
    };
    if (isSeq(valueNode)) for (const item of [...valueNode.items].reverse()) mergeOne(item);
    else mergeOne(valueNode);
  }

  /** A scalar as yaml.v2 decodes it into interface{} (`asKey`: a float comes back as a FloatKey). */
  private scalar(node: Scalar, asKey = false): unknown {
    const text = String(node.value ?? '');
    const tag = node.tag;
    if (node.type !== 'PLAIN' && !tag) return text; // quoted and block scalars are strings
    if (tag === STR_TAG) return text;
    if (tag === BINARY_TAG) return binary(text);
    let r: Resolved;
    if (!tag) r = resolvePlain(text, 'v2');
    else {
      const want = tag.startsWith(YAML_TAG) ? tag.slice(YAML_TAG.length) : '';
      if (!RESOLVED_TAGS.has(want)) return text; // other and unknown tags keep the string
      r = resolvePlain(text, 'v2');
      // Timestamps are looked for only when untagged or tagged !!timestamp.
      if (r.tag === 'timestamp' && want !== 'timestamp') r = { tag: 'str', value: text };
      if (r.tag !== want && !(want === 'float' && r.tag === 'int')) throw new YamlDecodeError(`yaml: cannot decode !!${r.tag} \`${text}\` as a !!${want}`);
      if (want === 'float' && asKey) return new FloatKey(r.value as number);
    }
    if (asKey && r.tag === 'float') return new FloatKey(r.value);
    return r.value;
  }
}

/** encoding/json refuses infinities and NaN: the first one in its order (map keys sorted) fails. */
function checkFinite(v: unknown): void {
  if (typeof v === 'number' && !Number.isFinite(v)) {
    throw new YamlDecodeError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
  }
  if (Array.isArray(v)) for (const x of v) checkFinite(x);
  else if (v instanceof Map) for (const k of [...v.keys()].sort()) checkFinite(v.get(k));
}

/** A !!binary scalar: base64 (line breaks allowed) whose bytes are a Go string. */
function binary(text: string): string {
  const b64 = text.replace(/[\r\n]/g, '');
  if (!BASE64.test(b64)) throw new YamlDecodeError('yaml: !!binary value contains invalid base64 data');
  return decodeUtf8Go(Buffer.from(b64, 'base64'));
}

/**
 * `a: b: c` (or a key more indented than its mapping's): go-yaml v2's scanner stops at the second `:`,
 * the value's (`value` is where the yaml package found the value), with the line of its first
 * scanner error (none shown on the first line).
 */
function nestedMappingError(chunk: string, value: number): string {
  let i = value;
  const quote = chunk[i];
  if (quote === '"' || quote === "'") {
    for (i++; i < chunk.length && chunk[i] !== quote; i++) if (quote === '"' && chunk[i] === '\\') i++;
    i++;
  }
  for (; i < chunk.length; i++) if (chunk[i] === ':' && (i + 1 === chunk.length || /\s/.test(chunk[i + 1]!))) break;
  return scannerError(chunk, i, 'mapping values are not allowed in this context');
}

/** A go-yaml v2 scanner error at `at`: with its 1-based line, none shown on the first line. */
function scannerError(chunk: string, at: number, message: string): string {
  const line = chunk.slice(0, at).split('\n').length;
  return `error converting YAML to JSON: yaml: ${line > 1 ? `line ${line}: ` : ''}${message}`;
}

/** The yaml package's lexer tokens without its markers (document start, flow end, scalar), which are not text. */
function* sourceTokens(chunk: string): Generator<string> {
  for (const token of new (yaml().Lexer)().lex(chunk)) if (token !== '\x02' && token !== '\x18' && token !== '\x1f') yield token;
}

function parseYamlChunk(chunk: string): unknown {
  // Escapes go-yaml v2 reads differently from the yaml package: checked (and `\'` rewritten) first.
  const escapes = chunk.includes('\\') ? checkDoubleQuoted(sourceTokens(chunk)) : null;
  const unknownEscape = () => {
    const line = escapes!.unknownEscapeLine!;
    return new YamlDecodeError(`error converting YAML to JSON: yaml: ${line > 1 ? `line ${line}: ` : ''}found unknown escape character`);
  };
  const parsed = yaml().parseAllDocuments(escapes?.source ?? chunk, { schema: 'failsafe', version: '1.1', uniqueKeys: false, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  if (escapes?.unknownEscapeLine != null && (docs.length === 0 || docs[0].errors.length === 0 || docs[0].errors[0].code === 'BAD_DQ_ESCAPE')) throw unknownEscape();
  if (docs.length === 0) return null;
  const doc = docs[0];
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = err.linePos?.[0]?.line ?? 1;
    const message = depthLimitText(err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
    const text = `error converting YAML to JSON: yaml: line ${line}: ${message}`;
    // The composer recursed out of stack within Go's limit: the CLI runs again on a deeper stack.
    if (mentionsStackOverflow(err.message)) throw stackExhausted(`failed to parse YAML: ${text}`);
    if (err.code === 'BLOCK_AS_IMPLICIT_KEY') throw new YamlDecodeError(nestedMappingError(chunk, err.pos[0]));
    if (err.code === 'BAD_SCALAR_START') throw new YamlDecodeError(scannerError(chunk, err.pos[0], 'found character that cannot start any token'));
    // A quoted scalar left open runs to the end of the chunk, which go-jsonnet's splitter ends with a line break.
    if (/^Missing closing ["']quote/.test(err.message)) throw new YamlDecodeError(scannerError(chunk, chunk.length, 'found unexpected end of stream'));
    throw new YamlDecodeError(text);
  }
  try {
    const converter = new YamlConverter(doc);
    converter.checkAnchors();
    const value = converter.convert(doc.contents);
    checkKeys(value);
    checkFinite(value);
    return value;
  } catch (e) {
    if (e instanceof YamlDecodeError && !e.message.startsWith('error converting')) {
      throw new YamlDecodeError(`error converting YAML to JSON: ${e.message}`);
    }
    throw e;
  }
}

/** std.parseYaml(str): one document gives its value; a stream with `---` gives an array. */
export function parseYaml(s: string): Value {
  try {
    const { docs, stream } = splitYamlDocuments(s);
    const values = docs.map(parseYamlChunk);
    if (stream) return toValue(values);
    return values.length === 0 ? null : toValue(values[0]);
  } catch (e) {
    if (e instanceof YamlDecodeError) throw new RuntimeError(`failed to parse YAML: ${e.message}`);
    throw e;
  }
}
