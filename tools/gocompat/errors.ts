// Error texts the way Go programs (tk, helm) word them, for failures that Node words its own way:
// - os.PathError (`read /x/spec.json: is a directory`) for a file-system error, so a failed
//   stat/open/read names the operation, the path and the reason, instead of Node's
//   `EISDIR: illegal operation on a directory, read` (which names no path at all);
// - go-yaml's / encoding/json's `exceeded max depth` for input nested so deeply that a parser ran
//   out of JavaScript stack (`Maximum call stack size exceeded` says nothing to a user).

/** Go's errno texts where libuv words them differently or not at all. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'file exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTEMPTY: 'directory not empty',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  EXDEV: 'invalid cross-device link',
  EBUSY: 'device or resource busy',
};

/** Node's syscall names where Go's os package names the operation differently. */
const OPERATIONS: Record<string, string> = { scandir: 'open', opendir: 'open', unlink: 'remove', rmdir: 'remove' };

/** A Node system error (fs, child_process, net): it carries an errno code. */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

/**
 * `<op> <path>: <reason>` for a system error; `path` and `operation` override the error's own (a read
 * on a descriptor has no path; Go names some operations differently). Other errors give their message.
 */
export function pathErrorText(e: unknown, path?: string, operation?: string): string {
  if (!isSystemError(e)) return e instanceof Error ? e.message : String(e);
  const code = e.code!;
  const libuv = /^[A-Z]+: ([^,]+)/.exec(e.message)?.[1];
  const reason = REASONS[code] ?? libuv ?? code;
  const where = path ?? e.path;
  const op = operation ?? OPERATIONS[e.syscall!] ?? e.syscall!;
  if (where === undefined) return `${op}: ${reason}`;
  const dest = (e as { dest?: string }).dest;
  return dest ? `${op} ${where} ${dest}: ${reason}` : `${op} ${where}: ${reason}`;
}

/** A message that reports a JavaScript stack exhaustion (the yaml package keeps it as a document error). */
export function mentionsStackOverflow(message: string): boolean {
  return message.includes('Maximum call stack size exceeded');
}

/** A JavaScript stack exhaustion (deeply nested input reached a recursive parser). */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && mentionsStackOverflow(e.message);
}

/** A parser message with the JavaScript stack exhaustion worded as Go's depth limit. */
export function depthLimitText(message: string): string {
  return message.replace(/Maximum call stack size exceeded/g, 'exceeded max depth');
}
