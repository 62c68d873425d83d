import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJournal } from '../../../bot/store/journal-files/journal.ts';
import { createStoreIoThread } from '../../../bot/store/journal-files/io-thread.ts';
import { keyFilePath } from '../../../bot/store/journal-files/layout.ts';
import { createJournalFilesStore } from '../../../bot/store/journal-files/store.ts';
import { crashCopy } from './crash-copy.ts';
import { recordingLogger } from '../../support/logger.ts';

let dir: string;
const extraDirs: string[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upay-store-io-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  for (const d of extraDirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('store I/O thread', () => {
  it('appends UTF-8 text to a segment and answers the bytes written; syncs; closes', async () => {
    const io = createStoreIoThread();
    try {
      const segment = await io.openSegment(join(dir, 'a.log'));
      expect(await segment.append('{"k":"冻结"}\n')).toBe(Buffer.byteLength('{"k":"冻结"}\n'));
      expect(await segment.append('second\n')).toBe(7);
      await segment.sync();
      await segment.close();
      expect(await readFile(join(dir, 'a.log'), 'utf8')).toBe('{"k":"冻结"}\nsecond\n');
    } finally {
      await io.close();
    }
  });

  it('writes key files whole (temp file + rename, nothing left behind) and removes them; a file already gone is no error', async () => {
    const io = createStoreIoThread();
    try {
      const path = join(dir, 'k.json');
      await io.keyFileWrites.write(path, '{"v":1}');
      await io.keyFileWrites.write(path, '{"v":2}');
      expect(await readFile(path, 'utf8')).toBe('{"v":2}');
      expect(await readdir(dir)).toEqual(['k.json']);
      await io.keyFileWrites.remove(path);
      await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
      await io.keyFileWrites.remove(path);
    } finally {
      await io.close();
    }
  });

  it('reports a file-system failure with its message and errno code', async () => {
    const io = createStoreIoThread();
    try {
      await expect(io.openSegment(join(dir, 'missing-dir', 'a.log'))).rejects.toMatchObject({
        code: 'ENOENT',
        message: expect.stringContaining('missing-dir'),
      });
      await expect(io.keyFileWrites.write(join(dir, 'missing-dir', 'k.json'), '{}')).rejects.toMatchObject({
        code: 'ENOENT',
      });
    } finally {
      await io.close();
    }
  });

  it('a journal on a failing thread rejects its lines as store_unavailable naming the segment, then rotates', async () => {
    const io = createStoreIoThread();
    try {
      const journal = createJournal({
        dir: join(dir, 'nowhere'),
        firstSeq: 1,
        existing: [],
        openSegment: io.openSegment,
      });
      await expect(journal.append('a')).rejects.toMatchObject({
        code: 'store_unavailable',
        message: expect.stringContaining(join(dir, 'nowhere')),
      });
      expect(journal.seq).toBe(2);
    } finally {
      await io.close();
    }
  });

  it('a thread that dies fails the writes it held (EIO), says so, and the next write starts a new one', async () => {
    const { logger, messages } = recordingLogger();
    const io = createStoreIoThread({
      logger,
      entry: new URL('../../fixtures/threads/store-io-crashes.mjs', import.meta.url),
    });
    try {
      await expect(io.keyFileWrites.write(join(dir, 'k.json'), '{}')).rejects.toMatchObject({
        code: 'EIO',
        message: expect.stringContaining('exit code 3'),
      });
      expect(messages).toContain('store I/O thread stopped; the next write starts a new one');
      // A new stand-in took the next request (and died again).
      await expect(io.keyFileWrites.remove(join(dir, 'k.json'))).rejects.toMatchObject({ code: 'EIO' });
    } finally {
      await io.close();
    }
  });

  it('after close, writes reject', async () => {
    const io = createStoreIoThread();
    await io.close();
    await expect(io.keyFileWrites.write(join(dir, 'k.json'), '{}')).rejects.toMatchObject({
      code: 'EIO',
      message: 'store I/O thread is closed',
    });
  });
});

describe('journal-files store with the I/O thread', () => {
  it('writes the same journal and key files: a crash copy opens without the thread and has every resolved write', async () => {
    const store = await createJournalFilesStore({ dataDir: dir, ioThread: true, checkpointIntervalMs: 3_600_000 });
    await store.set('conv:a', { text: '我的账户被冻结了', n: 1 });
    await store.checkpoint();
    await store.set('conv:a', { text: '我的账户被冻结了', n: 2 });
    await store.set('conv:b', 'b');
    await store.delete('conv:b');
    await store.set('conv:c', ['c']);
    const copy = await crashCopy(dir);
    extraDirs.push(copy);
    expect(JSON.parse(await readFile(keyFilePath(join(dir, 'store', 'kv'), 'conv:a'), 'utf8')).v).toEqual({
      text: '我的账户被冻结了',
      n: 1,
    });
    await store.close();

    const again = await createJournalFilesStore({ dataDir: copy });
    expect(await again.get('conv:a')).toEqual({ text: '我的账户被冻结了', n: 2 });
    expect(await again.get('conv:b')).toBeUndefined();
    expect(await again.get('conv:c')).toEqual(['c']);
    await again.close();
    // And the store closed cleanly: key files hold the newest state, no journal is left.
    expect(await readdir(join(dir, 'store', 'journal'))).toEqual([]);
    expect(JSON.parse(await readFile(keyFilePath(join(dir, 'store', 'kv'), 'conv:a'), 'utf8')).v).toEqual({
      text: '我的账户被冻结了',
      n: 2,
    });
  });

  it('with fsync (fdatasync on the thread), every resolved write is in the journal', async () => {
    const store = await createJournalFilesStore({
      dataDir: dir,
      ioThread: true,
      fsync: true,
      checkpointIntervalMs: 3_600_000,
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`conv:${i}`, i)));
    expect(store.stats.journalWrites).toBeGreaterThan(0);
    const copy = await crashCopy(dir);
    extraDirs.push(copy);
    await store.close();
    const again = await createJournalFilesStore({ dataDir: copy });
    expect(await again.get('conv:19')).toBe(19);
    await again.close();
  });
});
