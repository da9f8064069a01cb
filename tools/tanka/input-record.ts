// What an evaluation read beyond its imports, filled in by the natives and kept with its result
// (result-cache.ts). A module of its own so that the natives and the cache need not import each other.

/** What one evaluation read beyond its imports (filled by the natives). */
export interface InputRecord {
  charts: Set<string>;
  /** The helm binaries that rendered charts. */
  helms: Set<string>;
  /** Why the result must not be kept (a native whose inputs are unknown ran). */
  uncacheable?: string;
}
