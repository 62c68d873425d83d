import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What a `kill -9` of a process with an open journal-files store leaves on disk: a copy of its data
 * directory taken while the store is still open (resolved writes are in the files, as they are in
 * the page cache after a kill; nothing is flushed or closed). The copy's lock file names this
 * process, which has no store open on the copy, so opening it takes the lock over like after a crash.
 */
export async function crashCopy(dataDir: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'upay-store-crash-copy-'));
  await cp(dataDir, copy, { recursive: true });
  return copy;
}
