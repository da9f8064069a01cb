// Go's regexp package (RE2 syntax and semantics, linear-time matching) for every place the
// toolkit evaluates a pattern written for a Go program: Tanka's regex natives, `--target`
// selectors and CRD `pattern` keywords. Matching is done by re2js, a port of RE2 that never
// backtracks, so a pattern like `^(a+)+$` costs time proportional to the input. What re2js
// does not do the Go way (ReplaceAllString's empty-match rule and `$name` expansion,
// QuoteMeta) is written here. Checked against goldens recorded from Go (tests/gocompat).

import { RE2JS } from 're2js';

/** A pattern Go would refuse; the message is Go's (`error parsing regexp: ...`). */
export class GoRegexError extends Error {}

// Patterns come from user input; a bounded cache keeps a flood of distinct ones from growing memory.
const CACHE_LIMIT = 1000;
const cache = new Map<string, GoRegexp>();

export class GoRegexp {
  /** Group indexes by name, in order (Go lets a name be used more than once). */
  private readonly names = new Map<string, number[]>();

  private constructor(
    readonly pattern: string,
    private readonly re: RE2JS,
    renamed: Map<string, string>,
  ) {
    const groups = Object.entries(re.namedGroups()).sort((a, b) => a[1] - b[1]);
    for (const [name, index] of groups) {
      const original = renamed.get(name) ?? name;
      this.names.set(original, [...(this.names.get(original) ?? []), index]);
    }
  }

  /** Go's regexp.Compile (cached). */
  static compile(pattern: string): GoRegexp {
    let compiled = cache.get(pattern);
    if (compiled) return compiled;
    let re: RE2JS;
    const renamed = new Map<string, string>();
    try {
      re = RE2JS.compile(renameDuplicateGroups(pattern, renamed));
    } catch (e) {
      throw new GoRegexError(goErrorText(e instanceof Error ? e.message : String(e)));
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    compiled = new GoRegexp(pattern, re, renamed);
    cache.set(pattern, compiled);
    return compiled;
  }

  /** Regexp.MatchString: is there a match anywhere in s. */
  matchString(s: string): boolean {
    return this.re.matcher(s).find();
  }

  /**
   * Regexp.ReplaceAllString: `$1`, `${1}`, `$name`, `${name}` and `$$` in repl are expanded.
   * An empty match right after the previous match is not replaced (so `a*` on "baaac" gives
   * "XbXcX"), and the search moves on by one character after an empty match.
   */
  replaceAllString(src: string, repl: string): string {
    const m = this.re.matcher(src);
    let out = '';
    let lastMatchEnd = 0;
    let searchPos = 0;
    while (searchPos <= src.length && m.find(searchPos)) {
      const start = m.start();
      const end = m.end();
      out += src.slice(lastMatchEnd, start);
      if (end > lastMatchEnd || start === 0) out += this.expand(repl, m);
      lastMatchEnd = end;
      if (end > searchPos) searchPos = end;
      else searchPos += charWidth(src, searchPos);
    }
    return out + src.slice(lastMatchEnd);
  }

  /** Regexp.Expand for one match; unknown or unmatched groups expand to "". */
  private expand(template: string, m: ReturnType<RE2JS['matcher']>): string {
    let out = '';
    let i = 0;
    while (i < template.length) {
      const dollar = template.indexOf('$', i);
      if (dollar < 0) {
        out += template.slice(i);
        break;
      }
      out += template.slice(i, dollar);
      i = dollar + 1;
      if (template[i] === '$') {
        out += '$';
        i++;
        continue;
      }
      const ref = groupReference(template, i);
      if (!ref) {
        out += '$';
        continue;
      }
      i = ref.next;
      // A name used twice expands to the first of its groups that took part in the match.
      const candidates = ref.number >= 0 ? [ref.number] : (this.names.get(ref.name) ?? []);
      const index = candidates.find((g) => g <= m.groupCount() && m.group(g) !== null);
      if (index !== undefined) out += m.group(index);
    }
    return out;
  }
}

/** re2js's error text as Go prints it (Go always ends with the offending text in backquotes). */
function goErrorText(message: string): string {
  if (!message.startsWith('error parsing regexp')) return `error parsing regexp: ${message}`;
  return message.endsWith('`') ? message : `${message}: \`\``;
}

/**
 * Go accepts a capture name used twice (`$name` then means the first such group); re2js refuses
 * it. Later uses get a unique name, recorded in `renamed` (unique name -> name as written).
 */
function renameDuplicateGroups(pattern: string, renamed: Map<string, string>): string {
  if (!/\(\?P?<[^>]*>[\s\S]*\(\?P?</.test(pattern)) return pattern;
  const seen = new Set<string>();
  let out = '';
  let i = 0;
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const end = pattern[i + 1] === 'Q' ? pattern.indexOf('\\E', i + 2) : -1;
      const next = pattern[i + 1] === 'Q' ? (end < 0 ? pattern.length : end + 2) : i + 2;
      out += pattern.slice(i, next);
      i = next;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        if (end >= 0) {
          out += pattern.slice(i, end + 2);
          i = end + 2;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      // A `]` right after `[` or `[^` is a literal member.
      const open = pattern[i + 1] === '^' ? 2 : 1;
      const start = pattern[i + open] === ']' ? open + 1 : open;
      out += pattern.slice(i, i + start);
      i += start;
      inClass = true;
      continue;
    }
    const group = c === '(' ? /^\(\?P?<([^>]*)>/.exec(pattern.slice(i)) : null;
    if (group) {
      const name = group[1];
      let unique = name;
      for (let n = 2; seen.has(unique); n++) unique = `${name}_dup${n}`;
      seen.add(unique);
      if (unique !== name) renamed.set(unique, name);
      out += group[0].replace(`<${name}>`, `<${unique}>`);
      i += group[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** A group reference after `$` at template[i]: `name` or `{name}`; null when there is none. */
function groupReference(template: string, i: number): { name: string; number: number; next: number } | null {
  const braced = template[i] === '{';
  const from = braced ? i + 1 : i;
  const word = /^[\p{L}\p{Nd}_]*/u.exec(template.slice(from))![0];
  if (word === '') return null;
  let next = from + word.length;
  if (braced) {
    if (template[next] !== '}') return null;
    next++;
  }
  // A group number is all ASCII digits, without a leading zero, below 1e8.
  const number = /^(0|[1-9][0-9]{0,7})$/.test(word) ? Number(word) : -1;
  return { name: word, number, next };
}

/** Width in UTF-16 code units of the character at i (Go steps one rune past an empty match). */
function charWidth(s: string, i: number): number {
  const cp = s.codePointAt(i);
  return cp !== undefined && cp > 0xffff ? 2 : 1;
}

/** regexp.MatchString. */
export function goMatchString(pattern: string, s: string): boolean {
  return GoRegexp.compile(pattern).matchString(s);
}

/** Regexp.ReplaceAllString. */
export function goReplaceAllString(pattern: string, src: string, repl: string): string {
  return GoRegexp.compile(pattern).replaceAllString(src, repl);
}

/** regexp.QuoteMeta: a backslash before each of `\.+*?()|[]{}^$`. */
export function goQuoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
