// Compile-time scopes (tools/jsonnet/scopes.ts) on their own: the frames a program's constructs
// open, and where a variable resolves to from a given scope.
import { describe, expect, it } from 'vitest';
import { FrameInfo, hopsTo, resolveVariable, Scope } from '../../../tools/jsonnet/scopes.js';

/** A scope binding `names` in `frame` (slots allocated in order). */
function bind(parent: Scope | null, frame: FrameInfo, ...names: string[]): Scope {
  return new Scope(parent, frame, new Map(names.map((n) => [n, frame.alloc()])));
}

describe('frames', () => {
  it('keep slot 0 for the parent frame, and 1 and 2 for self and the layer in object frames', () => {
    const file = new FrameInfo(null, false);
    expect(file.alloc()).toBe(1);
    const object = new FrameInfo(file, true);
    expect(object.alloc()).toBe(3);
    expect(object.size).toBe(4);
  });
});

describe('resolveVariable', () => {
  // local std; local a = 1, b = 2; function(x) local a = x; [a, b, std, x]
  const file = new FrameInfo(null, false);
  const root = bind(null, file, 'std');
  const locals = bind(root, file, 'a', 'b');
  const call = new FrameInfo(file, false);
  const params = bind(locals, call, 'x');
  const inner = bind(params, call, 'a');

  it('finds a binding of the same frame without hops', () => {
    expect(resolveVariable('x', inner)).toEqual({ hops: 0, slot: 1, frame: call });
  });

  it('lets the innermost binding shadow outer ones', () => {
    expect(resolveVariable('a', inner)).toEqual({ hops: 0, slot: 2, frame: call });
    expect(resolveVariable('a', locals)).toEqual({ hops: 0, slot: 2, frame: file });
  });

  it('counts one hop per frame crossed', () => {
    expect(resolveVariable('b', inner)).toEqual({ hops: 1, slot: 3, frame: file });
    expect(resolveVariable('std', inner)).toEqual({ hops: 1, slot: 1, frame: file });
  });

  it('answers null for an unbound name (the compiler reports Unknown variable)', () => {
    expect(resolveVariable('y', inner)).toBeNull();
    expect(resolveVariable('x', locals)).toBeNull();
  });

  it('walks object and comprehension frames like any other', () => {
    // { local o = a, f: [o + i for i in [1]] } inside the function above
    const object = new FrameInfo(call, true);
    const objectLocals = bind(inner, object, 'o');
    const iteration = new FrameInfo(object, false);
    const comp = bind(objectLocals, iteration, 'i');
    expect(resolveVariable('i', comp)).toEqual({ hops: 0, slot: 1, frame: iteration });
    expect(resolveVariable('o', comp)).toEqual({ hops: 1, slot: 3, frame: object });
    expect(resolveVariable('a', comp)).toEqual({ hops: 2, slot: 2, frame: call });
    expect(resolveVariable('b', comp)).toEqual({ hops: 3, slot: 3, frame: file });
    expect(hopsTo(comp, object)).toBe(1);
    expect(hopsTo(comp, file)).toBe(3);
  });
});
