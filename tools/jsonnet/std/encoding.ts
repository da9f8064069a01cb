// Encodings and digests: base64, base64Decode, base64DecodeBytes, md5, sha1,
// sha256, sha512, sha3 (SHA3-512, as go-jsonnet), encodeUTF8, decodeUTF8.
// Byte strings decode like Go: each invalid UTF-8 byte becomes U+FFFD.

import { createRequire } from 'node:module';
import { JArray, RuntimeError, builtin, typeOf, type Value } from '../value.js';
import { asArray, asInt, asString, register, type Builtins } from './util.js';
import { md5Hex } from './md5.js';

// node:crypto is loaded on first use: most programs never hash, and start-up counts.
const requireBuiltin = createRequire(import.meta.url);
let cryptoModule: typeof import('node:crypto') | null = null;
function crypto(): typeof import('node:crypto') {
  return (cryptoModule ??= requireBuiltin('node:crypto') as typeof import('node:crypto'));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Go's string(bytes) seen as runes: invalid sequences give one U+FFFD per byte. */
export function decodeUtf8Go(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // fall through to the byte-by-byte decoder
  }
  const out: string[] = [];
  const n = bytes.length;
  const cont = (i: number, lo = 0x80, hi = 0xbf) => i < n && bytes[i] >= lo && bytes[i] <= hi;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      out.push(String.fromCharCode(b));
      i++;
      continue;
    }
    let len = 0;
    if (b >= 0xc2 && b <= 0xdf) len = cont(i + 1) ? 2 : 0;
    else if (b === 0xe0) len = cont(i + 1, 0xa0) && cont(i + 2) ? 3 : 0;
    else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) len = cont(i + 1) && cont(i + 2) ? 3 : 0;
    else if (b === 0xed) len = cont(i + 1, 0x80, 0x9f) && cont(i + 2) ? 3 : 0;
    else if (b === 0xf0) len = cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b >= 0xf1 && b <= 0xf3) len = cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b === 0xf4) len = cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (len === 0) {
      out.push('\ufffd');
      i++;
    } else {
      out.push(strictUtf8.decode(bytes.subarray(i, i + len)));
      i += len;
    }
  }
  return out.join('');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INV = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INV[B64.charCodeAt(i)] = i;

function corrupt(s: string, i: number): RuntimeError {
  const offset = Buffer.byteLength(s.slice(0, i), 'utf8');
  return new RuntimeError(`failed to decode: illegal base64 data at input byte ${offset}`);
}

/** Go's base64.StdEncoding.DecodeString after go-jsonnet's length check. */
function base64DecodeGo(s: string): Uint8Array {
  const byteLen = Buffer.byteLength(s, 'utf8');
  if (byteLen % 4 !== 0) {
    throw new RuntimeError(`input string appears not to be a base64 encoded string. Wrong length found (${byteLen})`);
  }
  const out = new Uint8Array((byteLen / 4) * 3);
  let o = 0;
  let i = 0;
  const n = s.length;
  const skipNewlines = () => {
    while (i < n && (s.charCodeAt(i) === 10 || s.charCodeAt(i) === 13)) i++;
  };
  const q = [0, 0, 0, 0];
  for (;;) {
    let k = 0;
    let padded = false;
    while (k < 4) {
      skipNewlines();
      if (i >= n) {
        if (k === 0) return out.subarray(0, o);
        throw corrupt(s, i - k);
      }
      const c = s.charCodeAt(i);
      if (c === 61 /* = */) {
        if (k < 2) throw corrupt(s, i);
        i++;
        if (k === 2) {
          skipNewlines();
          if (i >= n || s.charCodeAt(i) !== 61) throw corrupt(s, i >= n ? n : i);
          i++;
        }
        skipNewlines();
        if (i < n) throw corrupt(s, i);
        padded = true;
        break;
      }
      const v = c < 128 ? B64_INV[c] : -1;
      if (v < 0) throw corrupt(s, i);
      q[k++] = v;
      i++;
    }
    const bits = (q[0] << 18) | (q[1] << 12) | ((k > 2 ? q[2] : 0) << 6) | (k > 3 ? q[3] : 0);
    out[o++] = (bits >> 16) & 0xff;
    if (k > 2) out[o++] = (bits >> 8) & 0xff;
    if (k > 3) out[o++] = bits & 0xff;
    if (padded) return out.subarray(0, o);
  }
}

function base64Encode(input: Value): string {
  if (typeof input === 'string') {
    for (const ch of input) {
      const cp = ch.codePointAt(0)!;
      if (cp > 255) {
        throw new RuntimeError(`base64 encountered invalid codepoint value in the array (must be 0 <= X <= 255), got ${cp}`);
      }
    }
    // Like go-jsonnet, the string's UTF-8 bytes are encoded (C++ 0.18 encodes
    // each code point as one byte, which differs for U+0080..U+00FF).
    return Buffer.from(input, 'utf8').toString('base64');
  }
  if (input instanceof JArray) {
    const bytes = new Uint8Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const v = input.get(i);
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
        throw new RuntimeError(`base64 encountered a non-integer value in the array, got ${typeOf(v)}`);
      }
      if (v < 0 || v > 255) {
        throw new RuntimeError(`base64 encountered invalid codepoint value in the array (must be 0 <= X <= 255), got ${v}`);
      }
      bytes[i] = v;
    }
    return Buffer.from(bytes).toString('base64');
  }
  throw new RuntimeError(`base64 can only base64 encode strings / arrays of single bytes, got ${typeOf(input)}`);
}

function decodeInput(v: Value): Uint8Array {
  if (typeof v !== 'string') throw new RuntimeError(`base64DecodeBytes requires a string, got ${typeOf(v)}`);
  return base64DecodeGo(v);
}

function digest(alg: string) {
  return (a: Value[]) => crypto().createHash(alg).update(asString(a[0]), 'utf8').digest('hex');
}

export function addEncodingBuiltins(m: Builtins): void {
  register(
    m,
    builtin('base64', ['input'], ([v]) => base64Encode(v)),
    builtin('base64DecodeBytes', ['str'], ([v]) => JArray.of(Array.from(decodeInput(v)))),
    builtin('base64Decode', ['str'], ([v]) => decodeUtf8Go(decodeInput(v))),
    builtin('md5', ['s'], (a) => md5Hex(asString(a[0]))),
    builtin('sha1', ['s'], digest('sha1')),
    builtin('sha256', ['s'], digest('sha256')),
    builtin('sha512', ['s'], digest('sha512')),
    builtin('sha3', ['s'], digest('sha3-512')),
    builtin('encodeUTF8', ['str'], ([v]) => JArray.of(Array.from(Buffer.from(asString(v), 'utf8')))),
    builtin('decodeUTF8', ['arr'], ([v]) => {
      const arr = asArray(v);
      const bytes = new Uint8Array(arr.length);
      for (let i = 0; i < arr.length; i++) {
        const b = asInt(arr.get(i));
        if (b < 0 || b > 255) throw new RuntimeError(`Bytes must be integers in range [0, 255], got ${b}`);
        bytes[i] = b;
      }
      return decodeUtf8Go(bytes);
    }),
  );
}
