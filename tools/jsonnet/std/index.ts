// The standard library: every family module contributes builtins; the
// evaluator adds the engine-bound ones (extVar, native, trace, thisFile).

import type { Value } from '../value.js';

/** Name -> builtin function (or constant such as `pi`). */
export function stdLibrary(): Map<string, Value> {
  return new Map();
}
