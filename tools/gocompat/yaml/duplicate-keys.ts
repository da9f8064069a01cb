// Duplicate mapping keys, refused as Go's YAML decoders refuse them (kubectl and kubeconform -strict:
// `key "name" already set in map`). The `yaml` package can check this while composing, but it
// compares each new key with every earlier key of the map, so a map of n keys costs n²/2 comparisons
// (a 4 MB ConfigMap took 20 s). Documents are therefore composed with `uniqueKeys: false` and checked
// here: one Set per map, one pass over the tree, no recursion (a deep document needs no deep stack).

import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

export interface DuplicateKey {
  /** The key as written in the document. */
  key: string;
  /** Offset of the repeated key in the text the document was parsed from. */
  offset: number;
  message: string;
}

/** Every repeated scalar key of every map in `doc`, in document order. Aliases are not followed. */
export function duplicateKeys(doc: Document.Parsed): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  const pending: unknown[] = [doc.contents];
  while (pending.length) {
    const node = pending.pop();
    if (!node || isAlias(node) || isScalar(node)) continue;
    if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i]);
    } else if (isMap(node)) {
      const seen = new Set<unknown>();
      const children: unknown[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        if (isScalar(key)) {
          // Keys are equal when their values are: `1` and `"1"` are two keys, as in the `yaml` package.
          const id = typeof key.value === 'string' ? `s:${key.value}` : key.value;
          if (seen.has(id)) {
            const shown = String(key.source ?? key.value);
            out.push({ key: shown, offset: key.range?.[0] ?? 0, message: `key ${JSON.stringify(shown)} already set in map` });
          } else seen.add(id);
        } else children.push(key);
        children.push(pair.value);
      }
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
