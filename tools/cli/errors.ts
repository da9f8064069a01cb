// How every `tkts` command ends on an error, under one exit-code rule:
// 0 success; 1 a failure the user can fix (bad input, missing file, findings); 2 a usage error
// (UsageError: unknown flag, wrong arguments, bad flag value) or an internal error (a bug in the
// toolkit). A user never sees a JavaScript stack trace unless TKTS_DEBUG is set.
// Commands whose exit 1 means "findings" or "differences" (validate, diff) end a run that could
// not even start with 2 instead, so a script can tell the two apart (as diff(1) does).

import { ChartsError, ChartsErrors } from '../charts/errors.js';
import { isStackOverflow, isSystemError, pathErrorText } from '../gocompat/errors.js';

/** Exit code for a failure the user can fix. */
const EXIT_FAILURE = 1;
/** Exit code for a usage error or an internal error. */
const EXIT_USAGE = 2;

/** How a command line is read (flags.ts): pflag's way, or go-jsonnet's for tkts-jsonnet. */
export type Dialect = 'pflag' | 'go-jsonnet';

/**
 * Wrong use of the command line: exit 2 with the message. In go-jsonnet's dialect (tkts-jsonnet) the
 * message is go-jsonnet's whole text, printed as it is, and the exit code is go-jsonnet's 1.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly dialect: Dialect = 'pflag',
  ) {
    super(message);
  }
}

/** A bug in the toolkit rather than a problem with the input. */
function isInternal(e: unknown): boolean {
  return e instanceof TypeError || e instanceof ReferenceError || e instanceof RangeError || (e instanceof SyntaxError && !e.message.includes('JSON'));
}

/**
 * Prints an error that reached a command's top level and returns its exit code (`failureExit` for
 * a failure on the input). File-system errors are worded like Go's (`open <path>: permission
 * denied`); stack exhaustion from deeply nested input is a depth-limit error; anything else
 * unexpected is an internal error, its stack shown only with TKTS_DEBUG.
 */
export function reportError(e: unknown, write: (s: string) => void, failureExit: 1 | 2 = EXIT_FAILURE): number {
  if (e instanceof UsageError) {
    if (e.dialect === 'go-jsonnet') {
      write(e.message);
      return EXIT_FAILURE;
    }
    write(`Error: ${e.message}\n`);
    return EXIT_USAGE;
  }
  if (e instanceof ChartsErrors) {
    for (const one of e.errors) write(`Error: ${one.message}\n`);
    return failureExit;
  }
  if (e instanceof ChartsError) {
    write(`Error: ${e.message}\n`);
    return failureExit;
  }
  if (isStackOverflow(e)) {
    write('Error: exceeded max depth: the input is nested too deeply to process\n');
    return failureExit;
  }
  if (isSystemError(e)) {
    write(`Error: ${pathErrorText(e)}\n`);
    return failureExit;
  }
  if (isInternal(e)) {
    const err = e as Error;
    const detail = process.env.TKTS_DEBUG ? `\n${err.stack ?? ''}` : ' (set TKTS_DEBUG=1 to see where)';
    write(`internal error: ${err.name}: ${err.message}${detail}\n`);
    return EXIT_USAGE;
  }
  write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
  return failureExit;
}
