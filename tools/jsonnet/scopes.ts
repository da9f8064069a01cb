// Compile-time scopes: the static half of variable lookup. Every function call, comprehension
// iteration, object (per self and layer) and file gets a frame at run time; here a FrameInfo
// lays one out (slots allocated as bindings are declared) and a Scope names the variables a
// construct binds in a frame. A variable resolves to (hops up the frame chain, slot), so compiled
// code finds it without names. Object frames keep slot 1 for self and 2 for the layer index.

export class FrameInfo {
  size: number;
  constructor(
    readonly parent: FrameInfo | null,
    readonly isObject: boolean,
  ) {
    this.size = isObject ? 3 : 1; // slot 0: the parent frame
  }
  /** A new slot for one binding. */
  alloc(): number {
    return this.size++;
  }
}

export class Scope {
  constructor(
    readonly parent: Scope | null,
    readonly frame: FrameInfo,
    /** Variable name to slot in `frame`. */
    readonly vars: Map<string, number>,
  ) {}
}

export interface Resolved {
  /** Frames to walk up from the frame of the scope the lookup started in. */
  hops: number;
  slot: number;
  /** The frame holding the variable. */
  frame: FrameInfo;
}

/** Where `name` lives as seen from `scope` (the innermost binding wins), or null when unbound. */
export function resolveVariable(name: string, scope: Scope): Resolved | null {
  let hops = 0;
  let frame = scope.frame;
  for (let s: Scope | null = scope; s !== null; s = s.parent) {
    while (frame !== s.frame) {
      frame = frame.parent!;
      hops++;
    }
    const slot = s.vars.get(name);
    if (slot !== undefined) return { hops, slot, frame };
  }
  return null;
}

/** Frames from `scope`'s frame up to `target` (an enclosing frame). */
export function hopsTo(scope: Scope, target: FrameInfo): number {
  let hops = 0;
  for (let f: FrameInfo | null = scope.frame; f !== target; f = f!.parent) hops++;
  return hops;
}
