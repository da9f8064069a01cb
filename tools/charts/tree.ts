// File trees of charts: reading a folder, writing one, and the tree digest the lock records.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { ChartsError } from './errors.js';
import { DEFAULT_LIMITS, type FileTree, type Limits } from './tar.js';

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The digest of a file tree: sha256 of the lines "<sha256 of file>  <path>\n" sorted by path
 * (the `sha256sum` format), so it depends on paths and contents only, not on modes or times.
 */
export function treeDigest(files: FileTree): string {
  const lines = [...files.entries()]
    .map(([path, f]) => `${sha256Hex(f.data)}  ${path}\n`);
  return treeDigestFromLines([...files.keys()], lines);
}

function treeDigestFromLines(paths: string[], lines: string[]): string {
  const order = paths.map((p, i) => [p, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const h = createHash('sha256');
  for (const [, i] of order) h.update(lines[i]!);
  return `sha256:${h.digest('hex')}`;
}

/**
 * Reads a chart folder into memory. Symlinks are followed only when they stay inside
 * `root`; device files, sockets and fifos are refused. `skip` lists folder paths
 * (relative) that are not read at all.
 */
export async function readTree(root: string, opts: { skip?: Set<string>; limits?: Limits } = {}): Promise<FileTree> {
  // Synchronous calls: for thousands of small files they are several times faster than fs/promises.
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const skip = opts.skip ?? new Set<string>();
  const realRoot = realpathSync(root);
  const files: FileTree = new Map();
  let total = 0;
  const walk = (dir: string, rel: string): void => {
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const name = ent.name;
      const relPath = rel === '' ? name : `${rel}/${name}`;
      if (skip.has(relPath)) continue;
      const abs = join(dir, name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        let target: string | undefined;
        try {
          target = realpathSync(abs);
        } catch {
          target = undefined;
        }
        if (target === undefined || (target !== realRoot && !target.startsWith(realRoot + sep))) {
          throw new ChartsError(`${abs}: symbolic link leaves the chart folder`);
        }
        const st = statSync(abs);
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (isDir) {
        walk(abs, relPath);
      } else if (isFile) {
        const data = readFileSync(abs);
        total += data.length;
        if (total > limits.maxUnpackedBytes) throw new ChartsError(`${root}: chart is larger than ${limits.maxUnpackedBytes} bytes`);
        if (files.size >= limits.maxFiles) throw new ChartsError(`${root}: chart has more than ${limits.maxFiles} files`);
        const mode = lstatSync(abs).mode;
        files.set(relPath, { data, mode: mode & 0o111 ? 0o755 : 0o644 });
      } else {
        throw new ChartsError(`${abs}: not a regular file or folder (device, socket or fifo)`);
      }
    }
  };
  walk(root, '');
  return files;
}

/** Writes a tree under `dir` (which must not exist yet or be empty). */
export async function writeTree(dir: string, files: FileTree): Promise<void> {
  // Synchronous for the same reason as readTree: thousands of small files.
  mkdirSync(dir, { recursive: true });
  const made = new Set<string>([dir]);
  for (const [path, f] of files) {
    const abs = join(dir, ...path.split('/'));
    const parent = dirname(abs);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(abs, f.data, { mode: f.mode });
  }
}

/** Size, modification time and inode of every file under `root` (no contents read). */
export type StatTree = Record<string, [number, number, number]>;

export function statTree(root: string): StatTree {
  const out: StatTree = {};
  const walk = (dir: string, rel: string): void => {
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const relPath = rel === '' ? ent.name : `${rel}/${ent.name}`;
      const abs = join(dir, ent.name);
      if (ent.isDirectory()) walk(abs, relPath);
      else {
        const st = lstatSync(abs);
        out[relPath] = [st.size, st.mtimeMs, st.ino];
      }
    }
  };
  walk(root, '');
  return out;
}

export function sameStatTree(a: StatTree, b: StatTree): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    const x = a[k]!;
    const y = b[k];
    if (!y || x[0] !== y[0] || x[1] !== y[1] || x[2] !== y[2]) return false;
  }
  return true;
}
