// No input may crash the engine or leak a JavaScript error: seeded random
// mutations of valid programs must either evaluate or fail with a JsonnetError
// whose text carries no JS stack.
import { describe, expect, it } from 'vitest';
import { Engine, JsonnetError } from '../../../tools/jsonnet/engine.js';

const seeds = [
  'local f(x, y=2) = x * y; { a: f(1), b: [f(i) for i in [1, 2, 3] if i > 1], c: { d: $.a, e: self.d } }',
  'local base = { x: 1, y: self.x + 1, h:: "hidden" }; base + { x: 10, z: super.y, w+: [1] } + { w+: [2] }',
  "{ [k]: { v: k + '!' } for k in ['a', 'b'] } + { a+: { extra: true } }",
  "local s = 'héllo'; [s[1], s[1:3], @'v''b', |||\n  text\n  block\n|||, \"\\u00e9\\n\"]",
  "local o = { assert self.n > 0 : 'positive', n: 1, local t = self.n * 2, m: t }; [o.m, 'n' in o, o == o]",
  'local fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2); [fib(10), 1 << 3, 7 % 3, ~5 & 3 | 8 ^ 1, !(1 < 2) || true]',
  "local x = error 'lazy'; [[error 'no', 3][1], { a: error 'never' }.b, if false then x else null]",
];
const pieces = ['self', 'super', '$', '(', ')', '{', '}', '[', ']', ',', ':', '::', '+:', ';', 'local', 'function', 'if', 'then',
  'else', '|||', '"', "'", '@', 'for', 'in', '+', '-', '!', '~', '.', 'error', 'assert', 'import', '\\u', '\n', ' ', 'x', '[::]'];

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('robustness', () => {
  it('3000 mutated programs: a value or a JsonnetError, never a JS error', () => {
    const rand = rng(20261122);
    let errors = 0;
    for (let n = 0; n < 3000; n++) {
      let s = seeds[Math.floor(rand() * seeds.length)];
      const edits = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < edits; i++) {
        const at = Math.floor(rand() * s.length);
        const r = rand();
        if (r < 0.4) s = s.slice(0, at) + pieces[Math.floor(rand() * pieces.length)] + s.slice(at);
        else if (r < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 5));
        else {
          const b = Math.floor(rand() * s.length);
          s = s.slice(0, at) + s.slice(b, b + 10) + s.slice(at);
        }
      }
      const e = new Engine({ maxStack: 100 });
      try {
        e.manifestJson(e.evaluateSnippet('fuzz.jsonnet', s));
      } catch (err) {
        errors++;
        if (!(err instanceof JsonnetError)) throw new Error(`not a JsonnetError for ${JSON.stringify(s)}: ${String(err)}`);
        expect(err.formatted, s).not.toMatch(/\bat .*\.[jt]s:\d+|TypeError|ReferenceError|RangeError/);
        expect(err.formatted.startsWith('RUNTIME ERROR: ') || /^fuzz\.jsonnet:\S+ /.test(err.formatted), err.formatted).toBe(true);
      }
    }
    expect(errors).toBeGreaterThan(1000); // the mutations really do break programs
  });
});
