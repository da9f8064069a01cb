// Moves staged folders (and a staged lock file) into place together, or not at all: a failed rename rolls
// back every folder already swapped, so an interrupted vendor never leaves a half-written tree.
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface StagedFolder {
  /** Where the folder belongs. */
  target: string;
  /** The new content, written in the staging folder. */
  staged: string;
  /** Where the previous content is parked (inside staging) while the swap runs. */
  old?: string;
}

/** Swaps every staged folder in, then renames `lock.staged` over `lock.target` when given. */
export async function swapIntoPlace(folders: StagedFolder[], lock?: { staged: string; target: string }): Promise<void> {
  const done: StagedFolder[] = [];
  try {
    for (const s of folders) {
      if (existsSync(s.target)) await rename(s.target, s.old!);
      else s.old = undefined;
      await mkdir(dirname(s.target), { recursive: true });
      await rename(s.staged, s.target);
      done.push(s);
    }
    if (lock) await rename(lock.staged, lock.target);
  } catch (err) {
    for (const s of done.reverse()) {
      await rename(s.target, s.staged).catch(() => undefined);
      if (s.old) await rename(s.old, s.target).catch(() => undefined);
    }
    throw err;
  }
}
