// A tar reader (ustar, pax and GNU long names) that turns a gzipped chart archive
// into an in-memory file tree, refusing anything unsafe.
import { gunzipSync } from 'node:zlib';
import { posix } from 'node:path';
import { ChartsError } from './errors.js';

interface TarEntry {
  path: string;
  type: string; // '0' file, '5' dir, '1' hard link, '2' symlink, other: special
  mode: number;
  data: Buffer;
  linkname: string;
}

/** A chart's files: path relative to the chart root (posix) → content and mode. */
export type FileTree = Map<string, { data: Buffer; mode: number }>;

export interface Limits {
  /** Largest compressed archive accepted, in bytes. */
  maxArchiveBytes: number;
  /** Largest total size of all files once unpacked, in bytes. */
  maxUnpackedBytes: number;
  /** Most files in one chart. */
  maxFiles: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxArchiveBytes: 64 * 1024 * 1024,
  maxUnpackedBytes: 256 * 1024 * 1024,
  maxFiles: 20_000,
};

function cstring(buf: Buffer, start: number, len: number): string {
  const slice = buf.subarray(start, start + len);
  const nul = slice.indexOf(0);
  return (nul < 0 ? slice : slice.subarray(0, nul)).toString('utf8');
}

function octal(buf: Buffer, start: number, len: number, what: string): number {
  // GNU base-256 for large values: high bit set.
  if ((buf[start]! & 0x80) !== 0) {
    let n = 0;
    for (let i = 1; i < len; i++) n = n * 256 + buf[start + i]!;
    return n;
  }
  const s = cstring(buf, start, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new Error(`bad ${what} field "${s}"`);
  return parseInt(s, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let p = 0;
  while (p < data.length) {
    const sp = data.indexOf(0x20, p);
    if (sp < 0) break;
    const len = Number(data.subarray(p, sp).toString('ascii'));
    if (!Number.isInteger(len) || len <= 0) throw new Error('bad pax record');
    const rec = data.subarray(sp + 1, p + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    p += len;
  }
  return out;
}

/** Reads all entries of an uncompressed tar stream. */
export function readTar(buf: Buffer, limits: Limits = DEFAULT_LIMITS): TarEntry[] {
  const entries: TarEntry[] = [];
  let p = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  let total = 0;
  while (p + 512 <= buf.length) {
    const h = buf.subarray(p, p + 512);
    if (h.every((b) => b === 0)) break;
    // Verify the header checksum: catches archives that are not tar at all.
    const stored = octal(h, 148, 8, 'checksum');
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (sum !== stored) throw new Error(`bad tar header checksum at offset ${p}`);
    const size = octal(h, 124, 12, 'size');
    const type = String.fromCharCode(h[156]! || 0x30);
    const dataStart = p + 512;
    const dataEnd = dataStart + size;
    if (dataEnd > buf.length) throw new Error('truncated tar archive');
    const data = buf.subarray(dataStart, dataEnd);
    p = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'x') { pax = { ...pax, ...parsePax(data) }; continue; }
    if (type === 'g') continue; // global pax header: nothing we use
    if (type === 'L') { longName = cstring(data, 0, data.length); continue; }
    if (type === 'K') { longLink = cstring(data, 0, data.length); continue; }
    let name = cstring(h, 0, 100);
    const magic = cstring(h, 257, 6);
    if (magic.startsWith('ustar')) {
      const prefix = cstring(h, 345, 155);
      if (prefix !== '') name = `${prefix}/${name}`;
    }
    if (pax.path !== undefined) name = pax.path;
    if (longName !== undefined) name = longName;
    let linkname = cstring(h, 157, 100);
    if (pax.linkpath !== undefined) linkname = pax.linkpath;
    if (longLink !== undefined) linkname = longLink;
    longName = longLink = undefined;
    pax = {};
    total += size;
    if (total > limits.maxUnpackedBytes) {
      throw new Error(`archive unpacks to more than ${limits.maxUnpackedBytes} bytes`);
    }
    if (entries.length >= limits.maxFiles) throw new Error(`archive has more than ${limits.maxFiles} entries`);
    entries.push({ path: name, type, mode: octal(h, 100, 8, 'mode'), data, linkname });
  }
  return entries;
}

/** Validates a relative archive path and returns it normalized ('' for the root). */
export function safeRelative(path: string, what: string): string {
  if (path.includes('\0')) throw new Error(`${what} "${path}" contains a NUL byte`);
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\')) {
    throw new Error(`${what} "${path}" is an absolute path`);
  }
  if (path.includes('\\')) throw new Error(`${what} "${path}" contains a backslash`);
  const parts = path.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) throw new Error(`${what} "${path}" contains ".."`);
  return parts.join('/');
}

