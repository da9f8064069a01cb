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

export function naturalKeyLess(a: string, b: string): boolean {
  const ar = codePoints(a);
  const br = codePoints(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === 48 || br[i] === 48) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== 48) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = wrap64(an * 10n + BigInt(ar[ai] - 48));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = wrap64(bn * 10n + BigInt(br[bi] - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

export function compareKeys(a: string, b: string): number {
  if (naturalKeyLess(a, b)) return -1;
  if (naturalKeyLess(b, a)) return 1;
  return 0;
}

export function sortedKeys(o: object): string[] {
  return Object.keys(o).sort(compareKeys);
}
