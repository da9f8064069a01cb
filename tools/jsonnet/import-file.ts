// One import candidate read the way go-jsonnet's file importer (and tk's, which wraps it) reads it:
// only a missing file lets the search go on to the next directory. Anything else found at the path
// ends the search with Go's os error: a folder is `read <path>: is a directory`, a file used as a
// folder `open <path>: not a directory`, a NUL byte in the name `open <path>: invalid argument`.
// Unlike go-jsonnet, only regular files are read: a fifo would wait for a writer and a device such as
// /dev/zero never ends, so the file is opened without blocking and checked before it is read.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathErrorText } from '../gocompat/errors.js';
import { RuntimeError } from './value.js';

/**
 * Where go-jsonnet looks for `imported` in `dir` (the importing file's folder: its path up to the last
 * slash, '' for code that is no file): an absolute path as written, else Go's filepath.Join, which
 * leaves out empty parts and cleans the result (no trailing slash).
 */
export function importCandidate(dir: string, imported: string): string {
  if (path.isAbsolute(imported)) return imported;
  if (dir === '' && imported === '') return '';
  const joined = dir === '' ? path.normalize(imported) : path.join(dir, imported);
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

/** The folder part of a file's path as Go's path.Split gives it: up to the last slash, or ''. */
export function importingDir(file: string): string {
  return file.slice(0, file.lastIndexOf('/') + 1);
}

/**
 * The candidate's bytes, or null when nothing is at that path. `imported` is the path as written, for
 * our own refusals (not a regular file, over `maxSize` bytes).
 */
export function readImportCandidate(file: string, imported: string, maxSize = Infinity): Buffer | null {
  if (file.includes('\0')) throw new RuntimeError(`open ${file}: invalid argument`);
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RuntimeError(pathErrorText(e, file, 'open'));
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new RuntimeError(`read ${file}: is a directory`);
    if (!st.isFile()) throw new RuntimeError(`couldn't open import ${JSON.stringify(imported)}: ${file} is not a regular file`);
    if (st.size > maxSize) {
      throw new RuntimeError(
        `couldn't open import ${JSON.stringify(imported)}: ${file} has ${st.size} bytes, more than the limit of ${maxSize} (raise it with --max-import-size)`,
      );
    }
    return fs.readFileSync(fd);
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    throw new RuntimeError(pathErrorText(e, file, 'read'));
  } finally {
    fs.closeSync(fd);
  }
}
