// Package folders of Jsonnet dependencies: in memory (files and symlinks), on disk, and
// jsonnet-bundler's directory sum that the lock records.
//
// jb's sum: SHA-256 over the contents of every non-folder entry, visited depth-first with each
// folder's entries in byte-wise name order; names and modes are not hashed; standard base64.
// A symlink is not descended into: one that leads to a file contributes that file's bytes, one
// that leads to a folder (or nowhere) ends the walk, the sum being that of what was read so far.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { compareBytes } from '../gocompat/strings.js';

/** A file (content and mode) or a symbolic link (its target, relative to the link's folder). */
type JbEntry = { data: Buffer; mode: number; link?: undefined } | { link: string; data?: undefined };
/** Posix path relative to the package folder → entry. Folders are implied by paths. */
export type JbTree = Map<string, JbEntry>;

/** Orders paths as a depth-first walk with sorted folder entries does. */
function walkOrder(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = compareBytes(pa[i]!, pb[i]!);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/** Follows links inside the tree; the file reached, or undefined for a folder / nothing. */
function resolveFile(tree: JbTree, path: string, folders: Set<string>): Buffer | undefined {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    const e = tree.get(p);
    if (!e) return undefined;
    if (e.data) return e.data;
    p = posix.normalize(posix.join(posix.dirname(p), e.link));
    if (folders.has(p) || p.startsWith('../') || p === '..') return undefined;
  }
  return undefined;
}

function foldersOf(tree: JbTree): Set<string> {
  const out = new Set<string>(['.']);
  for (const p of tree.keys()) {
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) out.add(p.slice(0, i));
  }
  return out;
}

/** jb's sum of an in-memory package. */
export function jbSumOfTree(tree: JbTree): string {
  const h = createHash('sha256');
  const folders = foldersOf(tree);
  for (const path of [...tree.keys()].sort(walkOrder)) {
    const data = resolveFile(tree, path, folders);
    if (!data) break; // a link to a folder or nowhere ends jb's walk
    h.update(data);
  }
  return h.digest('base64');
}

class StopWalk extends Error {}

/** jb's sum of a folder on disk (undefined if the folder does not exist). */
export function jbSumOfFolder(dir: string): string | undefined {
  try {
    if (!lstatSync(dir).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const h = createHash('sha256');
  const walk = (d: string): void => {
    const names = readdirSync(d).sort(compareBytes);
    for (const name of names) {
      const abs = join(d, name);
      const st = lstatSync(abs);
      if (st.isDirectory()) walk(abs);
      else if (st.isSymbolicLink()) {
        let target;
        try {
          target = statSync(abs);
        } catch {
          throw new StopWalk();
        }
        if (!target.isFile()) throw new StopWalk();
        h.update(readFileSync(abs));
      } else h.update(readFileSync(abs));
    }
  };
  try {
    walk(dir);
  } catch (err) {
    if (!(err instanceof StopWalk)) throw err;
  }
  return h.digest('base64');
}

/** Writes a package under `dir` (which must not exist yet). */
export function writeJbTree(dir: string, tree: JbTree): void {
  mkdirSync(dir, { recursive: true });
  const made = new Set<string>([dir]);
  for (const [path, e] of tree) {
    const abs = join(dir, ...path.split('/'));
    const parent = dirname(abs);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    if (e.data) writeFileSync(abs, e.data, { mode: e.mode });
    else symlinkSync(e.link, abs);
  }
}

/** Checks that every link stays inside the package; returns a problem or undefined. */
export function linkLeavingTree(tree: JbTree): string | undefined {
  for (const [path, e] of tree) {
    if (e.link === undefined) continue;
    const target = posix.normalize(posix.join(posix.dirname(path), e.link));
    if (e.link.startsWith('/') || target === '..' || target.startsWith('../')) return `${path} -> ${e.link}`;
  }
  return undefined;
}
