// An exclusive lock on the charts folder, so two vendor runs never interleave.
import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { ChartsError } from './errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `path` (created exclusively); waits while a live process holds it; breaks stale locks. */
export async function acquireLock(path: string, timeoutMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  const me = `${process.pid}@${hostname()}`;
  for (;;) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(me);
      await fh.close();
      return async () => {
        // Only remove our own lock.
        const owner = await readFile(path, 'utf8').catch(() => '');
        if (owner === me) await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readFile(path, 'utf8').catch(() => '');
    const [pidText, host] = owner.split('@');
    const pid = Number(pidText);
    if (owner !== '' && host === hostname() && Number.isInteger(pid) && !alive(pid)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new ChartsError(`another vendor run (${owner || 'unknown'}) holds ${path}; gave up after ${timeoutMs / 1000}s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
