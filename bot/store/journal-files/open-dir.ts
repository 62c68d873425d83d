import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Logger } from '../../logger.ts';
import { StoreError } from '../errors.ts';
import { acquireDirLock, type DirLock } from './dir-lock.ts';
import { replayJournal, type ReplayResult } from './journal-replay.ts';
import { removeStaleTempFiles } from './key-files.ts';
import { LAYOUT_VERSION, SHARD_DIRS } from './layout.ts';

interface Meta {
  layout: number;
  createdAt: string;
}

/** A store directory taken by this process, with what the last run left in its journal. */
export interface OpenedDir {
  root: string;
  kvDir: string;
  journalDir: string;
  dirLock: DirLock;
  replay: ReplayResult;
}

const unavailable = (what: string, err: unknown): StoreError =>
  err instanceof StoreError
    ? err
    : new StoreError('store_unavailable', `${what}: ${(err as Error).message}`, { cause: err });

/**
 * Opens `<dataDir>/store/` (layout.ts): takes the one-process lock file, creates the directories and
 * `meta.json` (refusing another layout with `store_corrupt`), removes the temp files an interrupted
 * key-file write left, and reads the journal segments a crash left (journal-replay.ts). Anything
 * that cannot be used fails with `store_unavailable`, and the lock is released again.
 */
export async function openStoreDir(dataDir: string, now: () => number, log: Logger | undefined): Promise<OpenedDir> {
  const root = join(dataDir, 'store');
  const kvDir = join(root, 'kv');
  const journalDir = join(root, 'journal');
  let dirLock: DirLock;
  try {
    await mkdir(journalDir, { recursive: true });
    dirLock = await acquireDirLock(root);
  } catch (err) {
    throw unavailable(`cannot open lowdb store under ${root}`, err);
  }
  try {
    try {
      await mkdir(kvDir, { recursive: true });
      for (let i = 0; i < SHARD_DIRS; i++)
        await mkdir(join(kvDir, i.toString(16).padStart(2, '0')), { recursive: true });
      const meta = new Low<Meta | null>(new JSONFile<Meta | null>(join(root, 'meta.json')), null);
      await meta.read();
      if (meta.data === null) {
        meta.data = { layout: LAYOUT_VERSION, createdAt: new Date(now()).toISOString() };
        await meta.write();
      } else if (meta.data.layout !== LAYOUT_VERSION) {
        throw new StoreError(
          'store_corrupt',
          `${root} has store layout ${String(meta.data.layout)}, expected ${LAYOUT_VERSION}`,
        );
      }
    } catch (err) {
      throw unavailable(`cannot open lowdb store under ${root}`, err);
    }
    const staleTemps = await removeStaleTempFiles(kvDir).catch(() => 0);
    if (staleTemps > 0) log?.warn({ staleTemps }, 'removed temp files left by an interrupted write');
    const replay = await replayJournal(journalDir, log).catch((err: unknown) => {
      throw unavailable(`cannot read the store journal under ${journalDir}`, err);
    });
    return { root, kvDir, journalDir, dirLock, replay };
  } catch (err) {
    await dirLock.release();
    throw err;
  }
}
