// The content of files and folders fed into a hash: names and bytes, recursively, symbolic links followed
// (as helm and the Jsonnet importer follow them). Shared by the caching helm (helm-cache.mjs, a plain
// program tk starts) and the run cache's keys (run-cache.ts). Plain JavaScript for the former.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Adds the content at `path` to `hash`; a missing path adds a marker of its own. */
export function hashContent(hash, path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    hash.update('missing\0');
    return;
  }
  if (stat.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      hash.update(`entry\0${name}\0`);
      hashContent(hash, join(path, name));
    }
    hash.update('end\0');
  } else if (stat.isFile()) {
    hash.update(`file\0${stat.size}\0`);
    hash.update(readFileSync(path));
  }
}
