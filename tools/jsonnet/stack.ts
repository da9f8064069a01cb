// The Jsonnet stack-depth counter shared by evaluation and manifestation. go-jsonnet
// counts a frame for every call and thunk, and also for every level of a value it
// manifests (each array element and object field), so output nested deeper than
// --max-stack fails there with "max stack frames exceeded." as it does here.

import { RuntimeError } from './value.js';

/** Current Jsonnet stack depth and its limit (set by the engine per evaluation). */
export const runtimeState = { depth: 0, maxStack: 500 };

/** Counts one more frame; beyond the limit, go-jsonnet's error. Pair with popFrame in a finally. */
export function pushFrame(): void {
  if (++runtimeState.depth > runtimeState.maxStack) {
    runtimeState.depth--;
    throw new RuntimeError('max stack frames exceeded.');
  }
}

export function popFrame(): void {
  runtimeState.depth--;
}
