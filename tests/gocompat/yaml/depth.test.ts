// Go's YAML depth limit (tools/gocompat/yaml/depth.ts): 10,000 nested collections are accepted, the
// first one deeper is found by its offset, on the parser's syntax tree and without recursion.
import { Parser, type CST } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tooDeepOffset, YAML_MAX_DEPTH } from '../../../tools/gocompat/yaml/depth.js';

const documentOf = (text: string): CST.Token => [...new Parser().parse(text)].find((t) => t.type === 'document')!;

describe('tooDeepOffset', () => {
  it('accepts 10,000 levels and finds the collection at level 10,001 (flow, block and mixed nesting)', () => {
    expect(YAML_MAX_DEPTH).toBe(10_000);
    expect(tooDeepOffset(documentOf('['.repeat(10_000) + ']'.repeat(10_000)))).toBeUndefined();
    expect(tooDeepOffset(documentOf('['.repeat(10_001) + ']'.repeat(10_001)))).toBe(10_000);
    expect(tooDeepOffset(documentOf('- '.repeat(10_000) + 'x\n'))).toBeUndefined();
    expect(tooDeepOffset(documentOf('- '.repeat(10_001) + 'x\n'))).toBe(20_000);
    expect(tooDeepOffset(documentOf('a: ' + '{b: '.repeat(9_999) + '1' + '}'.repeat(9_999)))).toBeUndefined();
    expect(tooDeepOffset(documentOf('a: ' + '{b: '.repeat(10_000) + '1' + '}'.repeat(10_000)))).toBe(3 + 4 * 9_999);
  });

  it('counts keys that are collections, and reports the first too-deep place in document order', () => {
    expect(tooDeepOffset(documentOf('? [[x]]\n: 1\n'), 2)).toBe(3);
    expect(tooDeepOffset(documentOf('a: [[1]]\nb: [[[2]]]\nc: [[[3]]]\n'), 3)).toBe(14);
  });

  it('walks 200,000 levels without exhausting the stack', () => {
    expect(tooDeepOffset(documentOf('['.repeat(200_000) + ']'.repeat(200_000)))).toBe(10_000);
  });
});
