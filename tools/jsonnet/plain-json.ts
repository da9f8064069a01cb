// A fast path for Jsonnet files that are plain JSON (an imported `dashboard.json`, a CRD
// dump): their values are built from V8's JSON.parse instead of going through the lexer,
// parser and compiler, which cost about ten times more time and memory on such files.
//
// The result must be indistinguishable from the general path's: the same values, the same
// field visibility (`:`), the same field locations (Engine.fieldLocation, worked out only
// when asked for), and the same stack frames counted when a field or an array element is
// first evaluated (they decide where --max-stack stops). Whatever JSON.parse reads
// differently from Jsonnet is sent to the general path, which also reports every error:
// repeated keys (JSON.parse keeps the last), numbers beyond float64 (Infinity there, an
// overflow error here), and `\u` escapes of surrogates (the lexer decodes pairs and rejects
// lone halves). JSON.parse refuses the rest of what Jsonnet reads differently (comments,
// trailing commas, raw control characters in strings, other whitespace, single quotes).

import { Source } from './lexer.js';
import { popFrame, pushFrame } from './stack.js';
import { JArray, JObject, Thunk, Visibility, type FieldDef, type LazyValue, type SourceLocation, type Value } from './value.js';

/** Deeper nesting goes to the general path (the conversion below recurses on the JavaScript stack). */
const MAX_NESTING = 1000;

/** Thrown by the conversion when the text is not plain JSON: the caller takes the general path. */
const NOT_PLAIN = Symbol('not plain JSON');

/** A `\u` escape of a UTF-16 surrogate. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** A quote, then space before a colon (a key written `"k" : v`). */
const KEY_SPACE = /"[ \t\r\n]+:/;

