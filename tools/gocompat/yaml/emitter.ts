// A YAML emitter that reproduces, byte for byte, what go-yaml (gopkg.in/yaml.v2
// v2.4.0 and gopkg.in/yaml.v3 v3.0.1) prints for Go values decoded from JSON
// (maps, slices, strings, float64, bool, nil). It walks the JSON tree and
// performs the same low-level writes as go-yaml's libyaml-derived emitter state
// machine (indent stack, "whitespace"/"indention" flags, column counting in
// characters), which is what decides spacing, quoting and line folding.
// Written from a reading of the go-yaml sources; no code copied.

import type { JsonValue } from '../json.js';
import { formatFloatG } from '../strconv.js';
import { canUsePlain } from './resolve.js';
import { sortedKeys } from './sort.js';

/** How go-yaml prints a float64 scalar: %v with YAML's names for the non-finite values. */
function yamlFloat(f: number): string {
  const s = formatFloatG(f);
  if (s === '+Inf') return '.inf';
  if (s === '-Inf') return '-.inf';
  if (s === 'NaN') return '.nan';
  return s;
}

type YamlVariant = 'v2' | 'v3';

type Style = 'plain' | 'single' | 'double' | 'literal';

/** What analyze_scalar learns about a scalar's text. */
interface ScalarInfo {
  text: string;
  cps: number[] | null; // code points, computed when a slow writer needs them
  length: number; // in code points
  byteLength: number;
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** The state the parent pushed before emitting a node (only its kind matters here). */
type Parent = 'document' | 'seqItem' | 'mapKey' | 'mapSimpleValue' | 'mapValue';

interface Ctx {
  root: boolean;
  sequence: boolean;
  mapping: boolean;
  simpleKey: boolean;
}

const NO_CTX: Ctx = { root: false, sequence: false, mapping: false, simpleKey: false };
const ROOT: Ctx = { root: true, sequence: false, mapping: false, simpleKey: false };
const SEQ_ITEM: Ctx = { root: false, sequence: true, mapping: false, simpleKey: false };
const MAP_VALUE: Ctx = { root: false, sequence: false, mapping: true, simpleKey: false };
const SIMPLE_KEY: Ctx = { root: false, sequence: false, mapping: true, simpleKey: true };
const COMPLEX_KEY: Ctx = MAP_VALUE;

function isBreak(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

function isBlank(cp: number | undefined): boolean {
  return cp === 0x20 || cp === 0x09;
}

/** is_blankz: blank, break or NUL. */
function isBlankz(cp: number): boolean {
  return isBlank(cp) || isBreak(cp) || cp === 0;
}

/** libyaml's is_printable, expressed on code points. */
function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

function toCodePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    // A lone surrogate cannot come out of Go's JSON decoder; it would be U+FFFD.
    out.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
  }
  return out;
}

