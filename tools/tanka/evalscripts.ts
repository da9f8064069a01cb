// Jsonnet snippets that wrap an inline environment's entrypoint:
// keep only Environment objects (all of them, or those whose name contains a
// string), replacing every other Kubernetes object and every primitive with {}.
// Written for this toolkit; same effect as Tanka's scripts.

/** A single-quoted Jsonnet string literal (Tanka splices names unescaped; we escape). */
function jsonnetString(s: string): string {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
}

/**
 * The program that binds `main` to the entrypoint (forwarding TLAs when it is a
 * function) and evaluates `body` over it. The line layout is Tanka's (a blank first
 * line, `body` on its own line indented by two spaces), so that error positions in
 * the wrapper agree with tk's.
 */
export function wrapEntrypoint(entrypoint: string, isFunction: boolean, tlaNames: string[], body: string): string {
  const entry = jsonnetString(entrypoint.replace(/\\/g, '/'));
  if (!isFunction) return `\n  local main = (import ${entry});\n  ${body}\n`;
  const args = tlaNames.join(', ');
  const call = tlaNames.map((n) => `${n}=${n}`).join(', ');
  return `\nfunction(${args})\n  local main = (import ${entry})(${call});\n  ${body}\n`;
}

/** Replaces every value that is not an Environment object by {}, keeping `keep(x)` of each Environment `x` that `test(x)` accepts. */
function environmentsFilter(test: string, keep: string): string {
  return `
local keepEnvs(x) =
  if std.isObject(x) then
    if std.objectHas(x, 'apiVersion') && std.objectHas(x, 'kind') then
      if x.kind == 'Environment' && (${test}) then ${keep} else {}
    else std.mapWithKey(function(k, v) keepEnvs(v), x)
  else if std.isArray(x) then std.map(keepEnvs, x)
  else {};
`;
}

/** The Environment objects whose name contains `name`, with their data (what tk loads with --name). */
export function singleEnvironmentScript(name: string): string {
  return `${environmentsFilter(`std.length(std.findSubstr(${jsonnetString(name)}, x.metadata.name)) > 0`, 'x')}keepEnvs(main)`;
}

/** Every Environment object without its data, the rest pruned away (what tk lists). */
export function environmentsMetadataScript(): string {
  return `${environmentsFilter('true', 'x { data+:: {} }')}std.prune(keepEnvs(main))`;
}

/** `tk eval -e <expr>`: `main.<expr>`, or `main<expr>` when it starts with `[`. */
export function patternScript(expr: string): string {
  return expr.startsWith('[') ? `main${expr}` : `main.${expr}`;
}
