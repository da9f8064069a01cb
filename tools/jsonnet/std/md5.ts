// MD5 (RFC 1321) of a string's UTF-8 bytes, for std.md5. Written here rather than taken from
// node:crypto: loading that module (and the stream modules under it) costs about 60 M instructions,
// more than a program evaluating a hundred objects spends hashing their config.

/** Per-step left-rotation amounts: four per round, each used four times. */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/** The RFC's table: the integer part of 2^32 * |sin(i + 1)| (i in radians). */
const SINES = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32));

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

const utf8 = new TextEncoder();

/** The MD5 digest of `s` (encoded as UTF-8, a lone surrogate as U+FFFD) in lower-case hex. */
export function md5Hex(s: string): string {
  const text = utf8.encode(s);
  const n = text.length;
  // The message, a 0x80 byte, zeros up to 56 mod 64, then the length in bits as 64-bit little-endian.
  const padded = new Uint8Array((((n + 8) >>> 6) + 1) << 6);
  padded.set(text);
  padded[n] = 0x80;
  const bits = n * 8;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, bits >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor(bits / 2 ** 32), true);

  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  const m = new Int32Array(16);
  for (let chunk = 0; chunk < padded.length; chunk += 64) {
    for (let w = 0; w < 16; w++) m[w] = view.getInt32(chunk + 4 * w, true);
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      f = (f + a + SINES[i] + m[g]) | 0;
      a = d;
      d = c;
      c = b;
      const s = SHIFTS[((i >>> 4) << 2) | (i & 3)];
      b = (b + ((f << s) | (f >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  let out = '';
  for (const word of [a0, b0, c0, d0]) {
    for (let byte = 0; byte < 4; byte++) out += HEX[(word >>> (8 * byte)) & 0xff];
  }
  return out;
}