// ASCII characters that matter to analyze_scalar: LEADING ones forbid plain
// style at the start of a scalar; OTHER ones matter in some positions.
const LEADING = 1;
const OTHER = 2;
const INDICATOR = new Uint8Array(128);
for (const c of '#,[]{}&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = LEADING;
for (const c of '?:-') INDICATOR[c.charCodeAt(0)] = OTHER;

function analyzeScalar(text: string, variant: YamlVariant): ScalarInfo {
  const info: ScalarInfo = {
    text,
    cps: null,
    length: 0,
    byteLength: Buffer.byteLength(text, 'utf8'),
    multiline: false,
    flowPlainAllowed: false,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: false,
  };
  if (text.length === 0) return info;

  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  if (text.startsWith('---') || text.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  const end = text.length;
  let count = 0;
  for (let i = 0; i < end; ) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const first = i === 0;
    const last = i + w >= end;
    count++;
    const next = last ? -1 : text.charCodeAt(i + w);
    const followedByWhitespace = last || next === 0x20 || next === 0x09;
    const kind = cp < 128 ? INDICATOR[cp] : 0;
    if (kind !== 0) {
      if (first) {
        if (kind === LEADING) {
          flowIndicators = true;
          blockIndicators = true;
        } else if (cp === 0x3f || cp === 0x3a) {
          // '?' or ':'
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
        } else if (cp === 0x2d) {
          // '-'
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
        }
      } else if (cp === 0x2c || cp === 0x3f || cp === 0x5b || cp === 0x5d || cp === 0x7b || cp === 0x7d) {
        // , ? [ ] { }
        flowIndicators = true;
      } else if (cp === 0x3a) {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (cp === 0x23 && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    if (variant === 'v3' && cp === 0x09) tabCharacters = true;
    else if (!isPrintable(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp)) specialCharacters = true;

    if (cp === 0x20) {
      if (first) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(cp)) {
      lineBreaks = true;
      if (first) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(cp);
    i += w;
  }
  info.length = count;

  info.multiline = lineBreaks;
  info.flowPlainAllowed = true;
  info.blockPlainAllowed = true;
  info.singleQuotedAllowed = true;
  info.blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    info.flowPlainAllowed = false;
    info.blockPlainAllowed = false;
  }
  if (trailingSpace) info.blockAllowed = false;
  if (breakSpace) {
    info.flowPlainAllowed = false;
    info.blockPlainAllowed = false;
    info.singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    info.flowPlainAllowed = false;
    info.blockPlainAllowed = false;
    info.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) info.blockAllowed = false;
  if (lineBreaks) {
    info.flowPlainAllowed = false;
    info.blockPlainAllowed = false;
  }
  if (flowIndicators) info.flowPlainAllowed = false;
  if (blockIndicators) info.blockPlainAllowed = false;
  return info;
}

/** A scalar event as go-yaml's encoder produces it for a JSON leaf or a map key. */
interface ScalarEvent {
  text: string;
  style: Style; // the style the encoder asks for
  info: ScalarInfo;
}

// Keys and many values repeat across manifests; their analysis is a pure function of the text.
const eventCache: Record<YamlVariant, Map<string, ScalarEvent>> = { v2: new Map(), v3: new Map() };
const numberCache: Record<YamlVariant, Map<string, ScalarEvent>> = { v2: new Map(), v3: new Map() };

function scalarEvent(v: string | number | boolean | null, variant: YamlVariant): ScalarEvent {
  if (typeof v !== 'string' || v.length > 200) {
    if (typeof v !== 'number') return makeScalarEvent(v, variant);
    // numbers: cache by their printed form (always plain)
    const text = yamlFloat(v);
    const cache = numberCache[variant];
    let ev = cache.get(text);
    if (ev === undefined) {
      if (cache.size > 20000) cache.clear();
      ev = { text, style: 'plain', info: analyzeScalar(text, variant) };
      cache.set(text, ev);
    }
    return ev;
  }
  const cache = eventCache[variant];
  let ev = cache.get(v);
  if (ev === undefined) {
    if (cache.size > 20000) cache.clear();
    ev = makeScalarEvent(v, variant);
    cache.set(v, ev);
  }
  return ev;
}

function makeScalarEvent(v: string | number | boolean | null, variant: YamlVariant): ScalarEvent {
  let text: string;
  let style: Style = 'plain';
  if (v === null) text = 'null';
  else if (typeof v === 'boolean') text = v ? 'true' : 'false';
  else if (typeof v === 'number') text = yamlFloat(v);
  else {
    text = v;
    if (v.includes('\n')) style = 'literal';
    else if (canUsePlain(v)) style = 'plain';
    else style = 'double';
  }
  return { text, style, info: analyzeScalar(text, variant) };
}

interface EmitterOptions {
  variant: YamlVariant;
}

class YamlEmitter {
  private readonly variant: YamlVariant;
  private readonly bestIndent: number;
  private readonly bestWidth: number;
  private chunks: string[] = [];
  private buf = ''; // recent output, moved to `chunks` in large pieces
  private column = 0;
  private indent = -1;
  private indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;
  private ctx: Ctx = NO_CTX;
  private documents = 0;

  constructor(opts: EmitterOptions) {
    this.variant = opts.variant;
    // yaml.v2: indent 2, lines folded past column 80. yaml.v3 Marshal: indent 4, no folding.
    this.bestIndent = opts.variant === 'v2' ? 2 : 4;
    this.bestWidth = opts.variant === 'v2' ? 80 : 2 ** 31 - 1;
  }

  /** Emits one document (like one Encoder.Encode call). */
  document(v: JsonValue): void {
    if (this.documents > 0) {
      // Documents after the first are not implicit: a "---" line starts them.
      this.writeIndent();
      this.writeIndicator('---', true, false, false);
      if (this.variant === 'v3') this.writeIndent();
    }
    this.documents++;
    this.node(v, ROOT, 'document');
    this.writeIndent();
  }

  result(): string {
    return this.chunks.join('') + this.buf;
  }

  // ---- low-level writes (put, put_break, write, write_indent, write_indicator)

  /** Writes text; `width` is its length in characters (code points). */
  private put(s: string, width = s.length): void {
    this.buf += s;
    if (this.buf.length > 65536) this.flushBuf();
    this.column += width;
  }

  private flushBuf(): void {
    this.chunks.push(this.buf);
    this.buf = '';
  }

  private putBreak(): void {
    this.buf += '\n';
    this.column = 0;
    this.indention = true;
  }

  private writeChar(cp: number): void {
    this.buf += String.fromCodePoint(cp);
    this.column++;
  }

  private writeBreak(cp: number): void {
    if (cp === 0x0a) {
      this.putBreak();
    } else {
      this.writeChar(cp);
      this.column = 0;
      this.indention = true;
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.putBreak();
    }
    if (this.column < indent) this.put(' '.repeat(indent - this.column));
    this.whitespace = true;
    if (this.variant === 'v2') this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean, parent: Parent): void {
    this.indents.push(this.indent);
    if (this.indent < 0) {
      this.indent = flow ? this.bestIndent : 0;
    } else if (!indentless) {
      if (this.variant === 'v2') {
        this.indent += this.bestIndent;
      } else if (parent === 'seqItem') {
        // v3: the first indent inside a sequence item just skips the "- ".
        this.indent += 2;
      } else {
        this.indent = this.bestIndent * Math.floor((this.indent + this.bestIndent) / this.bestIndent);
      }
    }
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  // ---- structure

  private node(v: JsonValue, ctx: Ctx, parent: Parent): void {
    this.ctx = ctx;
    if (Array.isArray(v)) {
      if (v.length === 0 || this.flowLevel > 0) this.emptyFlow('[', ']', parent);
      else this.blockSequence(v, parent);
    } else if (v !== null && typeof v === 'object') {
      const keys = sortedKeys(v);
      if (keys.length === 0 || this.flowLevel > 0) this.emptyFlow('{', '}', parent);
      else this.blockMapping(v, keys, parent);
    } else {
      this.scalar(scalarEvent(v, this.variant), parent);
    }
  }

  /** Only empty collections are printed in flow style by the encoder. */
  private emptyFlow(open: string, close: string, parent: Parent): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false, parent);
    this.flowLevel++;
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private blockSequence(items: JsonValue[], parent: Parent): void {
    const indentless = this.variant === 'v2' && this.ctx.mapping && !this.indention;
    this.increaseIndent(false, indentless, parent);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, SEQ_ITEM, 'seqItem');
    }
    this.popIndent();
  }

  private blockMapping(obj: { [k: string]: JsonValue }, keys: string[], parent: Parent): void {
    this.increaseIndent(false, false, parent);
    for (const key of keys) {
      this.writeIndent();
      const keyEvent = scalarEvent(key, this.variant);
      const simple = !keyEvent.info.multiline && keyEvent.info.byteLength <= 128;
      if (simple) {
        this.ctx = SIMPLE_KEY;
        this.scalar(keyEvent, 'mapSimpleValue');
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.ctx = COMPLEX_KEY;
        this.scalar(keyEvent, 'mapValue');
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(obj[key], MAP_VALUE, 'mapKey');
    }
    this.popIndent();
  }

  // ---- scalars

  private selectStyle(ev: ScalarEvent): Style {
    const info = ev.info;
    let style = ev.style;
    if (this.ctx.simpleKey && info.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !info.flowPlainAllowed) || (this.flowLevel === 0 && !info.blockPlainAllowed)) {
        style = 'single';
      }
      if (info.text.length === 0 && (this.flowLevel > 0 || this.ctx.simpleKey)) style = 'single';
    }
    if (style === 'single' && !info.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!info.blockAllowed || this.flowLevel > 0 || this.ctx.simpleKey)) style = 'double';
    return style;
  }

  private scalar(ev: ScalarEvent, parent: Parent): void {
    const style = this.selectStyle(ev);
    this.increaseIndent(true, false, parent);
    const allowBreaks = !this.ctx.simpleKey;
    const info = ev.info;
    const cps = () => info.cps ?? (info.cps = toCodePoints(info.text));
    switch (style) {
      case 'plain':
        // Fast path: nothing to fold (no space, or the line cannot pass the width).
        if (!allowBreaks || this.column + info.length <= this.bestWidth || !info.text.includes(' ')) {
          if (!this.whitespace) this.put(' ');
          this.put(info.text, info.length);
          this.whitespace = false;
          this.indention = false;
        } else {
          this.writePlain(cps(), allowBreaks);
        }
        break;
      case 'single':
        this.writeSingleQuoted(cps(), allowBreaks);
        break;
      case 'double':
        this.writeDoubleQuoted(cps(), allowBreaks);
        break;
      case 'literal':
        if (/[\u2028\u2029\u0085\r]/.test(info.text)) this.writeLiteral(cps(), info.text);
        else this.writeLiteralLines(info.text);
        break;
    }
    this.popIndent();
  }

  private writePlain(chars: number[], allowBreaks: boolean): void {
    if (!this.whitespace && (this.variant === 'v2' || chars.length > 0)) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const cp = chars[i];
      if (cp === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && chars[i + 1] !== 0x20) {
          this.writeIndent();
        } else {
          this.writeChar(cp);
        }
        spaces = true;
      } else if (isBreak(cp)) {
        if (!breaks && cp === 0x0a) this.putBreak();
        this.writeBreak(cp);
        if (this.variant === 'v2') this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(cp);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    if (this.variant === 'v2' || chars.length > 0) this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(chars: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const n = chars.length;
    for (let i = 0; i < n; i++) {
      const cp = chars[i];
      if (cp === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < n - 1 && chars[i + 1] !== 0x20) {
          this.writeIndent();
        } else {
          this.writeChar(cp);
        }
        spaces = true;
      } else if (isBreak(cp)) {
        if (!breaks && cp === 0x0a) this.putBreak();
        this.writeBreak(cp);
        if (this.variant === 'v2') this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (cp === 0x27) this.put("'");
        this.writeChar(cp);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(chars: number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    // libyaml checks for a byte-order mark at the start of the *value* on every
    // character, so a value starting with U+FEFF gets every character escaped.
    const startsWithBom = chars[0] === 0xfeff;
    const n = chars.length;
    for (let i = 0; i < n; i++) {
      const cp = chars[i];
      if (!isPrintable(cp) || startsWithBom || isBreak(cp) || cp === 0x22 || cp === 0x5c) {
        this.put('\\' + escapeFor(cp));
        spaces = false;
      } else if (cp === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < n - 1) {
          this.writeIndent();
          if (chars[i + 1] === 0x20) this.put('\\');
        } else {
          this.writeChar(cp);
        }
        spaces = true;
      } else {
        this.writeChar(cp);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeBlockScalarHints(text: string): void {
    const isBreakAt = (i: number) => i >= 0 && isBreak(text.charCodeAt(i));
    if (text.charCodeAt(0) === 0x20 || isBreakAt(0)) {
      this.writeIndicator(String(this.bestIndent), false, false, false);
    }
    // (break characters are all single UTF-16 code units)
    let chomp = '';
    const n = text.length;
    if (n === 0) chomp = '-';
    else if (!isBreakAt(n - 1)) chomp = '-';
    else if (n === 1) chomp = '+';
    else if (isBreakAt(n - 2)) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  /** writeLiteral for text whose only line break is '\n': whole lines at once. */
  private writeLiteralLines(text: string): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockScalarHints(text);
    if (this.variant === 'v2') {
      this.putBreak();
      this.indention = true;
    }
    this.whitespace = true;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) this.putBreak();
      if (line === '') return;
      this.writeIndent();
      this.put(line); // (width in UTF-16 units: only compared with the indent afterwards)
      this.indention = false;
    });
  }

  private writeLiteral(chars: number[], text: string): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockScalarHints(text);
    if (this.variant === 'v2') {
      this.putBreak();
      this.indention = true;
    }
    this.whitespace = true;
    let breaks = true;
    for (const cp of chars) {
      if (isBreak(cp)) {
        this.writeBreak(cp);
        if (this.variant === 'v2') this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(cp);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

function escapeFor(cp: number): string {
  switch (cp) {
    case 0x00: return '0';
    case 0x07: return 'a';
    case 0x08: return 'b';
    case 0x09: return 't';
    case 0x0a: return 'n';
    case 0x0b: return 'v';
    case 0x0c: return 'f';
    case 0x0d: return 'r';
    case 0x1b: return 'e';
    case 0x22: return '"';
    case 0x5c: return '\\';
    case 0x85: return 'N';
    case 0xa0: return '_';
    case 0x2028: return 'L';
    case 0x2029: return 'P';
  }
  if (cp <= 0xff) return 'x' + hex(cp, 2);
  if (cp <= 0xffff) return 'u' + hex(cp, 4);
  return 'U' + hex(cp, 8);
}

/** Marshals documents with one emitter (one go-yaml Encoder). */
export function emitDocuments(docs: JsonValue[], variant: YamlVariant): string {
  const e = new YamlEmitter({ variant });
  for (const d of docs) e.document(d);
  return e.result();
}
