// Manifesters: JSON (byte-identical to go-jsonnet), YAML, INI, Python, XML, TOML;
// and the parsers std.parseJson / std.parseYaml. Each format lives in its own
// module; this file is the public face the evaluator, std and CLI import.

import type { Value } from '../value.js';
import { builtin } from '../value.js';
import { renderJson, MINIFIED_STYLE } from './json.js';

export { toStringValue, manifestJsonOutput, escapeJsonString } from './json.js';

/** std.manifest* / std.parse* / std.escapeString* builtins by name. */
export function manifestBuiltins(): Map<string, Value> {
  const m = new Map<string, Value>();
  m.set('manifestJsonMinified', builtin('manifestJsonMinified', ['value'], ([v]) => renderJson(v, MINIFIED_STYLE)));
  return m;
}
