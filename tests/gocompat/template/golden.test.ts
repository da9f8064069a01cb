// Outputs recorded from Go 1.19 text/template with sprig (Debian bookworm
// packages) for the same templates and data; errors are only checked for presence.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { compileTemplate } from '../../../tools/gocompat/template/index.js';

interface Case {
  tpl: string;
  data: never;
  out?: string;
  error?: boolean;
}
const cases = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8')) as Case[];

test.each(cases.map((c) => [c.tpl, c] as const))('%s', (_t, c) => {
  if (c.error) {
    expect(() => compileTemplate(c.tpl)(c.data)).toThrow();
  } else {
    expect(compileTemplate(c.tpl)(c.data)).toBe(c.out);
  }
});
