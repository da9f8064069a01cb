// The embedding API: evaluates files and snippets with imports, ext vars,
// TLAs and native functions, and reports errors in go-jsonnet's format.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineApi, EngineOptions, ExtValue, JsonnetErrorLike, JsonValue, NativeFunction } from './api.js';
import type { Loc } from './ast.js';
import { Compiler, type Host } from './compiler.js';
import type { Code } from './thunks.js';
import { Source, StaticError } from './lexer.js';
import { quote } from '../gocompat/strconv.js';
import * as manifest from './manifest/index.js';
import { parseSource } from './parser.js';
import { importCandidate, importingDir, readImportCandidate } from './import-file.js';
import { plainJsonValue } from './plain-json.js';
import { formatLoc, toRuntimeError } from './runtime.js';
import { popFrame, pushFrame, runtimeState } from './stack.js';
import { stdLibrary } from './std/index.js';
import { DEFAULT_MAX_ARRAY_LENGTH, DEFAULT_MAX_IMPORT_SIZE, DEFAULT_MAX_STRING_LENGTH, limits } from './std/util.js';
import {
  bindArgs,
  builtin,
  ConstField,
  FnThunk,
  JArray,
  JFunction,
  JObject,
  RuntimeError,
  Thunk,
  typeOf,
  Visibility,
  type FieldDef,
  type LazyValue,
  type SourceLocation,
  type TraceFrame,
  type Value,
} from './value.js';

/** A static or runtime Jsonnet error, formatted as go-jsonnet prints it. */
export class JsonnetError extends Error implements JsonnetErrorLike {
  constructor(
    message: string,
    readonly formatted: string,
    readonly kind: 'static' | 'runtime',
    readonly trace: TraceFrame[] = [],
    /** The JavaScript stack ran out before the Jsonnet limit: a thread with a larger stack may succeed. */
    readonly jsStackOverflow = false,
  ) {
    super(message);
    this.name = 'JsonnetError';
  }
}

interface FileEntry {
  source: Source;
  code: Code | null;
  value: Thunk | null;
}

// Parsed files, shared by every Engine in this thread: an environment needs an
// Engine of its own (its ext vars differ), but the libraries it imports are the
// same files. Syntax trees are never modified after parsing, so sharing is
// safe; an entry is reused only while the file's text is unchanged.
const parsedFiles = new Map<string, { text: string; source: Source; ast: ReturnType<typeof parseSource>['ast'] }>();

function parseCached(
  filename: string,
  text: string,
  register: (source: Source) => void,
): { source: Source; ast: ReturnType<typeof parseSource>['ast'] } {
  const hit = parsedFiles.get(filename);
  if (hit !== undefined && hit.text === text) {
    register(hit.source);
    return hit;
  }
  const source = new Source(filename, text);
  register(source); // before parsing: a syntax error shows the failing source line
  const { ast } = parseSource(source);
  parsedFiles.set(filename, { text, source, ast });
  return { source, ast };
}

/**
 * V8 doubles the young generation each time most of it survives a scavenge, and evaluation keeps
 * nearly everything it makes (values are cached), so it grows to 2 x 16 MB committed. Kept at its
 * start size it costs ~1-2% CPU (more, smaller scavenges) and about 25 MB of peak RSS less on
 * kube-prometheus-sized programs. Set once per process, at the first imported file (before the
 * heap has grown): loading node:v8 costs ~5 ms, which a small program without imports never pays.
 */
