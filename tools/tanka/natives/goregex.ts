// Go (RE2) regular expressions on top of JS RegExp: translation of the syntax
// that differs, rejection of what RE2 does not support, and Go's
// ReplaceAllString (its `$1` / `${name}` expansion and empty-match rules).
//
// Known differences that remain (documented in the README): inline flag groups
// other than at the very start (`a(?i)b`, `(?i:b)`) and the ungreedy flag `U`
// are rejected, and case folding is JS's Unicode simple folding.

export class GoRegexError extends Error {}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7f', blank: '\\t ', cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};
const PERL_CLASS: Record<string, string> = { d: '0-9', s: '\\t\\n\\f\\r ', w: '0-9A-Za-z_' };
const GENERAL_CATEGORY = /^(?:[CLMNPSZ]|C[cfos]|L[lmotu]|M[cen]|N[dlo]|P[cdefios]|S[ckmo]|Z[lps])$/;

function unsupported(what: string): GoRegexError {
  return new GoRegexError(`error parsing regexp: invalid or unsupported Perl syntax: \`${what}\``);
}

function codePointEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

function isPunct(c: string): boolean {
  return /^[!-\/:-@\[-`{-~]$/.test(c);
}

export interface TranslatedRegex {
  source: string;
  flags: string;
}

/** Translates Go regexp syntax to a JS `u`-mode pattern with the same meaning. */
export function translateGoRegex(pattern: string): TranslatedRegex {
  let i = 0;
  let caseInsensitive = false;
  let multiLine = false;
  let dotAll = false;
  // Leading flag groups such as (?i) or (?is) become JS flags.
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(pattern.slice(i));
    if (!m) break;
    if (m[1].includes('U')) throw unsupported('(?U');
    caseInsensitive ||= m[1].includes('i');
    multiLine ||= m[1].includes('m');
    dotAll ||= m[1].includes('s');
    i += m[0].length;
  }
  let out = '';
  const n = pattern.length;
  const readEscape = (inClass: boolean): string => {
    // pattern[i] === '\\'
    const c = pattern[i + 1];
    if (c === undefined) throw new GoRegexError('error parsing regexp: trailing backslash at end of expression: ``');
    i += 2;
    if (c === 'd' || c === 'w') return inClass ? PERL_CLASS[c] : `[${PERL_CLASS[c]}]`;
    if (c === 'D' || c === 'W') {
      if (inClass) return '\\' + c;
      return `[^${PERL_CLASS[c.toLowerCase()]}]`;
    }
    if (c === 's') return inClass ? PERL_CLASS.s : `[${PERL_CLASS.s}]`;
    if (c === 'S') {
      if (inClass) throw new GoRegexError('error parsing regexp: \\S inside a character class is not supported by this toolkit');
      return `[^${PERL_CLASS.s}]`;
    }
    if (!inClass && (c === 'b' || c === 'B')) return '\\' + c;
    if (!inClass && c === 'A') return '(?<![\\s\\S])';
    if (!inClass && c === 'z') return '(?![\\s\\S])';
    if (c === 'Q') {
      const end = pattern.indexOf('\\E', i);
      const lit = end < 0 ? pattern.slice(i) : pattern.slice(i, end);
      i = end < 0 ? n : end + 2;
      return [...lit].map((ch) => codePointEscape(ch.codePointAt(0)!)).join('');
    }
    if (c === 'p' || c === 'P') {
      let name: string;
      if (pattern[i] === '{') {
        const end = pattern.indexOf('}', i);
        if (end < 0) throw new GoRegexError(`error parsing regexp: invalid character class range: \`${pattern.slice(i - 2)}\``);
        name = pattern.slice(i + 1, end);
        i = end + 1;
      } else {
        name = pattern[i] ?? '';
        i++;
      }
      let neg = c === 'P';
      if (name.startsWith('^')) {
        neg = !neg;
        name = name.slice(1);
      }
      const prop = name === 'Any' ? 'Any' : GENERAL_CATEGORY.test(name) ? name : `Script=${name}`;
      return `\\${neg ? 'P' : 'p'}{${prop}}`;
    }
    if (c === 'x') {
      if (pattern[i] === '{') {
        const end = pattern.indexOf('}', i);
        const hex = pattern.slice(i + 1, end);
        if (end < 0 || !/^[0-9A-Fa-f]+$/.test(hex)) throw new GoRegexError(`error parsing regexp: invalid escape sequence: \`\\x${pattern.slice(i, i + 2)}\``);
        i = end + 1;
        return codePointEscape(parseInt(hex, 16));
      }
      const hex = pattern.slice(i, i + 2);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new GoRegexError(`error parsing regexp: invalid escape sequence: \`\\x${hex}\``);
      i += 2;
      return codePointEscape(parseInt(hex, 16));
    }
    if (c >= '0' && c <= '7') {
      // Octal \0, \012; a lone \1..\7 would be a backreference, which RE2 rejects.
      if (c !== '0' && !(pattern[i] >= '0' && pattern[i] <= '7')) throw new GoRegexError(`error parsing regexp: invalid escape sequence: \`\\${c}\``);
      let digits = c;
      while (digits.length < 3 && pattern[i] >= '0' && pattern[i] <= '7') digits += pattern[i++];
      return codePointEscape(parseInt(digits, 8));
    }
    const simple: Record<string, string> = { a: '\\x07', f: '\\f', t: '\\t', n: '\\n', r: '\\r', v: '\\v' };
    if (simple[c]) return simple[c];
    if (isPunct(c)) return codePointEscape(c.codePointAt(0)!);
    throw new GoRegexError(`error parsing regexp: invalid escape sequence: \`\\${c}\``);
  };

  while (i < n) {
    const c = pattern[i];
    if (c === '\\') {
      out += readEscape(false);
    } else if (c === '[') {
      i++;
      let cls = '[';
      if (pattern[i] === '^') {
        cls += '^';
        i++;
      }
      let first = true;
      for (;;) {
        if (i >= n) throw new GoRegexError(`error parsing regexp: missing closing ]: \`${pattern.slice(pattern.lastIndexOf('['))}\``);
        const d = pattern[i];
        if (d === ']' && !first) {
          i++;
          break;
        }
        first = false;
        if (d === '[' && pattern[i + 1] === ':') {
          const end = pattern.indexOf(':]', i + 2);
          const name = end < 0 ? '' : pattern.slice(i + 2, end);
          const neg = name.startsWith('^');
          const set = POSIX[neg ? name.slice(1) : name];
          if (set !== undefined) {
            if (neg) throw new GoRegexError('error parsing regexp: negated POSIX classes are not supported by this toolkit');
            cls += set;
            i = end + 2;
            continue;
          }
        }
        if (d === '\\') {
          cls += readEscape(true);
          continue;
        }
        const cp = pattern.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        cls += ch === ']' || ch === '[' || ch === '/' ? '\\' + ch : ch;
        i += ch.length;
      }
      out += cls + ']';
    } else if (c === '(') {
      const rest = pattern.slice(i);
      let m: RegExpExecArray | null;
      if ((m = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest))) {
        if (/^[0-9]/.test(m[1])) throw new GoRegexError(`error parsing regexp: group name \`${m[1]}\` is not supported by this toolkit`);
        out += `(?<${m[1]}>`;
        i += m[0].length;
      } else if (rest.startsWith('(?:')) {
        out += '(?:';
        i += 3;
      } else if (rest.startsWith('(?')) {
        const bad = /^\(\?[imsU-]*[:)]/.test(rest) ? rest.slice(0, rest.search(/[:)]/) + 1) : rest.slice(0, 3);
        if (/^\(\?[imsU-]*[:)]/.test(rest)) throw new GoRegexError(`error parsing regexp: flag group \`${bad}\` is only supported at the start of the expression in this toolkit`);
        throw unsupported(bad);
      } else {
        out += '(';
        i++;
      }
    } else if (c === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else if (c === '^') {
      out += multiLine ? '(?<![^\\n])' : '(?<![\\s\\S])';
      i++;
    } else if (c === '$') {
      out += multiLine ? '(?![^\\n])' : '(?![\\s\\S])';
      i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m) {
        if (+m[1] > 1000 || (m[3] && +m[3] > 1000)) throw new GoRegexError(`error parsing regexp: invalid repeat count: \`${m[0]}\``);
        out += m[0];
        i += m[0].length;
      } else {
        out += '\\{';
        i++;
      }
    } else if (c === '}' || c === ']' || c === '/') {
      out += '\\' + c;
      i++;
    } else {
      const cp = pattern.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      out += ch;
      i += ch.length;
    }
  }
  return { source: out, flags: 'u' + (caseInsensitive ? 'i' : '') };
}

