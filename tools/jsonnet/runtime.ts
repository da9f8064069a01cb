// Evaluator state shared by compiled code: the stack-depth counter, error
// tracing, and string conversion.

import { toStringValue } from './manifest/json.js';
import type { Loc } from './ast.js';
import { StaticError } from './lexer.js';
import { checkStringLength, limits } from './std/util.js';
import { goStdFrame } from './std/go-std-frames.js';
import { RuntimeError, type Value } from './value.js';

/** go-jsonnet's rendering of a location range. */
export function formatLoc(loc: Loc): string {
  if (loc.line === 0) return ''; // NO_LOCATION
  const prefix = loc.file ? loc.file + ':' : '';
  if (loc.line === loc.endLine) {
    if (loc.column === loc.endColumn) return `${prefix}${loc.line}:${loc.column}`;
    return `${prefix}${loc.line}:${loc.column}-${loc.endColumn}`;
  }
  return `${prefix}(${loc.line}:${loc.column})-(${loc.endLine}:${loc.endColumn})`;
}

/** A frame that go-jsonnet prints with an empty location (the `+:` of an object comprehension's field). */
export const NO_LOCATION: Loc = { file: '', line: 0, column: 0, endLine: 0, endColumn: 0 };

/** Converts any thrown value into a RuntimeError (JS stack overflow included). */
export function toRuntimeError(e: unknown): RuntimeError {
  if (e instanceof RuntimeError) return e;
  if (e instanceof RangeError) {
    if (e.message.includes('call stack')) {
      const r = new RuntimeError('max stack frames exceeded.');
      r.jsStackOverflow = true;
      return r;
    }
    if (e.message.includes("string length")) return new RuntimeError('String is too long (exceeds the maximum string length)');
    if (e.message.includes("array length")) return new RuntimeError('Array is too long (exceeds the maximum array length)');
    return new RuntimeError(e.message);
  }
  if (e instanceof StaticError) return new RuntimeError(`${formatLoc(e.loc)} ${e.message}`);
  if (e instanceof Error) {
    const r = new RuntimeError(e.message);
    const t = (e as { trace?: unknown }).trace;
    if (Array.isArray(t)) r.trace = t;
    return r;
  }
  return new RuntimeError(String(e));
}

/**
 * Records where an error passed: `always` for frame boundaries (calls,
 * variable forcing, field access), otherwise only when it is the first
 * (innermost) location.
 */
export function traced(e: unknown, loc: Loc, description: string, always: boolean): RuntimeError {
  const err = toRuntimeError(e);
  if (err.trace === null) err.trace = [];
  // After a location-less manifestation frame (`Field "a"`), the code that
  // asked for the manifestation is the next located frame.
  if (always || err.trace.length === 0 || err.trace[err.trace.length - 1].loc === null) err.trace.push({ loc, description });
  return err;
}

/**
 * For an error raised inside the builtin std.<name> (no frame yet): the frame
 * in `<std>` where go-jsonnet, whose std function is Jsonnet code, reports it.
 */
export function addStdFrame(e: unknown, name: string): boolean {
  if (!(e instanceof RuntimeError) || (e.trace !== null && e.trace.length > 0)) return false;
  const frame = e.goFrame ?? goStdFrame(name, e.message);
  if (frame === null) return false;
  e.trace = [frame];
  return true;
}

export function concatToString(a: string, b: string): string {
  if (a.length + b.length > limits.maxStringLength) checkStringLength(a.length + b.length);
  return a + b;
}

/** std.toString semantics: strings as is, everything else as single-line JSON. */
export function valueToString(v: Value): string {
  return toStringValue(v);
}
