import { StoreError } from '../errors.ts';
import type { Journal } from './journal.ts';
import type { DirtyEntry, DirtyTable } from './dirty.ts';
import type { KeyFiles } from './key-files.ts';

/**
 * The journal-files store's checkpoint: moves the journal's content into the key files, then deletes the
 * journal segments it covers.
 *
 * 1. rotate the journal (new lines go to a new segment) and take the dirty records at that instant;
 * 2. wait until the sealed segments' writes are done;
 * 3. write each dirty key's file once (however many sets it had), unlink deleted or expired ones;
 * 4. forget the records that did not change meanwhile (the newer ones are in the new segment);
 * 5. only if every file was written: delete the sealed segments.
 *
 * A failure keeps the segments and the dirty records, so the next checkpoint writes them again:
 * nothing is lost, and a crash at any step replays the journal and repeats the same writes.
 * Runs are serialised; callers that ask while one waits to start share it.
 */
export interface CheckpointStats {
  checkpoints: number;
  failures: number;
  fileWrites: number;
  fileDeletes: number;
}

export interface Checkpointer {
  /** Runs a checkpoint covering every write made before the call. */
  run(): Promise<void>;
  readonly stats: CheckpointStats;
}

export function createCheckpointer(deps: {
  journal: Journal;
  dirty: DirtyTable;
  files: KeyFiles;
  isLive: (entry: DirtyEntry) => boolean;
  /** A dirty record is on disk and was forgotten (`written`: its file now holds it; else it was unlinked). */
  onSettled: (key: string, entry: DirtyEntry, written: boolean) => void;
  /** Key files written at the same time. Default 8. */
  concurrency?: number;
}): Checkpointer {
  const stats: CheckpointStats = { checkpoints: 0, failures: 0, fileWrites: 0, fileDeletes: 0 };
  const concurrency = Math.max(1, deps.concurrency ?? 8);
  let chain: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | null = null;

  async function once(): Promise<void> {
    const { journal, dirty, files } = deps;
    if (dirty.size === 0 && !journal.hasSegments) return;
    const sealed = journal.rotate();
    const batch = dirty.snapshot();
    await journal.drained(sealed);
    let failed = 0;
    let firstError: unknown;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batch.length) {
        const [key, entry] = batch[next++] as [string, DirtyEntry];
        const write = entry !== null && deps.isLive(entry);
        try {
          if (write) {
            await files.write(key, entry);
            stats.fileWrites++;
          } else {
            await files.remove(key);
            stats.fileDeletes++;
          }
          if (dirty.settle(key, entry)) deps.onSettled(key, entry, write);
        } catch (err) {
          failed++;
          firstError ??= err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    if (failed > 0) {
      stats.failures++;
      throw new StoreError(
        'store_unavailable',
        `store checkpoint could not write ${failed} of ${batch.length} key files (the journal keeps them; retried at the next checkpoint): ${(firstError as Error).message}`,
        { cause: firstError },
      );
    }
    await journal.removeThrough(sealed);
    stats.checkpoints++;
  }

  return {
    run() {
      if (waiting) return waiting;
      const p = chain
        .catch(() => undefined)
        .then(() => {
          waiting = null;
          return once();
        });
      waiting = p;
      chain = p;
      return p;
    },
    stats,
  };
}
