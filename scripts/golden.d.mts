// Types for scripts/golden.mjs (imported by tests/platform/golden.test.ts).
export declare const ENVIRONMENTS: string[];
export declare function goldenObject(o: Record<string, any>): Record<string, any>;
export declare function renderGolden(env: string, manifests: Record<string, any>[]): string;
