import { join } from 'node:path';
import type { Logger } from '../../logger.ts';
import type { KeyFiles } from './key-files.ts';
import { listKeyFiles, readRecordHeader } from './key-files.ts';
import { decodeKeyName } from './layout.ts';
import type { Records } from './records.ts';
import type { VolatileTable } from './volatile.ts';

/**
 * Expiry of stored keys. At open, a background scan reads the first bytes of every key file to learn
 * the expiry of TTL keys (and removes files an older version wrote for keys now held in memory);
 * expired keys are hidden on read and deleted by `sweep()`, which also drops expired in-memory keys
 * and checkpoints at once so expired data leaves the disk promptly.
 */
export interface Expiry {
  /** Resolves once the startup scan is over (sweeps and key listings wait for it). */
  readonly startupScan: Promise<void>;
  /** Deletes expired keys; resolves with how many were due. */
  sweep(): Promise<number>;
}

export function startExpiry(deps: {
  kvDir: string;
  records: Records;
  files: KeyFiles;
  volatile: VolatileTable;
  volatileMaxEntries: number;
  now: () => number;
  isClosed: () => boolean;
  log: Logger | undefined;
}): Expiry {
  const { kvDir, records, files, volatile, now, isClosed, log } = deps;

  const startupScan = (async () => {
    for (const { dir, name } of await listKeyFiles(kvDir)) {
      if (isClosed()) return;
      try {
        const header = await readRecordHeader(join(kvDir, dir, `${name}.json`));
        const key = header?.k ?? decodeKeyName(name);
        if (key !== undefined && volatile.matches(key)) {
          // Written by an older version (one file per dedupe record): these keys now live in memory.
          if (!records.changedSinceOpen(key)) await files.remove(key);
          continue;
        }
        if (!header || key === undefined || header.e === null) continue;
        if (!records.changedSinceOpen(key)) records.expiries.set(key, header.e);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
          log?.warn({ err, file: `${dir}/${name}` }, 'store startup scan skipped an unreadable file');
      }
    }
  })()
    .catch((err: unknown) => log?.error({ err }, 'store startup scan failed'))
    .finally(() => records.endStartupScan());

  return {
    startupScan,
    async sweep() {
      await startupScan;
      const volatileExpired = volatile.sweep();
      const evicted = volatile.takeEvicted();
      if (evicted > 0)
        log?.warn(
          { evicted, maxEntries: deps.volatileMaxEntries },
          'store dropped live in-memory keys (dedupe records) because the table was full: raise volatileMaxEntries or use Redis',
        );
      const t = now();
      const due = [...records.expiries].filter(([, e]) => e <= t).map(([k]) => k);
      let deleted = 0;
      for (const key of due) {
        if (isClosed()) break;
        if (await records.deleteIfExpired(key)) deleted++;
      }
      // Expired data leaves the disk now rather than at the next interval.
      if (deleted > 0) void records.checkpointInBackground('sweep');
      return due.length + volatileExpired;
    },
  };
}
