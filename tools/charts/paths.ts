// Where the project root and the tool's cache folder are.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding this package's package.json (works from tools/ and from dist/tools/). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** TKTS_CACHE_DIR, else <project root>/.cache/tkts. */
export function cacheDir(): string {
  const env = process.env.TKTS_CACHE_DIR;
  return env && env.length > 0 ? resolve(env) : join(projectRoot(), '.cache', 'tkts');
}
