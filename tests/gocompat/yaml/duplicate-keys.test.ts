// Repeated mapping keys, found in one pass (tools/gocompat/yaml/duplicate-keys.ts). Go's decoders
// (kubectl, kubeconform -strict) refuse them with `key "name" already set in map`; the `yaml`
// package's own check compares every pair of keys, so documents are composed without it.
import { Document, Pair, parseDocument, Scalar, YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { duplicateKeys } from '../../../tools/gocompat/yaml/duplicate-keys.js';

const dups = (text: string) => duplicateKeys(parseDocument(text, { uniqueKeys: false })).map((d) => [d.message, text.slice(0, d.offset).split('\n').length]);

describe('duplicateKeys', () => {
  it('names each repeated key with the line of its repetition, nested maps and flow maps included', () => {
    expect(dups('a: 1\nb:\n  c: 1\n  c: 2\nlist:\n  - {x: 1, y: 2, x: 3}\na: 3\n')).toEqual([
      ['key "c" already set in map', 4],
      ['key "x" already set in map', 6],
      ['key "a" already set in map', 7],
    ]);
  });

  it('keeps keys of different values apart (1 and "1"), and the same key in two maps', () => {
    expect(dups('1: a\n"1": b\nm: {k: 1}\nn: {k: 2}\n')).toEqual([]);
    expect(dups('"k": 1\nk: 2\n')).toEqual([['key "k" already set in map', 2]]);
  });

  it('does not follow aliases, and walks a tree 100,000 maps deep without recursion', () => {
    expect(dups('a: &x {k: 1}\nb: *x\nc: *x\n')).toEqual([]);
    // A tree 100,000 maps deep, built by hand: the composer would need a deep stack for it.
    const doc = new Document({});
    let map = doc.contents as YAMLMap;
    for (let i = 0; i < 100_000; i++) {
      const inner = new YAMLMap();
      map.items.push(new Pair(new Scalar('a'), inner));
      map = inner;
    }
    map.items.push(new Pair(new Scalar('k'), new Scalar(1)), new Pair(new Scalar('k'), new Scalar(2)));
    expect(duplicateKeys(doc as Document.Parsed).map((d) => d.key)).toEqual(['k']);
  });
});