let youngGenerationKept = false;
function keepYoungGenerationSmall(): void {
  if (youngGenerationKept) return;
  youngGenerationKept = true;
  process.getBuiltinModule('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
}

export class Engine implements EngineApi {
  private readonly opts: EngineOptions;
  private readonly maxStack: number;
  private readonly maxTrace: number;
  private readonly std = new Map<string, Value>();
  private readonly stdBase: JObject;
  private readonly host: Host;
  private readonly files = new Map<string, FileEntry>();
  private readonly strCache = new Map<string, string>();
  private readonly binCache = new Map<string, JArray>();
  /** Raw bytes of files as first read (importbin needs them byte-exact). */
  private readonly bytesCache = new Map<string, Uint8Array>();
  private readonly extCache = new Map<string, Thunk>();
  /** Source text of every parsed file (for static error snippets). */
  private readonly sources = new Map<string, Source>();

  constructor(opts: EngineOptions = {}) {
    this.opts = opts;
    this.maxStack = opts.maxStack ?? 500;
    this.maxTrace = opts.maxTrace ?? 20;
    for (const [k, v] of stdLibrary()) this.std.set(k, v);
    this.addEngineBuiltins();
    const defs = new Map<string, FieldDef>();
    for (const [k, v] of this.std) defs.set(k, new ConstField(Visibility.Hidden, v));
    this.stdBase = new JObject([{ fields: defs, asserts: null }]);
    this.host = {
      std: this.std,
      importCode: (from, p) => this.importCode(from, p),
      importStr: (from, p) => this.importStr(from, p),
      importBin: (from, p) => this.importBin(from, p),
      trace: (loc, msg) => this.writeTrace(`TRACE: ${loc.file}:${loc.line} ${msg}`),
    };
  }

  // ------------------------------------------------------------------ API

  evaluateFile(file: string): Value {
    return this.run(() => {
      let content: string;
      try {
        content = fs.readFileSync(file, 'utf8');
      } catch (e) {
        const code = (e as { code?: string }).code;
        const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
        throw new RuntimeError(`Opening input file: ${file}: ${why}`);
      }
      return this.applyTlas(this.evalSource(file, content));
    });
  }

  /**
   * `anonymous`: code that is no file (the command line's -e and stdin), as
   * go-jsonnet's EvaluateAnonymousSnippet: errors name `filename`, std.thisFile is "".
   */
  evaluateSnippet(filename: string, code: string, anonymous = false): Value {
    return this.run(() => this.applyTlas(this.evalSource(filename, code, anonymous ? '' : filename)));
  }

  toJson(v: Value): JsonValue {
    return this.run(() => this.deepJson(v, []), 'During manifestation', 0);
  }

  manifestJson(v: Value): string {
    return this.run(() => manifest.manifestJsonOutput(v), 'During manifestation', 0);
  }

  /**
   * Runs code that forces Jsonnet values (e.g. a manifester applied to an
   * evaluated value) with this engine's stack limit; any failure comes out as
   * a JsonnetError with go-jsonnet's formatting.
   */
  guard<T>(fn: () => T, bottom = 'During manifestation'): T {
    return this.run(fn, bottom, 0);
  }

  /** Formats any error thrown by Jsonnet code as go-jsonnet would print it. */
  describeError(e: unknown, bottom = 'During evaluation'): JsonnetError {
    return this.toJsonnetError(e, bottom);
  }

  /** Parses and compiles without evaluating (throws the static error, if any). */
  check(filename: string, code: string): void {
    this.run(() => {
      this.compileSource(filename, code);
      return null;
    });
  }

  // ------------------------------------------------------------------ evaluation

  /**
   * Runs `fn` with a fresh stack count and turns every failure into a JsonnetError.
   * go-jsonnet counts the top-level evaluation as a frame; manifesting its result starts at none.
   */
  private run<T>(fn: () => T, bottom = 'During evaluation', depth = 1): T {
    const st = runtimeState;
    const saved = { depth: st.depth, maxStack: st.maxStack, ...limits };
    st.depth = depth;
    st.maxStack = this.maxStack;
    limits.maxArrayLength = this.opts.maxArrayLength ?? DEFAULT_MAX_ARRAY_LENGTH;
    limits.maxStringLength = this.opts.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH;
    try {
      return fn();
    } catch (e) {
      throw this.toJsonnetError(e, bottom);
    } finally {
      st.depth = saved.depth;
      st.maxStack = saved.maxStack;
      limits.maxArrayLength = saved.maxArrayLength;
      limits.maxStringLength = saved.maxStringLength;
    }
  }

  private compileSource(filename: string, text: string): FileEntry {
    const { source, ast } = parseCached(filename, text, (src) => this.sources.set(filename, src));
    const code = new Compiler(this.host, filename).compileFile(ast);
    return { source, code, value: null };
  }

  private evalSource(filename: string, text: string, thisFile = filename): Value {
    const plain = plainJsonValue(filename, text);
    if (plain !== undefined) return plain;
    const entry = this.compileSource(filename, text);
    return entry.code!(this.rootEnv(thisFile));
  }

  private rootEnv(thisFileName: string): unknown[] {
    const thisFile = new JObject([
      { fields: new Map<string, FieldDef>([['thisFile', new ConstField(Visibility.Hidden, thisFileName)]]), asserts: null },
    ]);
    return [null, this.stdBase.extend(thisFile)];
  }

  private applyTlas(v: Value): Value {
    if (!(v instanceof JFunction)) return v;
    const named = new Map<string, LazyValue>();
    for (const [k, ext] of Object.entries(this.opts.tlas ?? {})) named.set(k, this.extThunk(`<top-level-arg:${k}>`, ext));
    try {
      return v.invoke([], named.size > 0 ? named : null);
    } catch (e) {
      const err = toRuntimeError(e);
      // go-jsonnet ends such a report with this frame (no "During evaluation").
      (err.trace ??= []).push({ loc: null, description: 'Top-level function call' });
      err.bottomless = true;
      throw err;
    }
  }

  private extThunk(name: string, ext: ExtValue): LazyValue {
    if (ext.kind === 'string') return ext.value;
    let t = this.extCache.get(name);
    if (t === undefined) {
      t = new FnThunk(() => this.evalSource(name, ext.value));
      this.extCache.set(name, t);
    }
    return t;
  }

  // ------------------------------------------------------------------ imports

  /** (importing directory, path) -> where it was found, so resolution happens once. */
  private readonly resolved = new Map<string, { foundAt: string; content: string | Uint8Array }>();

  private resolve(from: string, p: string): { foundAt: string; content: string | Uint8Array } {
    const key = path.dirname(from) + '\0' + p;
    const hit = this.resolved.get(key);
    if (hit !== undefined) return hit;
    const r = this.resolveUncached(from, p);
    if (typeof r.content !== 'string' && !this.bytesCache.has(r.foundAt)) this.bytesCache.set(r.foundAt, r.content);
    else if (typeof r.content === 'string' && r.content !== '' && !this.strCache.has(r.foundAt)) this.strCache.set(r.foundAt, r.content);
    this.resolved.set(key, { foundAt: r.foundAt, content: '' });
    return r;
  }

  private resolveUncached(from: string, p: string): { foundAt: string; content: string | Uint8Array } {
    if (this.opts.importer) {
      const r = this.opts.importer(from, p);
      if (r === null) throw new RuntimeError(`couldn't open import ${JSON.stringify(p)}: no match locally or in the Jsonnet library paths`);
      return r;
    }
    const dir = importingDir(from);
    const candidates = [importCandidate(dir, p)];
    const jpath = this.opts.jpath ?? [];
    for (let i = jpath.length - 1; i >= 0; i--) candidates.push(importCandidate(jpath[i], p));
    const maxSize = this.opts.maxImportSize ?? DEFAULT_MAX_IMPORT_SIZE;
    for (const c of candidates) {
      if (this.files.has(c) || this.strCache.has(c) || this.bytesCache.has(c)) return { foundAt: c, content: '' };
      const content = readImportCandidate(c, p, maxSize);
      if (content !== null) return { foundAt: c, content };
    }
    throw new RuntimeError(`couldn't open import ${JSON.stringify(p)}: no match locally or in the Jsonnet library paths`);
  }

  private importCode(from: string, p: string): Value {
    const { foundAt, content } = this.resolve(from, p);
    let entry = this.files.get(foundAt);
    if (entry === undefined) {
      keepYoungGenerationSmall();
      const bytes = this.bytesCache.get(foundAt);
      const text =
        this.strCache.get(foundAt) ??
        (bytes !== undefined ? new TextDecoder().decode(bytes) : typeof content === 'string' ? content : new TextDecoder().decode(content));
      this.strCache.set(foundAt, text);
      const source = new Source(foundAt, text);
      entry = { source, code: null, value: null };
      this.files.set(foundAt, entry);
      const e = entry;
      entry.value = new FnThunk(() => {
        // An import being evaluated counts as a frame, so a file importing itself
        // ends at the Jsonnet stack limit instead of exhausting JavaScript's stack.
        const st = runtimeState;
        if (++st.depth > st.maxStack) {
          st.depth--;
          throw new RuntimeError('max stack frames exceeded.');
        }
        try {
          if (e.code === null) {
            const plain = plainJsonValue(foundAt, text);
            if (plain !== undefined) return plain;
            e.code = this.compileSource(foundAt, text).code;
          }
          return e.code!(this.rootEnv(foundAt));
        } finally {
          st.depth--;
        }
      });
    }
    return entry.value!.force();
  }

  private importStr(from: string, p: string): string {
    const { foundAt, content } = this.resolve(from, p);
    let s = this.strCache.get(foundAt);
    if (s === undefined && this.bytesCache.has(foundAt)) s = new TextDecoder().decode(this.bytesCache.get(foundAt));
    if (s === undefined) {
      s = typeof content === 'string' ? content : new TextDecoder().decode(content);
      this.strCache.set(foundAt, s);
    }
    return s;
  }

  private importBin(from: string, p: string): JArray {
    const { foundAt, content } = this.resolve(from, p);
    let a = this.binCache.get(foundAt);
    if (a === undefined) {
      let bytes: Uint8Array;
      if (this.bytesCache.has(foundAt)) bytes = this.bytesCache.get(foundAt)!;
      else if (typeof content === 'string') {
        const s = this.strCache.get(foundAt);
        bytes = new TextEncoder().encode(content === '' && s !== undefined ? s : content);
      } else bytes = content;
      a = new JArray(Array.from(bytes));
      this.binCache.set(foundAt, a);
    }
    return a;
  }

  // ------------------------------------------------------------------ std builtins bound to the engine

  private addEngineBuiltins(): void {
    this.std.set(
      'extVar',
      builtin('extVar', ['x'], ([x]) => {
        if (typeof x !== 'string') throw new RuntimeError(`Unexpected type ${typeOf(x)}, expected string`);
        const ext = this.opts.extVars?.[x];
        if (ext === undefined) throw new RuntimeError(`Undefined external variable: ${x}`);
        const v = this.extThunk(`<extvar:${x}>`, ext);
        return v instanceof Thunk ? v.force() : v;
      }),
    );
    this.std.set(
      'native',
      builtin('native', ['x'], ([name]) => {
        if (typeof name !== 'string') throw new RuntimeError(`Unexpected type ${typeOf(name)}, expected string`);
        const nf = this.opts.natives?.[name];
        if (nf === undefined) return null; // go-jsonnet: an unknown native is null (calling it then fails)
        return this.nativeFunction(name, nf);
      }),
    );
    this.std.set(
      'trace',
      builtin('trace', ['str', 'rest'], ([str, rest]) => {
        if (typeof str !== 'string') throw new RuntimeError(`Unexpected type ${typeOf(str)}, expected string`);
        this.writeTrace(`TRACE: ${str}`);
        return rest;
      }),
    );
  }

  private nativeFunction(name: string, nf: NativeFunction): JFunction {
    const params = nf.params.map((p) => ({ name: p, optional: false }));
    return new JFunction(name, params, (positional, named) => {
      const args = bindArgs(params, positional, named).map((a) => this.deepJson(a instanceof Thunk ? a.force() : a, []));
      let result: JsonValue;
      try {
        result = nf.fn(...args);
      } catch (e) {
        if (e instanceof RuntimeError) throw e;
        throw new RuntimeError(e instanceof Error ? e.message : String(e));
      }
      return fromJson(result);
    });
  }

  private writeTrace(line: string): void {
    if (this.opts.traceOut) this.opts.traceOut(line);
    else process.stderr.write(line + '\n');
  }

  // ------------------------------------------------------------------ values <-> JSON

  /**
   * Where the value at `path` (object keys and array indexes, from `root`) was
   * defined: the source location of the innermost object field on the way.
   * Reads only what evaluation already computed (field values are cached), so
   * call it after `toJson(root)`.
   */
  fieldLocation(root: Value, path: readonly (string | number)[]): SourceLocation | null {
    let v: Value = root;
    let loc: SourceLocation | null = null;
    for (const step of path) {
      if (typeof step === 'number' && v instanceof JArray && step >= 0 && step < v.length) {
        v = v.get(step);
      } else if (typeof step === 'string' && v instanceof JObject) {
        const layer = v.findLayer(step, v.layers.length - 1);
        if (layer < 0) break;
        loc = v.layers[layer].fields.get(step)!.loc ?? loc;
        v = v.get(step);
      } else {
        break;
      }
    }
    // A plain copy: callers may post it to another thread or serialize it.
    return loc && { file: loc.file, line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn };
  }

  private deepJson(v: Value, pathStack: string[]): JsonValue {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return v;
    if (v instanceof JArray) {
      const out: JsonValue[] = new Array(v.items.length);
      for (let i = 0; i < out.length; i++) {
        pushFrame();
        try {
          out[i] = this.deepJson(v.get(i), pathStack);
        } catch (e) {
          // go-jsonnet names every array element and field on the way down, innermost first.
          const err = toRuntimeError(e);
          if (!err.jsStackOverflow) (err.trace ??= []).push({ loc: null, description: `Array element ${i}` });
          throw err;
        } finally {
          popFrame();
        }
      }
      return out;
    }
    if (v instanceof JObject) {
      const out: { [k: string]: JsonValue } = {};
      v.checkAsserts();
      for (const k of v.visibleFields()) {
        pushFrame();
        try {
          out[k] = this.deepJson(v.get(k), pathStack);
        } catch (e) {
          const err = toRuntimeError(e);
          if (!err.jsStackOverflow) (err.trace ??= []).push({ loc: null, description: `Field ${quote(k)}` });
          throw err;
        } finally {
          popFrame();
        }
      }
      return out;
    }
    throw new RuntimeError("Couldn't manifest function as JSON");
  }

  // ------------------------------------------------------------------ errors

  private toJsonnetError(e: unknown, bottom: string): JsonnetError {
    if (e instanceof JsonnetError) return e;
    if (e instanceof StaticError) {
      const src = this.sources.get(e.loc.file);
      let snippet = '';
      if (src !== undefined && e.loc.line > 0) {
        const lines: string[] = [];
        for (let l = e.loc.line; l <= e.loc.endLine; l++) lines.push(src.lineText(l));
        snippet = '\n' + lines.join('\n') + '\n';
      }
      const first = `${formatLoc(e.loc)} ${e.message}`;
      return new JsonnetError(first, first + '\n' + snippet + '\n', 'static');
    }
    const err = toRuntimeError(e);
    const frames: TraceFrame[] = err.bottomless ? [...(err.trace ?? [])] : [...(err.trace ?? []), { loc: null, description: bottom }];
    const first = `RUNTIME ERROR: ${err.message}`;
    return new JsonnetError(first, first + '\n' + formatTrace(frames, this.maxTrace), 'runtime', frames, err.jsStackOverflow);
  }
}

/** Stack trace lines, innermost first, elided in the middle beyond maxTrace. */
export function formatTrace(frames: TraceFrame[], maxTrace: number): string {
  const line = (f: TraceFrame): string => `\t${f.loc ? formatLoc(f.loc as Loc) : f.description}\t${f.loc ? f.description : ''}\n`;
  const sz = frames.length;
  if (maxTrace <= 0 || sz <= maxTrace) return frames.map(line).join('');
  const above = Math.floor(maxTrace / 2);
  const below = maxTrace - above;
  let out = '';
  for (let i = 0; i < above; i++) out += line(frames[i]);
  out += '\t...\n';
  for (let i = sz - below; i < sz; i++) out += line(frames[i]);
  return out;
}

/** Converts a native function's JSON result back into a Jsonnet value. */
export function fromJson(v: JsonValue): Value {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (v === undefined) return null;
  if (Array.isArray(v)) return new JArray(v.map(fromJson));
  const m = new Map<string, LazyValue>();
  for (const k of Object.keys(v)) m.set(k, fromJson(v[k]));
  return JObject.fromMap(m);
}
