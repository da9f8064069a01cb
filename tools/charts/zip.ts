// A minimal ZIP reader: finds one entry through the central directory and
// streams it out (stored or deflated), checking size and CRC-32.
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInflateRaw, crc32 as zlibCrc32 } from 'node:zlib';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  method: number; // 0 stored, 8 deflate
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CDIR_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  if (bytesRead !== len) throw new ZipError(`short read at offset ${pos}`);
  return buf;
}

/** Lists the entries of a ZIP archive (no ZIP64 support: entries must be < 4 GiB). */
export async function listZip(path: string): Promise<ZipEntry[]> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = await readAt(fh, size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) { eocd = i; break; }
    }
    if (eocd < 0) throw new ZipError(`${path}: end of central directory not found`);
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = await readAt(fh, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (cd.readUInt32LE(p) !== CDIR_SIG) throw new ZipError(`${path}: bad central directory entry ${i}`);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      entries.push({
        method: cd.readUInt16LE(p + 10),
        crc32: cd.readUInt32LE(p + 16),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
        name: cd.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/** Counts bytes and computes CRC-32 and sha256 of what passes through. */
class Checker extends Transform {
  bytes = 0;
  crc = 0;
  hash = createHash('sha256');
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.crc = zlibCrc32(chunk, this.crc);
    this.hash.update(chunk);
    cb(null, chunk);
  }
}

/** Writes one entry to `dest`; returns the sha256 (hex) of the written content. */
export async function extractZipEntry(zipPath: string, entry: ZipEntry, dest: string): Promise<string> {
  const fh = await open(zipPath, 'r');
  let dataStart: number;
  try {
    const local = await readAt(fh, entry.localHeaderOffset, 30);
    if (local.readUInt32LE(0) !== LOCAL_SIG) throw new ZipError(`${zipPath}: bad local header for ${entry.name}`);
    dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipError(`${zipPath}: ${entry.name}: unsupported compression method ${entry.method}`);
  }
  const checker = new Checker();
  const out = createWriteStream(dest, { mode: 0o755 });
  if (entry.compressedSize === 0) {
    await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  } else {
    const source = createReadStream(zipPath, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
    if (entry.method === 8) await pipeline(source, createInflateRaw(), checker, out);
    else await pipeline(source, checker, out);
  }
  if (checker.bytes !== entry.size) {
    throw new ZipError(`${zipPath}: ${entry.name}: expected ${entry.size} bytes, got ${checker.bytes}`);
  }
  if ((checker.crc >>> 0) !== (entry.crc32 >>> 0)) {
    throw new ZipError(`${zipPath}: ${entry.name}: CRC-32 mismatch`);
  }
  return checker.hash.digest('hex');
}
