// Golden outputs produced by the real gopkg.in/yaml.v2 2.4.0 and yaml.v3 3.0.1
// (Debian bookworm packages) with golden/gen/main.go, for random tricky
// documents and typical Kubernetes objects: our emitters must match byte for byte.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { JsonValue } from '../../../tools/gocompat/json.js';
import { encodeStreamV2, marshalV2 } from '../../../tools/gocompat/yaml/marshal.js';
import { marshalV3 } from '../../../tools/gocompat/yaml/marshal.js';

interface Golden {
  input: JsonValue;
  v2: string;
  v3: string;
  stream?: string;
  error?: string;
}

const golden = JSON.parse(readFileSync(new URL('./golden/yaml-golden.json', import.meta.url), 'utf8')) as Golden[];

describe('byte-identical to go-yaml', () => {
  test('the golden file is not empty', () => {
    expect(golden.length).toBeGreaterThan(200);
  });
  test.each(golden.map((g, i) => [i, g] as const))('case %i', (_i, g) => {
    expect(g.error).toBeUndefined();
    expect(marshalV2(g.input)).toBe(g.v2);
    expect(marshalV3(g.input)).toBe(g.v3);
    if (g.stream !== undefined && Array.isArray(g.input)) expect(encodeStreamV2(g.input)).toBe(g.stream);
  });
});
