// Argument checks for the manifest builtins, with go-jsonnet's wording.

import { JObject, RuntimeError, typeOf, type Value } from '../value.js';

/** go-jsonnet's typeErrorSpecific: "Unexpected type number, expected string". */
function unexpectedType(v: Value, expected: string): RuntimeError {
  return new RuntimeError(`Unexpected type ${typeOf(v)}, expected ${expected}`);
}

export function asString(v: Value): string {
  if (typeof v === 'string') return v;
  throw unexpectedType(v, 'string');
}

export function asBoolean(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  throw unexpectedType(v, 'boolean');
}

export function asObject(v: Value): JObject {
  if (v instanceof JObject) return v;
  throw unexpectedType(v, 'object');
}

/** Go's `%v` / `%s` of a []string path: `[a 0 b]`. */
export function goPath(path: (string | number)[]): string {
  return `[${path.join(' ')}]`;
}
