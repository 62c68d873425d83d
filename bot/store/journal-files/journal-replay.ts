import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../logger.ts';
import { StoreError } from '../errors.ts';
import { decodeLine, type JournalRecord } from './journal-format.ts';
import { listSegments, type SegmentFileName } from './journal.ts';

export interface ReplayResult {
  /** The latest record of every key named in the journal (null = deleted), in order of last change. */
  records: Map<string, JournalRecord | null>;
  /** Segment files found, ascending. */
  segments: SegmentFileName[];
  lines: number;
}

/**
 * Replays the journal segments left by a process that did not close cleanly, oldest first; the
 * latest line of a key wins. A torn or unparsable **last** line of a segment is what a crash (or a
 * failed write, after which the journal moves to a new segment) leaves behind: it is skipped with a
 * warning naming the file, since its `set` never resolved. A bad line anywhere else means the file
 * was damaged: opening fails with `store_corrupt` naming the file and line.
 */
export async function replayJournal(dir: string, log?: Logger): Promise<ReplayResult> {
  const segments = await listSegments(dir);
  const records = new Map<string, JournalRecord | null>();
  let lines = 0;
  for (const { name } of segments) {
    const path = join(dir, name);
    const text = await readFile(path, 'utf8');
    const parts = text.split('\n');
    // A complete file ends with a newline: the last part is then empty.
    let last = parts.length - 1;
    while (last >= 0 && parts[last] === '') last--;
    for (let i = 0; i <= last; i++) {
      const line = parts[i] as string;
      if (line === '') continue;
      try {
        const { key, record } = decodeLine(line);
        records.delete(key); // re-inserted at the end: keeps "order of last change"
        records.set(key, record);
        lines++;
      } catch (err) {
        if (i === last) {
          log?.warn(
            { file: path, line: i + 1, reason: (err as Error).message },
            'store journal ends with a torn line (interrupted write); it is ignored',
          );
          continue;
        }
        throw new StoreError(
          'store_corrupt',
          `store journal ${path} line ${i + 1} is not a journal record: ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
  }
  return { records, segments, lines };
}
