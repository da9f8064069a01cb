// Discovery of every environment under a path (`tk env list`, `tk export -r`).
//
// Differs from tk on purpose (README, "Differences from tk"): directories named
// `vendor` or `node_modules` and hidden directories are not searched; once a
// directory holds a main.jsonnet its subdirectories are not searched for more
// (tk evaluates those too, issues #1106 and #957); and a directory below the
// starting point that holds its own jsonnetfile.json or tkrc.yaml is a separate
// Tanka project (e.g. test fixtures) and is not searched.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ENTRYPOINT, NoBaseError } from './jpath.js';
import { listEnvironments, type FoundEnvironment, type LoadOptions } from './environments.js';
import { compareBytes } from '../gocompat/strings.js';
import { pathErrorText } from '../gocompat/errors.js';

const SKIPPED_DIRS = new Set(['vendor', 'node_modules']);
const PROJECT_MARKERS = ['jsonnetfile.json', 'tkrc.yaml'];

/** Directories under `root` (inclusive) that hold a main.jsonnet, sorted. */
export function findEntrypointDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, start: boolean) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (!start && entries.some((e) => PROJECT_MARKERS.includes(e.name))) return;
    if (entries.some((e) => e.name === DEFAULT_ENTRYPOINT && (e.isFile() || e.isSymbolicLink()))) {
      out.push(dir);
      return;
    }
    for (const e of entries.sort((a, b) => compareBytes(a.name, b.name))) {
      if (!e.isDirectory() || SKIPPED_DIRS.has(e.name) || e.name.startsWith('.')) continue;
      walk(path.join(dir, e.name), false);
    }
  };
  const abs = path.resolve(root);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch (e) {
    // tk: `finding jsonnet files: ... stat /missing/path: no such file or directory`
    throw new Error(`finding jsonnet files: Errors occurred during parallel processing:\n\n- ${pathErrorText(e, root)}\n\n`);
  }
  if (stat.isFile()) return path.basename(abs) === DEFAULT_ENTRYPOINT ? [path.dirname(abs)] : [];
  walk(abs, true);
  return out;
}

/** Every environment under `p`, sorted by name (stable). Evaluation errors are collected and thrown together. */
export async function findEnvironments(p: string, opts: LoadOptions = {}): Promise<FoundEnvironment[]> {
  const found: FoundEnvironment[] = [];
  const errors: string[] = [];
  const abs = path.resolve(p);
  for (const dir of findEntrypointDirs(p)) {
    // tk names an entrypoint as its directory walk found it: the argument joined with the rest.
    const shown = path.join(p, path.relative(abs, dir), DEFAULT_ENTRYPOINT);
    try {
      found.push(...(await listEnvironments(dir, opts, shown)));
    } catch (e) {
      if (e instanceof NoBaseError) continue;
      errors.push(`- ${shown}:\n ${pathErrorText(e)}`);
    }
  }
  if (errors.length > 0) throw new Error(`finding environments: Errors occurred during parallel processing:\n\n${errors.join('\n\n')}\n\n`);
  return found.sort((a, b) => compareBytes(a.env.metadata.name, b.env.metadata.name));
}
