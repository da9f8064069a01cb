// Project root, base directory, entrypoint and import search order, as Tanka
// resolves them.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImportResolver } from '../jsonnet/api.js';
import { importCandidate, importingDir, readImportCandidate } from '../jsonnet/import-file.js';

export const DEFAULT_ENTRYPOINT = 'main.jsonnet';
const TK_IMPORT_FOUND_AT = '<internal>/tk.libsonnet';
const TK_LIBSONNET = '{ env: std.extVar("tanka.dev/environment") }';

export class NoRootError extends Error {
  constructor() {
    super(
      "unable to identify the project root.\nTried to find 'tkrc.yaml' or 'jsonnetfile.json' in the parent directories.\n" +
        'Please refer to https://tanka.dev/directory-structure for more information',
    );
  }
}

export class NoBaseError extends Error {
  constructor(file: string) {
    super(
      `Unable to identify the environments base directory.\nTried to find '${file}' in the parent directories.\n` +
        'Please refer to https://tanka.dev/directory-structure for more information',
    );
  }
}

/** The absolute path, or its directory when it names a file. */
function fsDir(p: string): string {
  const abs = path.resolve(p);
  try {
    if (!fs.statSync(abs).isDirectory()) return path.dirname(abs);
  } catch {
    /* a missing path is treated as a directory, like Tanka */
  }
  return abs;
}

function dirLists(dir: string, name: string): boolean {
  try {
    return fs.readdirSync(dir).includes(name);
  } catch {
    return false;
  }
}

function walkUp(start: string, name: string, stopAt?: string): string | null {
  let dir = start;
  for (;;) {
    if (dirLists(dir, name)) return dir;
    if (stopAt !== undefined && dir === stopAt) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** tkrc.yaml anywhere up the tree wins over jsonnetfile.json. */
export function findRoot(p: string): string {
  const start = fsDir(p);
  const root = walkUp(start, 'tkrc.yaml') ?? walkUp(start, 'jsonnetfile.json');
  if (root === null) throw new NoRootError();
  return root;
}

/** The entrypoint's file name: main.jsonnet for a directory, the basename for a file. */
function entrypointName(p: string): string {
  const abs = path.resolve(p);
  try {
    if (!fs.statSync(abs).isDirectory()) return path.basename(abs);
  } catch {
    /* missing: directory */
  }
  return DEFAULT_ENTRYPOINT;
}

export function findBase(p: string, root: string): string {
  const file = entrypointName(p);
  const base = walkUp(fsDir(p), file, root);
  if (base === null) throw new NoBaseError(file);
  return base;
}

export interface ProjectPaths {
  root: string;
  base: string;
  /** Absolute path of the entrypoint file. */
  entrypoint: string;
}

export function resolvePaths(p: string): ProjectPaths {
  const root = findRoot(p);
  const base = findBase(p, root);
  return { root, base, entrypoint: path.join(base, entrypointName(p)) };
}

/** Tanka's JPaths in its array order (what `tk tool jpath` prints). */
export function jpaths(root: string, base: string): string[] {
  return [path.join(root, 'vendor'), path.join(base, 'vendor'), path.join(root, 'lib'), base];
}

/** File contents by absolute path; share one between environments of one run to read each file once. */
export type FileCache = Map<string, Buffer | null>;

/** An import candidate's bytes (null when nothing is there), read once per cache. */
function readCached(cache: FileCache, file: string, imported: string): Buffer | null {
  if (cache.has(file)) return cache.get(file)!;
  const content = readImportCandidate(file, imported);
  cache.set(file, content);
  return content;
}

/**
 * The import resolver: `import "tk"` first, then the importing file's directory,
 * then the JPaths last to first (base, root/lib, base/vendor, root/vendor).
 * Paths are joined lexically (no symlink resolution), like go-jsonnet.
 */
export function createImporter(root: string, base: string, cache: FileCache = new Map()): ImportResolver {
  const searchDirs = jpaths(root, base).reverse();
  const tryDir = (dir: string, imported: string) => {
    const file = importCandidate(dir, imported);
    const content = readCached(cache, file, imported);
    return content === null ? null : { foundAt: file, content };
  };
  return (importedFrom, imported) => {
    if (imported === 'tk') return { foundAt: TK_IMPORT_FOUND_AT, content: TK_LIBSONNET };
    const here = tryDir(importingDir(importedFrom), imported);
    if (here) return here;
    for (const dir of searchDirs) {
      const found = tryDir(dir, imported);
      if (found) return found;
    }
    return null;
  };
}
