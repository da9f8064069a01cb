// Escapes in double-quoted scalars as go-yaml v2 reads them (YAML 1.1): `\/` is not one (YAML 1.2
// added it) and fails with "found unknown escape character"; `\'` is one (a quote).

/** The characters go-yaml v2 accepts after a backslash in a double-quoted scalar (line breaks continue it). */
const V2_ESCAPES = new Set(['0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', "'", '\\', 'N', '_', 'L', 'P', 'x', 'u', 'U', '\n', '\r']);

export interface DoubleQuotedCheck {
  /** The source with `\'` written as `'` (same lines), for a parser that refuses `\'`. */
  source: string;
  /** 1-based line of the first escape go-yaml v2 does not know, or null. */
  unknownEscapeLine: number | null;
}

/** Checks the double-quoted scalars among `tokens` (a lexer's token texts, which make up the source in order). */
export function checkDoubleQuoted(tokens: Iterable<string>): DoubleQuotedCheck {
  let source = '';
  let line = 1;
  let unknownEscapeLine: number | null = null;
  for (const token of tokens) {
    if (token.startsWith('"')) {
      let out = '';
      for (let i = 0; i < token.length; i++) {
        const c = token[i]!;
        if (c === '\n') line++;
        if (c !== '\\' || i + 1 >= token.length) {
          out += c;
          continue;
        }
        const next = token[i + 1]!;
        if (!V2_ESCAPES.has(next)) unknownEscapeLine ??= line;
        out += next === "'" ? "'" : c + next;
        if (next === '\n') line++;
        i++;
      }
      source += out;
    } else {
      for (const c of token) if (c === '\n') line++;
      source += token;
    }
  }
  return { source, unknownEscapeLine };
}
