// Go's rendering of a field path in the manifesters' error messages.

/** Go's `%v` / `%s` of a []string path: `[a 0 b]`. */
export function goPath(path: (string | number)[]): string {
  return `[${path.join(' ')}]`;
}
