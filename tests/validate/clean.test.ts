import { describe, expect, it } from 'vitest';
import { check, cleanApp, show } from './helpers.js';

describe('a clean application', () => {
  it('has no findings, in dev and in production', async () => {
    expect(show(await check(cleanApp()))).toBe('');
    expect(show(await check(cleanApp(), { production: true }))).toBe('');
  });
});
