// Go's strings.Title (tools/gocompat/strings.ts), from its documented behaviour: letters that begin words
// are mapped to their Unicode title case (one-to-one mappings only), words split at ASCII punctuation and
// white space; beyond ASCII only white space separates words.
import { describe, expect, it } from 'vitest';
import { title } from '../../tools/gocompat/strings.js';

describe('strings.Title', () => {
  it('capitalises the first letter of each word, leaves the rest', () => {
    expect(title('hello wORLD')).toBe('Hello WORLD');
    expect(title('error parsing regexp: missing closing ): `(a`')).toBe('Error Parsing Regexp: Missing Closing ): `(A`');
    expect(title('snake_case kebab-case dot.sep 3d')).toBe('Snake_case Kebab-Case Dot.Sep 3d');
  });

  it('uses title case where it differs from upper case, and keeps letters with no one-to-one upper case', () => {
    expect(title('ǆemal ǉubljana ǌ')).toBe('ǅemal ǈubljana ǋ');
    expect(title('ßtraße ŉ')).toBe('ßtraße ŉ');
    expect(title('élan émile')).toBe('Élan Émile');
  });

  it('splits words at white space beyond ASCII, not at other symbols', () => {
    expect(title('a\u00a0b\u3000c')).toBe('A\u00a0B\u3000C');
    expect(title('a€b a·b')).toBe('A€b A·b');
  });
});
