// go-yaml's keyList.Less for string keys (identical in v2.4.0 and v3.0.1): a
// "natural" order that compares runs of digits numerically and puts
// non-letters before letters.

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetter(cp: number): boolean {
  if (cp < 128) return (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  return LETTER.test(String.fromCodePoint(cp));
}

function isDigit(cp: number): boolean {
  if (cp >= 48 && cp <= 57) return true;
  if (cp < 128) return false;
  return DIGIT.test(String.fromCodePoint(cp));
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** Go int64 arithmetic (wraps on overflow) for the digit-run values. */
function wrap64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

const SURROGATE = /[\uD800-\uDFFF]/;

export function naturalKeyLess(a: string, b: string): boolean {
  // Without surrogate pairs, UTF-16 code units are the code points.
  const ac = SURROGATE.test(a) ? codePoints(a) : null;
  const bc = SURROGATE.test(b) ? codePoints(b) : null;
  const A = (i: number): number => (ac ? ac[i] : a.charCodeAt(i));
  const B = (i: number): number => (bc ? bc[i] : b.charCodeAt(i));
  const alen = ac ? ac.length : a.length;
  const blen = bc ? bc.length : b.length;
  for (let i = 0; i < alen && i < blen; i++) {
    const x = A(i);
    const y = B(i);
    if (x === y) continue;
    const al = isLetter(x);
    const bl = isLetter(y);
    if (al && bl) return x < y;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (x === 48 || y === 48) {
      for (let j = i - 1; j >= 0 && isDigit(A(j)); j--) {
        if (A(j) !== 48) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < alen && isDigit(A(ai)); ai++) an = wrap64(an * 10n + BigInt(A(ai) - 48));
    let bi = i;
    for (; bi < blen && isDigit(B(bi)); bi++) bn = wrap64(bn * 10n + BigInt(B(bi) - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return x < y;
  }
  return alen < blen;
}

function compareKeys(a: string, b: string): number {
  if (naturalKeyLess(a, b)) return -1;
  if (naturalKeyLess(b, a)) return 1;
  return 0;
}

// Objects of one kind share key sets; remember their order.
const orderCache = new Map<string, string[]>();

export function sortedKeys(o: object): string[] {
  const keys = Object.keys(o);
  if (keys.length < 2) return keys;
  const id = keys.join('\u0000');
  const cached = orderCache.get(id);
  if (cached) return cached;
  const sorted = keys.sort(compareKeys);
  if (orderCache.size > 20000) orderCache.clear();
  orderCache.set(id, sorted);
  return sorted;
}
