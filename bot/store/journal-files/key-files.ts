import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { TextFile } from 'lowdb/node';
import { StoreError } from '../errors.ts';
import type { JournalRecord } from './journal-format.ts';
import type { KeyFileWrites } from './io-thread.ts';
import { keyFilePath, parseRecordHeader, type KeyRecord } from './layout.ts';

/**
 * The journal-files store's key files (layout.ts): the durable, human-readable checkpoint of the
 * journal. Written only by checkpoints, through lowdb's TextFile (steno: temp file + rename, so a
 * crash leaves the old or the new content), read when a key is neither dirty nor cached. The file
 * path (sha1 of the key) is computed only here, when a file is actually touched.
 */
export interface LoadedRecord {
  record: JournalRecord;
  /** The value parsed from the file: the first reader gets it without parsing the JSON again. */
  value: unknown;
}

export interface KeyFiles {
  read(key: string): Promise<LoadedRecord | null>;
  write(key: string, record: JournalRecord): Promise<void>;
  remove(key: string): Promise<void>;
}

const HEADER_BYTES = 4096;
/** A key file's text up to its value: `e` first, so the startup scan reads the expiry from the first bytes. */
const fileHead = (key: string, e: number | null): string =>
  `{"e":${e === null ? 'null' : String(e)},"k":${JSON.stringify(key)},"v":`;
const fileText = (key: string, r: JournalRecord): string => `${fileHead(key, r.e)}${r.json}}`;

/** Reused by every synchronous read (nothing else runs meanwhile); larger files are read whole. */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads a key file synchronously. A small file in the page cache takes a few µs this way, against
 * three or four thread-pool round trips (open, fstat, read, close) for fs.promises.readFile, which
 * on a busy 2-core machine cost 50–100 µs each. Files are read only for keys neither dirty nor
 * cached, so this is rare on the hot path; the price is that a cold disk read stalls the event loop
 * for its duration.
 */
function readKeyFileSync(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    // One read call, no fstat: a key file is typically a few KB.
    const n = readSync(fd, readBuffer, 0, readBuffer.length, 0);
    if (n < readBuffer.length) return readBuffer.toString('utf8', 0, n);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Key-file writes on this thread (the store's I/O thread has its own: io-thread.ts). */
export const localKeyFileWrites: KeyFileWrites = {
  write: (path, text) => new TextFile(path).write(text),
  async remove(path) {
    try {
      await unlink(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  },
};

export function createKeyFiles(kvDir: string, writes: KeyFileWrites = localKeyFileWrites): KeyFiles {
  return {
    async read(key) {
      const path = keyFilePath(kvDir, key);
      let text: string | null;
      try {
        text = readKeyFileSync(path);
      } catch (err) {
        throw new StoreError('store_unavailable', `cannot read store file ${path}: ${(err as Error).message}`, {
          cause: err,
        });
      }
      if (text === null) return null;
      let data: KeyRecord;
      try {
        data = JSON.parse(text) as KeyRecord;
      } catch (err) {
        throw new StoreError('store_corrupt', `store file for a key is not valid JSON: ${path}`, { cause: err });
      }
      if (
        typeof data !== 'object' ||
        data === null ||
        data.k !== key ||
        !('v' in data) ||
        (data.e !== null && typeof data.e !== 'number')
      ) {
        throw new StoreError('store_corrupt', `store file does not hold the expected key: ${path}`);
      }
      // Files this store wrote: the value's JSON is the text between the header and the final brace.
      const head = fileHead(key, data.e);
      const json = text.startsWith(head) && text.endsWith('}') ? text.slice(head.length, -1) : JSON.stringify(data.v);
      return { record: { e: data.e, json }, value: data.v };
    },
    async write(key, record) {
      const path = keyFilePath(kvDir, key);
      try {
        await writes.write(path, fileText(key, record));
      } catch (err) {
        throw new StoreError('store_unavailable', `cannot write store file ${path}: ${(err as Error).message}`, {
          cause: err,
        });
      }
    },
    async remove(key) {
      const path = keyFilePath(kvDir, key);
      try {
        await writes.remove(path);
      } catch (err) {
        throw new StoreError('store_unavailable', `cannot delete store file ${path}: ${(err as Error).message}`, {
          cause: err,
        });
      }
    },
  };
}

/** Every key file as shard directory + name without `.json` (temp files skipped). */
export async function listKeyFiles(kvDir: string): Promise<Array<{ dir: string; name: string }>> {
  const files: Array<{ dir: string; name: string }> = [];
  for (const dir of await readdir(kvDir)) {
    let names: string[];
    try {
      names = await readdir(join(kvDir, dir));
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.startsWith('.') && name.endsWith('.tmp')) continue;
      if (name.endsWith('.json')) files.push({ dir, name: name.slice(0, -'.json'.length) });
    }
  }
  return files;
}

/** Removes the temp files an interrupted atomic write left behind; returns how many. */
export async function removeStaleTempFiles(kvDir: string): Promise<number> {
  let removed = 0;
  for (const dir of await readdir(kvDir)) {
    const names = await readdir(join(kvDir, dir)).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith('.') && name.endsWith('.tmp')) {
        await unlink(join(kvDir, dir, name)).catch(() => undefined);
        removed++;
      }
    }
  }
  return removed;
}

/** Reads `e` and `k` of a key file from its first bytes (the whole file only for very long keys). */
export async function readRecordHeader(path: string): Promise<{ e: number | null; k?: string } | undefined> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEADER_BYTES, 0);
    const parsed = parseRecordHeader(buf.subarray(0, bytesRead).toString('utf8'));
    if (parsed?.k !== undefined || bytesRead < HEADER_BYTES) return parsed;
    const whole = JSON.parse((await fh.readFile()).toString('utf8')) as KeyRecord;
    return { e: whole.e, k: whole.k };
  } finally {
    await fh.close();
  }
}
