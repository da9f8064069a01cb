// How every `tkts` command reports a failure it did not expect, under one exit-code rule:
// 0 success, 1 a failure the user can fix (bad input, missing file, findings), 2 usage errors and
// internal errors. A user never sees a JavaScript stack trace unless TKTS_DEBUG is set.

import { isStackOverflow, isSystemError, pathErrorText } from '../gocompat/errors.js';

/** Exit code for a failure the user can fix. */
export const EXIT_FAILURE = 1;
/** Exit code for a usage error or an internal error. */
export const EXIT_USAGE = 2;

/** A bug in the toolkit rather than a problem with the input. */
function isInternal(e: unknown): boolean {
  return e instanceof TypeError || e instanceof ReferenceError || e instanceof RangeError || (e instanceof SyntaxError && !e.message.includes('JSON'));
}

/**
 * Prints an error that reached a command's top level and returns its exit code. File-system errors
 * are worded like Go's (`open <path>: permission denied`); stack exhaustion from deeply nested input
 * is a depth-limit error; anything else unexpected is an internal error, stack only with TKTS_DEBUG.
 */
export function reportUnexpected(e: unknown, write: (s: string) => void, prefix = 'Error: '): number {
  if (isStackOverflow(e)) {
    write(`${prefix}exceeded max depth: the input is nested too deeply to process\n`);
    return EXIT_FAILURE;
  }
  if (isSystemError(e)) {
    write(`${prefix}${pathErrorText(e)}\n`);
    return EXIT_FAILURE;
  }
  if (isInternal(e)) {
    const err = e as Error;
    const detail = process.env.TKTS_DEBUG ? `\n${err.stack ?? ''}` : ' (set TKTS_DEBUG=1 to see where)';
    write(`internal error: ${err.name}: ${err.message}${detail}\n`);
    return EXIT_USAGE;
  }
  write(`${prefix}${e instanceof Error ? e.message : String(e)}\n`);
  return EXIT_FAILURE;
}
