// Builds engine values from plain data for manifester tests (no evaluator needed).

import { ConstField, JArray, JFunction, JObject, Visibility, type FieldDef, type Value } from '../../../tools/jsonnet/value.js';

/** Plain JS data to a Jsonnet value (objects get visible `:` fields). */
export function val(x: unknown): Value {
  if (x === null || typeof x === 'boolean' || typeof x === 'number' || typeof x === 'string') return x;
  if (x instanceof JObject || x instanceof JArray || x instanceof JFunction) return x;
  if (Array.isArray(x)) return JArray.of(x.map(val));
  const fields = new Map<string, FieldDef>();
  for (const [k, v] of Object.entries(x as object)) fields.set(k, new ConstField(Visibility.Inherit, val(v)));
  return new JObject([{ fields, asserts: null }]);
}

/** An object with one visible and one hidden field. */
export function withHidden(visible: Record<string, unknown>, hidden: Record<string, unknown>): JObject {
  const fields = new Map<string, FieldDef>();
  for (const [k, v] of Object.entries(visible)) fields.set(k, new ConstField(Visibility.Inherit, val(v)));
  for (const [k, v] of Object.entries(hidden)) fields.set(k, new ConstField(Visibility.Hidden, val(v)));
  return new JObject([{ fields, asserts: null }]);
}

export const aFunction = new JFunction('f', [], () => null);


