// The standard library: every family module contributes builtins; the
// evaluator adds the engine-bound ones (extVar, native, trace, thisFile).
// The manifest/parse/escape family comes from ../manifest.
//
// Where C++ jsonnet 0.18 and go-jsonnet differ, go-jsonnet is followed (each
// such place says so in a comment).

import { manifestBuiltins } from '../manifest/index.js';
import type { Value } from '../value.js';
import { addArrayBuiltins } from './arrays.js';
import { addEncodingBuiltins } from './encoding.js';
import { addMathBuiltins } from './math.js';
import { addObjectBuiltins } from './objects.js';
import { addStringBuiltins } from './strings.js';
import { addTypeBuiltins } from './types.js';
import type { Builtins } from './util.js';

export { format } from './format.js';

let shared: Builtins | null = null;

/**
 * Name -> builtin function (or constant such as `pi`). Builtins hold no
 * per-evaluation state, so one map is built once and shared; callers must
 * not mutate it (copy it first to add engine-bound entries).
 */
export function stdLibrary(): Map<string, Value> {
  if (shared === null) {
    const m: Builtins = new Map();
    addTypeBuiltins(m);
    addMathBuiltins(m);
    addStringBuiltins(m);
    addArrayBuiltins(m);
    addObjectBuiltins(m);
    addEncodingBuiltins(m);
    for (const [k, v] of manifestBuiltins()) m.set(k, v);
    shared = m;
  }
  return new Map(shared);
}