/** A JSON string literal (one that JSON.parse accepted). */
const STRING_LITERAL = /"[^"\\]*(?:\\.[^"\\]*)*"/g;

/**
 * A field of an object literal whose body is a JSON value. Like the general path's field,
 * evaluating it takes a stack frame for a moment; its location spans key and value.
 */
class PlainField implements FieldDef {
  readonly visibility = Visibility.Inherit;
  /** Offsets of the field in the text: -1 until the document's locations are worked out. */
  start = -1;
  end = -1;
  constructor(
    readonly v: Value,
    private readonly doc: Document,
  ) {}
  get loc(): SourceLocation | null {
    if (this.start < 0) this.doc.locateFields();
    return this.start < 0 ? null : this.doc.source().loc(this.start, this.end);
  }
  value(): Value {
    pushFrame();
    popFrame();
    return this.v;
  }
}

/**
 * An array element that the general path evaluates lazily (an array, or a negative number,
 * which is the unary minus of a literal): forcing it takes a stack frame for a moment.
 */
class PlainThunk extends Thunk {
  constructor(readonly v: Value) {
    super();
  }
  protected compute(): Value {
    pushFrame();
    popFrame();
    return this.v;
  }
}

/** The file being read. */
class Document {
  root: Value = null;
  private src: Source | null = null;
  private located = false;
  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  /** The line table is made only when a location is asked for. */
  source(): Source {
    return (this.src ??= new Source(this.file, this.text));
  }

  /** Sets the offsets of every field, reading the text alongside the values built from it. */
  locateFields(): void {
    if (this.located) return;
    this.located = true;
    new FieldLocator(this.text).value(skipSpace(this.text, 0), this.root);
  }
}

/** The value of the Jsonnet file `file` holding `text` when the text is plain JSON, else undefined. */
export function plainJsonValue(file: string, text: string): Value | undefined {
  const c = text.charCodeAt(skipSpace(text, 0));
  // Only documents that are objects or arrays: anything else is short enough for the general path.
  if (c !== 0x7b && c !== 0x5b) return undefined;
  if (SURROGATE_ESCAPE.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const doc = new Document(file, text);
  const conversion = new Conversion(doc);
  try {
    doc.root = conversion.value(parsed, 0);
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    throw e;
  }
  // JSON.parse keeps the last of repeated keys: then the text holds more keys than the values.
  return hasKeys(text, conversion.keys) ? doc.root : undefined;
}

/** Keys in a JSON text: the colons outside its strings. */
function keysInText(text: string): number {
  return countOf(text.replace(STRING_LITERAL, ''), ':');
}

/**
 * Whether a JSON text holds exactly `keys` keys. Usually answered without stripping the strings:
 * when no key has space before its colon, every key ends in `":`, and the only other `":` are
 * inside strings (an escaped quote, or an opening quote before a colon), so a count of `":` is at
 * least the number of keys and equals `keys` only if the text has no more keys than that.
 */
function hasKeys(text: string, keys: number): boolean {
  if (!KEY_SPACE.test(text) && countOf(text, '":') === keys) return true;
  return keysInText(text) === keys;
}

function countOf(text: string, what: string): number {
  let n = 0;
  for (let i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length)) n++;
  return n;
}

/** JSON whitespace, which Jsonnet also takes as whitespace. */
function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** Turns JSON.parse's result into Jsonnet values, counting the keys it meets. */
class Conversion {
  keys = 0;
  constructor(private readonly doc: Document) {}

  value(v: unknown, depth: number): Value {
    if (typeof v !== 'object' || v === null) {
      if (typeof v === 'number' && !Number.isFinite(v)) throw NOT_PLAIN; // the general path's overflow error
      return v as Value;
    }
    if (depth >= MAX_NESTING) throw NOT_PLAIN;
    if (Array.isArray(v)) {
      const items = new Array<LazyValue>(v.length);
      for (let i = 0; i < v.length; i++) {
        const x = this.value(v[i], depth + 1);
        // The general path makes a thunk of every element but a literal or an object.
        items[i] = x instanceof JArray || (typeof x === 'number' && (x < 0 || Object.is(x, -0))) ? new PlainThunk(x) : x;
      }
      return new JArray(items);
    }
    const fields = new Map<string, FieldDef>();
    const o = v as Record<string, unknown>;
    for (const k in o) fields.set(k, new PlainField(this.value(o[k], depth + 1), this.doc));
    this.keys += fields.size;
    return new JObject([{ fields, asserts: null }]);
  }
}

/** Reads a plain JSON text alongside the values built from it, setting the offsets of their fields. */
class FieldLocator {
  constructor(private readonly text: string) {}

  /** Walks the value starting at `i`; returns where it ends. */
  value(i: number, v: LazyValue): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (v instanceof PlainThunk) v = v.v;
    if (c === 0x7b) {
      const fields = (v as JObject).layers[0].fields;
      i = skipSpace(text, i + 1);
      while (text.charCodeAt(i) === 0x22) {
        const start = i;
        const keyEnd = this.stringEnd(i);
        const raw = text.slice(start + 1, keyEnd - 1);
        const field = fields.get(raw.includes('\\') ? (JSON.parse(text.slice(start, keyEnd)) as string) : raw) as PlainField;
        i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
        i = this.value(i, field.v);
        field.start = start;
        field.end = i;
        i = skipSpace(text, i);
        if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1);
      }
      return i + 1;
    }
    if (c === 0x5b) {
      const items = (v as JArray).items;
      i = skipSpace(text, i + 1);
      for (let k = 0; text.charCodeAt(i) !== 0x5d; k++) {
        i = skipSpace(text, this.value(i, items[k]));
        if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1);
      }
      return i + 1;
    }
    if (c === 0x22) return this.stringEnd(i);
    // A number, true, false or null: up to the next delimiter.
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === 0x2c || d === 0x5d || d === 0x7d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
      i++;
    }
    return i;
  }

  /** The offset just past the string literal starting at `i`. */
  private stringEnd(i: number): number {
    const text = this.text;
    for (i++; ; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return i + 1;
      if (c === 0x5c) i++;
    }
  }
}
