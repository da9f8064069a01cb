// The embedding API of the Jsonnet engine: what the CLI, the Tanka layer and
// the tests program against. `engine.ts` implements it.

import type { JsonValue } from '../gocompat/json.js';
import type { Value } from './value.js';

/** A JSON value as native functions receive and return it. */
export type { JsonValue };

/** Resolves `import 'path'` from a file: returns the content and where it was found, or null. */
export type ImportResolver = (
  importedFrom: string, // the importing file's path (as std.thisFile sees it), or the snippet's filename
  path: string, // the string literal as written
) => { foundAt: string; content: string | Uint8Array } | null;

export interface NativeFunction {
  params: string[];
  /** Arguments arrive as JSON values (hidden object fields left out, as go-jsonnet passes them). */
  fn: (...args: JsonValue[]) => JsonValue;
}

/** An external variable or top-level argument: a string, or Jsonnet code. */
export type ExtValue = { kind: 'string'; value: string } | { kind: 'code'; value: string };

export interface EngineOptions {
  /** Library search paths (-J). Like go-jsonnet: the importing file's directory first, then the jpaths, last one first. */
  jpath?: string[];
  /** Replaces the file-system resolver entirely when given. */
  importer?: ImportResolver;
  extVars?: Record<string, ExtValue>;
  tlas?: Record<string, ExtValue>;
  natives?: Record<string, NativeFunction>;
  /** Maximum stack frames (go-jsonnet default 500). */
  maxStack?: number;
  /** Maximum stack trace lines shown in errors (default 20; 0 = all). */
  maxTrace?: number;
  /** Longest array one operation may build (default 10,000,000; CLI --max-array-length). */
  maxArrayLength?: number;
  /** Longest string one operation may build, in UTF-16 units (default 100,000,000; CLI --max-string-length). */
  maxStringLength?: number;
  /** Largest file import/importstr/importbin reads, in bytes (default 100 MiB; CLI --max-import-size). */
  maxImportSize?: number;
  /** Where std.trace writes (default: process.stderr). */
  traceOut?: (line: string) => void;
}

/** A Jsonnet error (static or runtime), already formatted as go-jsonnet prints it. */
export interface JsonnetErrorLike extends Error {
  /** The full text the `jsonnet` CLI would print (first line, then the stack trace). */
  formatted: string;
}

export interface EngineApi {
  /** Evaluates a file (path as given becomes std.thisFile) and applies TLAs. */
  evaluateFile(path: string): Value;
  /** Evaluates code whose filename (for errors and relative imports) is `filename`; `anonymous`: std.thisFile is "" (as for -e). */
  evaluateSnippet(filename: string, code: string, anonymous?: boolean): Value;
  /** Deep-forces a value into plain JSON (hidden fields left out, asserts checked). */
  toJson(v: Value): JsonValue;
  /** go-jsonnet's JSON output: 3-space indent, sorted keys, trailing newline. */
  manifestJson(v: Value): string;
}
