// Go's path/filepath.Match on a Unix system ('/' is the separator), compiled once to a RegExp:
// `*` any run of characters other than '/', `?` one character other than '/', `[...]` a class
// (`^` negates, `lo-hi` ranges; it may match '/'), `\c` the character c. A malformed pattern
// (an unclosed or empty class, an unescaped '-' or ']' in a class, a trailing '\') is an error,
// as Go's ErrBadPattern.

export class BadPatternError extends Error {
  constructor(pattern: string) {
    super(`syntax error in pattern: ${JSON.stringify(pattern)}`);
    this.name = 'BadPatternError';
  }
}

// Escapes for the 'u' flag: outside a class only syntax characters may be escaped, inside one '-' too.
const escapeRe = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const escapeClass = (c: string): string => c.replace(/[\\\]^-]/g, '\\$&');

/** Compiles a filepath.Match pattern; throws BadPatternError when Go would return ErrBadPattern. */
export function compileFilepathMatch(pattern: string): RegExp {
  const chars = [...pattern];
  let re = '';
  let i = 0;
  const bad = (): never => {
    throw new BadPatternError(pattern);
  };
  // One character of a class: `\c` or any character but an unescaped '-' or ']'.
  const classChar = (): string => {
    if (i >= chars.length) bad();
    let c = chars[i]!;
    if (c === '-' || c === ']') bad();
    if (c === '\\') {
      i++;
      if (i >= chars.length) bad();
      c = chars[i]!;
    }
    i++;
    return c;
  };
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === '*') {
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '\\') {
      if (i + 1 >= chars.length) bad();
      re += escapeRe(chars[i + 1]!);
      i += 2;
    } else if (c === '[') {
      i++;
      let cls = '';
      if (chars[i] === '^') {
        cls += '^';
        i++;
      }
      let ranges = 0;
      while (true) {
        if (i >= chars.length) bad();
        if (chars[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        const lo = classChar();
        let hi = lo;
        if (chars[i] === '-') {
          i++;
          hi = classChar();
        }
        // A reversed range (z-a) is valid in Go and matches nothing.
        if (lo.codePointAt(0)! <= hi.codePointAt(0)!) cls += lo === hi ? escapeClass(lo) : `${escapeClass(lo)}-${escapeClass(hi)}`;
        ranges++;
      }
      re += `[${cls}]`;
    } else {
      re += escapeRe(c);
      i++;
    }
  }
  return new RegExp(`^${re}$`, 'su');
}
