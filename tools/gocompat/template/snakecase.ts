// huandu/xstrings (v1.4.0/v1.5.0) case conversions as sprig exposes them:
// snakecase (ToSnakeCase), kebabcase (ToKebabCase), camelcase (ToPascalCase).
// The snake/kebab conversion splits the input into words (upper-case, lower-case
// letters, numbers, connectors `-`/`_`/spaces, punctuation, other) and joins them
// with the connector; a number goes with the letters before it unless lower-case
// letters follow it ("k8s" → "k_8s", "bld4" stays). Re-implemented from the
// documented behaviour and a reading of the algorithm.

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

const UPPER = /^\p{Lu}$/u;
const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;
const PUNCT = /^\p{P}$/u;
const SPACE = /^\p{White_Space}$/u;

const isUpper = (c: string) => UPPER.test(c);
const isNumber = (c: string) => NUMBER.test(c);
const isPunct = (c: string) => PUNCT.test(c);
const isConnector = (c: string) => c === '-' || c === '_' || SPACE.test(c);

/** A letter that is not a CJK ideograph. */
function isAlphabet(c: string): boolean {
  if (!LETTER.test(c)) return false;
  const r = c.codePointAt(0)!;
  if (r < 0x3400) return true;
  if (r >= 0x4e00 && r <= 0x9fcc) return false;
  if (r >= 0x3400 && r <= 0x4d85) return false;
  if (r >= 0x20000 && r <= 0x2b81d) return false;
  return true;
}

interface Word {
  type: WordType;
  text: string;
}

/** Splits off the first word of `chars` (code points as strings). */
function nextWord(chars: string[], start: number): [Word, number] {
  if (start >= chars.length) return [{ type: 'invalid', text: '' }, start];
  let i = start;
  const c = chars[i++];
  let type: WordType;
  if (isConnector(c)) {
    type = 'connector';
    while (i < chars.length && isConnector(chars[i])) i++;
  } else if (isPunct(c)) {
    type = 'punct';
    while (i < chars.length && isPunct(chars[i])) i++;
  } else if (isUpper(c)) {
    type = 'upper';
    if (i < chars.length) {
      if (isUpper(chars[i])) {
        while (i < chars.length && isUpper(chars[i])) i++;
        // "HTTPServer": the last upper-case letter starts the next word.
        if (i < chars.length && isAlphabet(chars[i])) i--;
      } else if (isAlphabet(chars[i])) {
        while (i < chars.length && isAlphabet(chars[i]) && !isUpper(chars[i])) i++;
      }
    }
  } else if (isAlphabet(c)) {
    type = 'alphabet';
    while (i < chars.length && isAlphabet(chars[i]) && !isUpper(chars[i])) i++;
  } else if (isNumber(c)) {
    type = 'number';
    while (i < chars.length && isNumber(chars[i])) i++;
  } else {
    type = 'other';
    while (
      i < chars.length &&
      !(isConnector(chars[i]) || isAlphabet(chars[i]) || isNumber(chars[i]) || isPunct(chars[i]))
    ) {
      i++;
    }
  }
  return [{ type, text: chars.slice(start, i).join('') }, i];
}

function lowerWord(w: Word, connector: string): string {
  if (w.type !== 'upper' && w.type !== 'connector') return w.text;
  let out = '';
  for (const c of w.text) {
    if (isConnector(c)) out += connector;
    else if (isUpper(c)) out += c.toLowerCase();
    else out += c;
  }
  return out;
}

function toLowerWords(str: string, connector: string): string {
  if (str === '') return '';
  const chars = Array.from(str);
  let out = '';
  let [w, pos] = nextWord(chars, 0);
  const more = () => pos < chars.length;
  const advance = () => {
    [w, pos] = nextWord(chars, pos);
  };
  // The current word's type, read through a call so TypeScript does not keep a
  // narrowing across advance().
  const t = (): WordType => w.type;
  while (more()) {
    if (t() !== 'connector') out += lowerWord(w, connector);
    const prev = w;
    advance();
    if (prev.type === 'number') {
      while (t() === 'alphabet' || t() === 'number') {
        out += lowerWord(w, connector);
        advance();
      }
      if (t() !== 'invalid' && t() !== 'punct' && t() !== 'connector') out += connector;
    } else if (prev.type === 'connector') {
      out += lowerWord(prev, connector);
    } else if (prev.type === 'punct') {
      // nothing between punctuation and the next word
    } else {
      if (t() !== 'number') {
        if (t() !== 'connector' && t() !== 'punct') out += connector;
        continue;
      }
      if (!more()) continue;
      const digits = w;
      advance();
      if (t() !== 'alphabet') {
        // "Bld4Floor": the number stays with the previous word.
        out += lowerWord(digits, connector);
        if (t() !== 'connector' && t() !== 'punct') out += connector;
        continue;
      }
      // Lower-case letters follow the number: "HTTP2xx" → "http_2xx".
      out += connector + lowerWord(digits, connector);
      while (t() === 'alphabet' || t() === 'number') {
        out += lowerWord(w, connector);
        advance();
      }
      if (t() !== 'invalid' && t() !== 'connector' && t() !== 'punct') out += connector;
    }
  }
  out += lowerWord(w, connector);
  return out;
}

/** xstrings.ToSnakeCase. */
export function snakeCase(s: string): string {
  return toLowerWords(s, '_');
}

/** xstrings.ToKebabCase. */
export function kebabCase(s: string): string {
  return toLowerWords(s, '-');
}

/** xstrings.ToPascalCase ("http_server" → "HttpServer"), sprig's camelcase. */
export function pascalCase(s: string): string {
  if (s === '') return '';
  const chars = Array.from(s);
  let out = '';
  let i = 0;
  let r0 = '';
  let firstUpper = false;
  // Leading connectors are kept.
  while (i < chars.length) {
    r0 = chars[i++];
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = r0.toUpperCase();
      break;
    }
    out += r0;
  }
  if (i >= chars.length) {
    // xstrings writes the last rune again here, so "_" becomes "__".
    out += r0;
    return out;
  }
  while (i < chars.length) {
    const r1 = r0;
    r0 = chars[i++];
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = r0.toUpperCase();
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = r0.toLowerCase();
        else firstUpper = false;
      }
      out += r1;
    }
  }
  out += r0;
  return out;
}