/**
 * Unpacks a gzipped chart archive into a FileTree rooted at the chart folder
 * (the archive's single top-level folder). Links are materialized as copies when
 * they stay inside the chart; anything else unsafe is an error naming the entry.
 */
export function unpackChartArchive(gz: Buffer, origin: string, limits: Limits = DEFAULT_LIMITS): { top: string; files: FileTree } {
  const fail = (msg: string): never => {
    throw new ChartsError(`${origin}: unsafe or invalid chart archive: ${msg}`);
  };
  if (gz.length > limits.maxArchiveBytes) fail(`archive is ${gz.length} bytes, over the limit of ${limits.maxArchiveBytes}`);
  let raw: Buffer;
  try {
    raw = gunzipSync(gz, { maxOutputLength: limits.maxUnpackedBytes + 1024 * 1024 });
  } catch (err) {
    // zlib stops at maxOutputLength: an archive that inflates past the limit is a decompression bomb.
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return fail(`unpacks to more than ${limits.maxUnpackedBytes} bytes (the limit for a chart): refused`);
    }
    return fail(`cannot decompress: ${(err as Error).message}`);
  }
  let entries: TarEntry[];
  try {
    entries = readTar(raw, limits);
  } catch (err) {
    return fail((err as Error).message);
  }
  let top: string | undefined;
  const files: FileTree = new Map();
  const links: { path: string; target: string; entry: string }[] = [];
  for (const e of entries) {
    let rel: string;
    try {
      rel = safeRelative(e.path, 'entry');
    } catch (err) {
      return fail((err as Error).message);
    }
    if (rel === '') continue;
    const slash = rel.indexOf('/');
    const first = slash < 0 ? rel : rel.slice(0, slash);
    if (top === undefined) top = first;
    else if (top !== first) fail(`entries under more than one top-level folder ("${top}" and "${first}")`);
    const inner = slash < 0 ? '' : rel.slice(slash + 1);
    if (e.type === '5') continue;
    if (inner === '') fail(`entry "${e.path}" is not inside the chart folder`);
    if (e.type === '0' || e.type === '7') {
      files.set(inner, { data: e.data, mode: e.mode & 0o111 ? 0o755 : 0o644 });
    } else if (e.type === '1' || e.type === '2') {
      // Hard links name an archive path; symlinks are relative to the link's folder.
      let target: string;
      if (e.linkname.startsWith('/')) return fail(`link "${e.path}" points to an absolute path "${e.linkname}"`);
      const joined = e.type === '1' ? e.linkname : posix.join(posix.dirname(rel), e.linkname);
      const norm = posix.normalize(joined);
      if (norm.startsWith('../') || norm === '..' || !(norm === top || norm.startsWith(`${top}/`))) {
        return fail(`link "${e.path}" -> "${e.linkname}" leaves the chart`);
      }
      target = norm.slice(top!.length + 1);
      links.push({ path: inner, target, entry: e.path });
    } else {
      fail(`entry "${e.path}" has unsupported type "${e.type}" (device, fifo or other special file)`);
    }
  }
  for (const l of links) {
    const target = files.get(l.target);
    if (!target) fail(`link "${l.entry}" points to "${l.target}", which is not a file in the chart`);
    files.set(l.path, target!);
  }
  if (top === undefined) fail('archive is empty');
  return { top: top!, files };
}
