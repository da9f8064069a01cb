import { describe, expect, it } from 'vitest';
import { FnThunk, RuntimeError } from '../../../tools/jsonnet/value.js';

describe('FnThunk', () => {
  it('repeats the Jsonnet error when a failed thunk is forced again', () => {
    let calls = 0;
    const t = new FnThunk(() => {
      calls++;
      throw new RuntimeError('boom');
    });
    expect(() => t.force()).toThrow('boom');
    expect(() => t.force()).toThrow('boom');
    expect(calls).toBe(2);
  });

  it('computes once when it succeeds', () => {
    let calls = 0;
    const t = new FnThunk(() => ++calls);
    expect(t.force()).toBe(1);
    expect(t.force()).toBe(1);
    expect(calls).toBe(1);
  });
});
