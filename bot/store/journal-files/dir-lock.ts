import { open, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StoreError } from '../errors.ts';

/**
 * One process per store data directory: `<root>/lock` is created with O_EXCL and holds the pid of
 * the process that has the store open. A second process (or a second open in this process) is
 * refused with `store_unavailable`; a lock left by a process that is gone (kill -9, crash) is taken
 * over. The pid check cannot tell a recycled pid from the old owner: the error says how to clear it.
 */
export interface DirLock {
  release(): Promise<void>;
}

/** Roots opened by this process (its own pid in a lock file is only stale when not in here). */
const openedHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

export async function acquireDirLock(root: string): Promise<DirLock> {
  const absRoot = resolve(root);
  const path = join(absRoot, 'lock');
  if (openedHere.has(absRoot)) {
    throw new StoreError('store_unavailable', `lowdb store under ${absRoot} is already open in this process`);
  }
  // Reserved before the first await, so two opens in this process cannot both pass.
  openedHere.add(absRoot);
  try {
    await createLockFile(path, absRoot);
  } catch (err) {
    openedHere.delete(absRoot);
    throw err;
  }
  return {
    async release() {
      openedHere.delete(absRoot);
      if ((await readOwner(path)) === process.pid) await unlink(path).catch(() => undefined);
    },
  };
}

async function createLockFile(path: string, absRoot: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(`${process.pid}\n`);
      } finally {
        await fh.close();
      }
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
    }
    const owner = await readOwner(path);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      throw new StoreError(
        'store_unavailable',
        `lowdb store under ${absRoot} is in use by process ${owner} (one process per DATA_DIR: stop it, or delete ${path} if no such process uses the store)`,
      );
    }
    // Left behind by a process that is gone (or by this process, with no store open): take it over.
    await unlink(path).catch(() => undefined);
  }
}
