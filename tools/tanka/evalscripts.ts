// Jsonnet snippets that wrap an inline environment's entrypoint (reference §2.5):
// keep only Environment objects (all of them, or those whose name contains a
// string), replacing every other Kubernetes object and every primitive with {}.
// Written for this toolkit; same effect as Tanka's scripts.

/** A single-quoted Jsonnet string literal (Tanka splices names unescaped; we escape). */
export function jsonnetString(s: string): string {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
}

/**
 * The program that binds `main` to the entrypoint (forwarding TLAs when it is a
 * function) and evaluates `body` over it.
 */
export function wrapEntrypoint(entrypoint: string, isFunction: boolean, tlaNames: string[], body: string): string {
  const entry = jsonnetString(entrypoint.replace(/\\/g, '/'));
  if (!isFunction) return `local main = (import ${entry});\n${body}`;
  const args = tlaNames.join(', ');
  const call = tlaNames.map((n) => `${n}=${n}`).join(', ');
  return `function(${args})\nlocal main = (import ${entry})(${call});\n${body}`;
}

/**
 * Keeps Environment objects (with their data unless `hideData`), optionally only
 * those whose metadata.name contains `name`; prunes the rest.
 */
export function environmentsScript(name: string | undefined, hideData: boolean): string {
  const nameTest = name === undefined || name === '' ? 'true' : `std.length(std.findSubstr(${jsonnetString(name)}, x.metadata.name)) > 0`;
  const keep = hideData ? 'x { data:: null }' : 'x';
  return `local keepEnvs(x) =
  if std.isObject(x) then
    if std.objectHas(x, 'apiVersion') && std.objectHas(x, 'kind') then
      if x.kind == 'Environment' && (${nameTest}) then ${keep} else {}
    else std.mapWithKey(function(k, v) keepEnvs(v), x)
  else if std.isArray(x) then std.map(keepEnvs, x)
  else {};
std.prune(keepEnvs(main))
`;
}

/** `tk eval -e <expr>`: `main.<expr>`, or `main<expr>` when it starts with `[`. */
export function patternScript(expr: string): string {
  return expr.startsWith('[') ? `main${expr}` : `main.${expr}`;
}
