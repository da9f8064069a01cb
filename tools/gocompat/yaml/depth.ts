// Go's YAML decoders refuse input nested more than 10,000 levels deep (`exceeded max depth of 10000`).
// The `yaml` package's parser builds its syntax tree (CST) without recursion, but composing that tree
// into nodes recurses once per level; so nesting is measured on the CST first, in one pass with an
// explicit stack, and a document beyond Go's limit is refused before it is composed.

import { isMainThread, resourceLimits } from 'node:worker_threads';
import type { CST } from 'yaml';

/** Go's limit (yaml.v3's max_flow_level and max_indents). */
export const YAML_MAX_DEPTH = 10_000;

/** Offset of the first collection nested deeper than `limit` in `token` (a CST document), or undefined. */
export function tooDeepOffset(token: CST.Token, limit = YAML_MAX_DEPTH): number | undefined {
  const pending: [CST.Token | null | undefined, number][] = [[token, 0]];
  while (pending.length) {
    const [t, depth] = pending.pop()!;
    if (!t) continue;
    switch (t.type) {
      case 'document':
        pending.push([t.value, depth]);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (depth + 1 > limit) return t.offset;
        // Pushed last to first, so the first collection too deep in document order is found.
        for (let i = t.items.length - 1; i >= 0; i--) {
          const item = t.items[i]!;
          pending.push([item.value, depth + 1]);
          pending.push(['key' in item ? item.key : undefined, depth + 1]);
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}

/**
 * Levels of nesting this thread's stack composes safely: the `yaml` package's composer recurses once
 * per level, about 1 KB of stack each; 4 KB leaves room for what follows. Deeper documents must not
 * reach the composer on this thread: V8 aborts the process, instead of throwing, when the stack runs
 * out inside a regular expression's compilation.
 */
export function composableDepth(): number {
  // V8's default stack (984 KB) on a main thread; a worker's own limit (Node's default: 4 MB).
  const stackSizeMb = isMainThread ? 0.96 : (resourceLimits.stackSizeMb ?? 4);
  return Math.floor(stackSizeMb * 256);
}
