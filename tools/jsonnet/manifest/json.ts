// JSON rendering of Jsonnet values, byte-identical to go-jsonnet: the CLI's
// output, std.toString / string concatenation, and std.manifestJsonEx.
//
// go-jsonnet has two JSON writers that differ in details:
//  - the interpreter's (CLI output, toString): numbers as integers or %.17g,
//    strings escaped by `unparseString` (C0 and C1 controls as \uXXXX);
//  - std.manifestJsonEx's: numbers in shortest form without exponent (Go's
//    FormatFloat 'f' -1), strings through Go's encoding/json (C1 controls kept
//    raw, U+2028/U+2029 escaped), empty containers as open, blank line, close.

import { JArray, JObject, RuntimeError, formatNumber, type Value } from '../value.js';
import { popFrame, pushFrame, runtimeState } from '../stack.js';
import { goPath } from './args.js';
import { formatFloatF, quote } from '../../gocompat/strconv.js';
import { escapeJsonChar, quoteJson } from '../../gocompat/json.js';

// Characters unparseString escapes: C0 controls, ", \\, DEL and C1 controls.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\u009f]/;

/** go-jsonnet's `unparseString`: the JSON string literal of the CLI output, toString and std.escapeStringJson. */
export function escapeJsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && (c < 0x7f || c > 0x9f)) continue;
    if (i > start) out += s.slice(start, i);
    out += escapeJsonChar(c);
    start = i + 1;
  }
  if (start < s.length) out += s.slice(start);
  return out + '"';
}

// ---------------------------------------------------------------------------
// The interpreter's writer (CLI output, toString)

/** Renders `v` as go-jsonnet's interpreter does: multi-line with 3-space indentation, or single-line. */
export function serializeJson(v: Value, multiline: boolean): string {
  const w = new JsonWriter(multiline);
  w.write(v, '');
  return w.out;
}

/** Adds go-jsonnet's manifestation frame (`Field "k"`, `Array element i`, ...) to a Jsonnet error. */
function withFrame(e: unknown, description: string): unknown {
  if (e instanceof RuntimeError && !e.jsStackOverflow) (e.trace ??= []).push({ loc: null, description });
  return e;
}

/** Appends to one string: cheaper in V8 than collecting parts or returning substrings. */
class JsonWriter {
  out = '';
  /** Keys repeat a lot in real documents: each one's `"key": ` is escaped once. */
  private readonly keys = new Map<string, string>();
  constructor(private readonly multiline: boolean) {}

  private key(k: string): string {
    let text = this.keys.get(k);
    if (text === undefined) {
      text = escapeJsonString(k) + ': ';
      this.keys.set(k, text);
    }
    return text;
  }

  write(v: Value, indent: string): void {
    if (v === null) {
      this.out += 'null';
      return;
    }
    switch (typeof v) {
      case 'boolean':
        this.out += v ? 'true' : 'false';
        return;
      case 'number':
        this.out += formatNumber(v);
        return;
      case 'string':
        this.out += escapeJsonString(v);
        return;
    }
    const ml = this.multiline;
    if (v instanceof JArray) {
      const n = v.length;
      if (n === 0) {
        this.out += '[ ]';
        return;
      }
      const inner = ml ? indent + '   ' : indent;
      const sep = ml ? ',\n' + inner : ', ' + inner;
      this.out += (ml ? '[\n' : '[') + inner;
      for (let i = 0; i < n; i++) {
        if (i > 0) this.out += sep;
        pushFrame();
        try {
          this.write(v.get(i), inner);
        } catch (e) {
          throw withFrame(e, `Array element ${i}`);
        } finally {
          popFrame();
        }
      }
      this.out += (ml ? '\n' : '') + indent + ']';
      return;
    }
    if (v instanceof JObject) {
      try {
        v.checkAsserts();
      } catch (e) {
        throw withFrame(e, 'Checking object assertions');
      }
      const fields = v.visibleFields();
      const n = fields.length;
      if (n === 0) {
        this.out += '{ }';
        return;
      }
      const inner = ml ? indent + '   ' : indent;
      const sep = ml ? ',\n' + inner : ', ' + inner;
      this.out += (ml ? '{\n' : '{') + inner;
      for (let i = 0; i < n; i++) {
        const k = fields[i];
        if (i > 0) this.out += sep;
        this.out += this.key(k);
        pushFrame();
        try {
          this.write(v.get(k), inner);
        } catch (e) {
          throw withFrame(e, `Field ${quote(k)}`);
        } finally {
          popFrame();
        }
      }
      this.out += (ml ? '\n' : '') + indent + '}';
      return;
    }
    throw new RuntimeError("couldn't manifest function as JSON");
  }
}

/** The `jsonnet` command's default output, with the trailing newline. */
export function manifestJsonOutput(v: Value): string {
  return serializeJson(v, true) + '\n';
}

/** std.toString / `+` with a string: strings as they are, the rest as one-line JSON. */
export function toStringValue(v: Value): string {
  if (typeof v === 'string') return v;
  return serializeJson(v, false);
}

// ---------------------------------------------------------------------------
// std.manifestJsonEx's writer

/** std.manifestJsonEx(value, indent, newline, key_val_sep) as go-jsonnet's native builtin renders it. */
export function manifestJsonEx(v: Value, indent: string, newline = '\n', keyValSep = ': '): string {
  const w = new JsonExWriter(indent, newline, keyValSep);
  w.write(v, '', []);
  return w.out;
}

class JsonExWriter {
  out = '';
  private depth = 0;
  constructor(
    private readonly indent: string,
    private readonly newline: string,
    private readonly kvSep: string,
  ) {}

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
      case 'string':
        this.out += quoteJson(v, false);
        return;
    }
    if (!(v instanceof JArray || v instanceof JObject)) throw new RuntimeError(`tried to manifest function at ${goPath(path)}`);
    // go-jsonnet's manifesters count nesting against --max-stack, apart from stack frames.
    if (++this.depth > runtimeState.maxStack) throw new RuntimeError('max manifest depth exceeded, possible infinite recursion');
    try {
      this.writeContainer(v, cindent, path);
    } finally {
      this.depth--;
    }
  }

  private writeContainer(v: JArray | JObject, cindent: string, path: (string | number)[]): void {
    const inner = cindent + this.indent;
    const nl = this.newline;
    if (v instanceof JArray) {
      this.out += '[' + nl;
      for (let i = 0; i < v.length; i++) {
        const elem = v.get(i);
        this.out += (i > 0 ? ',' + nl : '') + inner;
        path.push(i);
        this.write(elem, inner, path);
        path.pop();
      }
      this.out += nl + cindent + ']';
      return;
    }
    if (v instanceof JObject) {
      const fields = v.visibleFields();
      this.out += '{' + nl;
      for (let i = 0; i < fields.length; i++) {
        const k = fields[i];
        const fv = v.get(k);
        this.out += (i > 0 ? ',' + nl : '') + inner + quoteJson(k, false) + this.kvSep;
        path.push(k);
        this.write(fv, inner, path);
        path.pop();
      }
      this.out += nl + cindent + '}';
      return;
    }
  }
}