const compiled = new Map<string, RegExp>();

/** A global JS RegExp for a Go pattern (cached); throws GoRegexError with Go-like messages. */
export function compileGoRegex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const t = translateGoRegex(pattern);
    try {
      re = new RegExp(t.source, t.flags + 'g');
    } catch (e) {
      throw new GoRegexError(`error parsing regexp: ${(e as Error).message}`);
    }
    compiled.set(pattern, re);
  }
  return re;
}

export function goMatchString(pattern: string, s: string): boolean {
  const re = compileGoRegex(pattern);
  re.lastIndex = 0;
  return re.test(s);
}

/** Go's regexp.QuoteMeta. */
export function goQuoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** Go's Regexp.Expand for one match: `$name`, `${name}`, `$$`; unknown groups expand to "". */
function expand(template: string, m: RegExpExecArray): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const d = template.indexOf('$', i);
    if (d < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, d);
    i = d + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    if (template[i] === '{') {
      const end = template.indexOf('}', i);
      name = end < 0 ? '' : template.slice(i + 1, end);
      if (name === '' || !/^[A-Za-z0-9_]+$/.test(name)) {
        out += '$';
        continue;
      }
      i = end + 1;
    } else {
      name = /^[A-Za-z0-9_]*/.exec(template.slice(i))![0];
      if (name === '') {
        out += '$';
        continue;
      }
      i += name.length;
    }
    let num = /^[0-9]+$/.test(name) && !(name.length > 1 && name[0] === '0') && name.length <= 8 ? Number(name) : -1;
    if (num >= 0) {
      if (num < m.length) out += m[num] ?? '';
    } else if (m.groups && Object.prototype.hasOwnProperty.call(m.groups, name)) {
      out += m.groups[name] ?? '';
    }
  }
  return out;
}

/** Go's Regexp.ReplaceAllString. An empty match right after a previous match is not replaced. */
export function goReplaceAll(pattern: string, src: string, repl: string): string {
  const re = compileGoRegex(pattern);
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    re.lastIndex = searchPos;
    const m = re.exec(src);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    out += src.slice(lastMatchEnd, start);
    if (end > lastMatchEnd || start === 0) out += expand(repl, m);
    lastMatchEnd = end;
    const cp = src.codePointAt(searchPos);
    const width = cp !== undefined && cp > 0xffff ? 2 : 1;
    if (searchPos + width > end) searchPos += width;
    else if (searchPos + 1 > end) searchPos++;
    else searchPos = end;
  }
  return out + src.slice(lastMatchEnd);
}
