// Types for content-hash.mjs.
import type { Hash } from 'node:crypto';
export declare function hashContent(hash: Hash, path: string): void;
