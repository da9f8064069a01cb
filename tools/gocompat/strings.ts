// Go's strings package where the toolkit must match it: strings.Title (sprig's `title` in export
// formats, and Tanka's wording of regexp errors) and the order of Go strings (sorted names, keys).

// The letters whose title case differs from their upper case (Unicode's titlecase digraphs).
const TITLE_CASE: Record<string, string> = {
  '\u01C4': '\u01C5', '\u01C5': '\u01C5', '\u01C6': '\u01C5',
  '\u01C7': '\u01C8', '\u01C8': '\u01C8', '\u01C9': '\u01C8',
  '\u01CA': '\u01CB', '\u01CB': '\u01CB', '\u01CC': '\u01CB',
  '\u01F1': '\u01F2', '\u01F2': '\u01F2', '\u01F3': '\u01F2',
};

/** unicode.ToTitle of one code point: Go uses the one-to-one mapping, so 'ß' stays 'ß' (JavaScript: "SS"). */
function toTitle(c: string): string {
  const special = TITLE_CASE[c];
  if (special) return special;
  const upper = c.toUpperCase();
  return [...upper].length === 1 ? upper : c;
}

/** Go's word boundary for Title: ASCII other than letters, digits and '_'; beyond ASCII, white space only. */
function isSeparator(c: string): boolean {
  if (c.codePointAt(0)! <= 0x7f) return !/[0-9A-Za-z_]/.test(c);
  if (/\p{L}|\p{Nd}/u.test(c)) return false;
  return /\p{White_Space}/u.test(c);
}

/** strings.Title: every letter that begins a word in its title case. */
export function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    out += isSeparator(prev) ? toTitle(c) : c;
    prev = c;
  }
  return out;
}

/** Go's string order: byte-wise on UTF-8, which is code point order (JavaScript's < is UTF-16 order). */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  for (let i = 0, n = Math.min(a.length, b.length); i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // A surrogate starts a code point above U+FFFF, after every other unit in code point order.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca < cb ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}
