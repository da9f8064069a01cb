// std.md5 is our own MD5 (tools/jsonnet/std/md5.ts): checked against OpenSSL's through node:crypto
// on every padding boundary, multi-byte and invalid UTF-16 text, and through the engine.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { md5Hex } from '../../../tools/jsonnet/std/md5.js';
import { Engine } from '../../../tools/jsonnet/engine.js';

const openssl = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

describe('md5Hex', () => {
  test('the RFC 1321 test suite', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex('1234567890'.repeat(8))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  test('every length around the 64-byte block and 56-byte padding boundaries', () => {
    let s = '';
    for (let n = 0; n <= 300; n++) {
      expect(md5Hex(s), `length ${n}`).toBe(openssl(s));
      s += String.fromCharCode(32 + ((n * 37) % 95));
    }
  });

  test('multi-byte UTF-8, bytes above 0x7f, lone surrogates and a megabyte', () => {
    const cases = ['日本語', 'héllo😀', '\u0080\u00ff\u07ff\u0800\uffff', '\ud800', 'a\udc00b', '\u0000', 'x'.repeat(1 << 20)];
    for (let i = 0; i < 200; i++) {
      let s = '';
      for (let j = 0; j < (i * 7) % 90; j++) s += String.fromCodePoint(((i + 1) * (j + 3) * 2654435761) % 0x10ffff);
      cases.push(s);
    }
    for (const s of cases) expect(md5Hex(s), JSON.stringify(s.slice(0, 20))).toBe(openssl(s));
  });

  test('std.md5 gives it for the string, and refuses what is no string', () => {
    const engine = new Engine();
    const ev = (code: string) => engine.toJson(engine.evaluateSnippet('t.jsonnet', code));
    expect(ev(`std.md5('The quick brown fox jumps over the lazy dog')`)).toBe('9e107d9d372bb6826bd81d3542a419d6');
    expect(() => ev('std.md5(1)')).toThrow('Unexpected type number, expected string');
  });
});
