import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeDeleteLine, encodeSetLine, decodeLine } from '../../../bot/store/journal-files/journal-format.ts';
import { createJournal, segmentName, type OpenSegment } from '../../../bot/store/journal-files/journal.ts';
import { keyFilePath } from '../../../bot/store/journal-files/layout.ts';
import { createJournalFilesStore, type JournalFilesStoreOptions } from '../../../bot/store/journal-files/store.ts';
import { crashCopy } from './crash-copy.ts';
import { recordingLogger } from '../../support/logger.ts';

let dataDir: string;
const extraDirs: string[] = [];
const journalDir = (dir = dataDir): string => join(dir, 'store', 'journal');
const kvDir = (dir = dataDir): string => join(dir, 'store', 'kv');
/** No background checkpoint during a test: each test checkpoints explicitly. */
const HOUR_MS = 3_600_000;
const open = (extra: Partial<JournalFilesStoreOptions> = {}, dir = dataDir) =>
  createJournalFilesStore({ dataDir: dir, checkpointIntervalMs: HOUR_MS, ...extra });

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'upay-store-journal-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
  for (const d of extraDirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function crashed(): Promise<string> {
  const copy = await crashCopy(dataDir);
  extraDirs.push(copy);
  return copy;
}

/** A journal line that sets `key` to the JSON text `json`, never expiring. */
const setLine = (key: string, json: string): string => encodeSetLine(key, { e: null, json });

/** Writes a journal segment as an earlier run could have left it; returns its path. */
async function writeSegment(name: string, text: string): Promise<string> {
  await mkdir(journalDir(), { recursive: true });
  const file = join(journalDir(), name);
  await writeFile(file, text);
  return file;
}

const segments = async (dir = dataDir): Promise<string[]> => (await readdir(journalDir(dir))).sort();

/** A segment file whose writes are held until the test releases them. */
function heldSegments(): { openSegment: OpenSegment; writes: string[]; pending: Array<() => void> } {
  const writes: string[] = [];
  const pending: Array<() => void> = [];
  return {
    writes,
    pending,
    openSegment: async () => ({
      append: (text) =>
        new Promise<number>((resolve) => {
          pending.push(() => {
            writes.push(text);
            resolve(Buffer.byteLength(text));
          });
        }),
      sync: async () => undefined,
      close: async () => undefined,
    }),
  };
}

const flushMicrotasks = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('journal lines', () => {
  it('round-trip sets (value text kept as is) and deletes', () => {
    const json = JSON.stringify({ a: [1, '二'], b: null });
    const set = encodeSetLine('conv:"q"', { e: 123, json });
    expect(JSON.parse(set)).toEqual({ k: 'conv:"q"', e: 123, v: { a: [1, '二'], b: null } });
    expect(decodeLine(set)).toEqual({ key: 'conv:"q"', record: { e: 123, json } });
    expect(decodeLine(encodeDeleteLine('k'))).toEqual({ key: 'k', record: null });
    expect(() => decodeLine('{"k":"a","e":null,"v":{"secret":')).toThrow('not valid JSON');
    expect(() => decodeLine('{"e":null,"v":1}')).toThrow('no key');
  });
});

describe('journal group commit', () => {
  it('lines appended while a write is in flight go out together in the next single write; each resolves only after its own write', async () => {
    const held = heldSegments();
    const journal = createJournal({ dir: dataDir, firstSeq: 1, existing: [], openSegment: held.openSegment });
    const resolved: number[] = [];
    const first = journal.append('line-0').then(() => resolved.push(0));
    await flushMicrotasks();
    expect(held.pending).toHaveLength(1); // the first write started at once (no timer)
    const rest = Array.from({ length: 100 }, (_, i) =>
      journal.append(`line-${i + 1}`).then(() => resolved.push(i + 1)),
    );
    await flushMicrotasks();
    expect(held.pending).toHaveLength(1); // still one write in flight: the 100 lines wait
    expect(resolved).toEqual([]);
    held.pending.shift()?.();
    await first;
    expect(resolved).toEqual([0]);
    await flushMicrotasks();
    expect(held.pending).toHaveLength(1); // all 100 in one write
    expect(resolved).toEqual([0]);
    held.pending.shift()?.();
    await Promise.all(rest);
    expect(held.writes).toHaveLength(2);
    expect(held.writes[0]).toBe('line-0\n');
    expect(held.writes[1]?.split('\n').filter(Boolean)).toHaveLength(100);
    expect(journal.stats).toMatchObject({ writes: 2, lines: 101 });
  });

  it('many concurrent sets on the store cost a few writes, not one each', async () => {
    const store = await open();
    await Promise.all(Array.from({ length: 300 }, (_, i) => store.set(`conv:${i % 30}`, { i })));
    expect(store.stats.journalLines).toBe(300);
    expect(store.stats.journalWrites).toBeLessThanOrEqual(3);
    expect(store.stats.fileWrites).toBe(0);
    await store.close();
  });

  it('a failed write rejects its sets and moves to a new segment, so a torn line stays last', async () => {
    let opened = 0;
    const openSegment: OpenSegment = async () => {
      const n = ++opened;
      return {
        append: async (text) => {
          if (n === 1) throw new Error('disk full');
          return Buffer.byteLength(text);
        },
        sync: async () => undefined,
        close: async () => undefined,
      };
    };
    const journal = createJournal({ dir: dataDir, firstSeq: 1, existing: [], openSegment });
    await expect(journal.append('a')).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(journal.seq).toBe(2);
    await journal.append('b');
    expect(opened).toBe(2);
  });
});

describe('journal-files store journal: replay', () => {
  it('replays segments in order after a crash: the latest record wins, deletes and TTLs included', async () => {
    let t = 1_000_000;
    const store = await open({ now: () => t });
    await store.set('conv:a', { v: 1 });
    await store.set('conv:old', 'on disk');
    await store.checkpoint(); // conv:a and conv:old now have files
    await store.set('conv:a', { v: 2 });
    await store.set('conv:b', 'b1');
    await store.delete('conv:old');
    await store.set('ttl:short', 1, { ttlMs: 1000 });
    await store.set('ttl:long', 2, { ttlMs: 100_000 });
    await store.set('conv:b', 'b2');
    const copy = await crashed();
    await store.close();
    expect(await segments(copy)).toHaveLength(1);
    expect(JSON.parse(await readFile(keyFilePath(kvDir(copy), 'conv:a'), 'utf8')).v).toEqual({ v: 1 });

    t += 5000;
    const { logger, lines } = recordingLogger();
    const again = await open({ now: () => t, logger }, copy);
    expect(await again.get('conv:a')).toEqual({ v: 2 });
    expect(await again.get('conv:b')).toBe('b2');
    expect(await again.get('conv:old')).toBeUndefined();
    expect(await again.get('ttl:short')).toBeUndefined();
    expect(await again.get('ttl:long')).toBe(2);
    const keys: string[] = [];
    for await (const k of again.keys('')) keys.push(k);
    expect(keys).toEqual(['conv:a', 'conv:b', 'ttl:long']);
    // Replayed, then checkpointed at open: files hold the newest state, the journal is gone.
    expect(await segments(copy)).toEqual([]);
    expect(JSON.parse(await readFile(keyFilePath(kvDir(copy), 'conv:a'), 'utf8')).v).toEqual({ v: 2 });
    await expect(readFile(keyFilePath(kvDir(copy), 'conv:old'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFile(keyFilePath(kvDir(copy), 'ttl:short'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(lines.some((l) => l.msg === 'store replayed its journal (the last run did not close cleanly)')).toBe(true);
    await again.close();
  });

  it('orders segments by number, not by name', async () => {
    await writeSegment('9.log', `${setLine('k', '"nine"')}\n`);
    await writeSegment('10.log', `${setLine('k', '"ten"')}\n`);
    const store = await open();
    expect(await store.get('k')).toBe('ten');
    await store.close();
  });

  it('ignores a torn last line (crash mid-write) with a warning naming the file', async () => {
    const file = await writeSegment(
      segmentName(1),
      `${setLine('a', '1')}\n${setLine('a', '2')}\n{"k":"a","e":null,"v":{"secret":"half`,
    );
    const { logger, lines } = recordingLogger();
    const store = await open({ logger });
    expect(await store.get('a')).toBe(2);
    const warn = lines.find((l) => l.msg === 'store journal ends with a torn line (interrupted write); it is ignored');
    expect(warn).toMatchObject({ file, line: 3 });
    expect(JSON.stringify(lines)).not.toContain('secret'); // never a value in a log line
    await store.close();
  });

  it('fails start-up with store_corrupt naming the file and line for a bad line in the middle', async () => {
    const file = await writeSegment(
      segmentName(3),
      `${setLine('a', '1')}\n{"k":"a","e":null,"v":{"secret":\n${setLine('a', '3')}\n`,
    );
    const err = await open().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'store_corrupt' });
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain('line 2');
    expect((err as Error).message).not.toContain('secret');
    // The failed open released the directory: fixing the file lets it open.
    await writeFile(file, `${setLine('a', '1')}\n`);
    const store = await open();
    expect(await store.get('a')).toBe(1);
    await store.close();
  });
});

describe('journal-files store journal: checkpoint', () => {
  it('writes each dirty key once, whatever the number of sets, and removes the old segments', async () => {
    const store = await open();
    for (let i = 0; i < 100; i++) await store.set('hot', { i });
    for (let i = 0; i < 50; i++) await store.set('warm', { i });
    await store.set('brief', 1);
    await store.delete('brief');
    expect(await segments()).toEqual([segmentName(1)]);
    await store.checkpoint();
    expect(store.stats).toMatchObject({ fileWrites: 2, fileDeletes: 1, checkpoints: 1, dirtyKeys: 0 });
    expect(await segments()).toEqual([]);
    expect(JSON.parse(await readFile(keyFilePath(kvDir(), 'hot'), 'utf8'))).toEqual({
      e: null,
      k: 'hot',
      v: { i: 99 },
    });
    // Reads after the checkpoint come from the value cache, not the files.
    expect(await store.get('hot')).toEqual({ i: 99 });
    expect(store.stats.fileReads).toBe(0);
    // Sets during a checkpoint stay in memory and in the new segment.
    const during = store.checkpoint();
    await store.set('hot', { i: 100 });
    await during;
    expect(await store.get('hot')).toEqual({ i: 100 });
    await store.close();
    const again = await open();
    expect(await again.get('hot')).toEqual({ i: 100 });
    await again.close();
  });

  it('a failed key-file write keeps the segment and the data, and the next checkpoint retries', async () => {
    const { logger, lines } = recordingLogger();
    const store = await open({ logger });
    await store.set('conv:x', { n: 1 });
    await store.set('conv:y', { n: 2 });
    // Make the shard directory of conv:x unusable: its file cannot be written.
    const shard = join(kvDir(), keyFilePath(kvDir(), 'conv:x').split('/').at(-2) as string);
    await rm(shard, { recursive: true });
    await writeFile(shard, 'not a directory');
    await expect(store.checkpoint()).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(store.stats.failures).toBe(1);
    expect(await segments()).toHaveLength(1);
    expect(await store.get('conv:x')).toEqual({ n: 1 });
    // A crash now loses nothing: the journal still holds conv:x.
    const copy = await crashed();
    await rm(join(kvDir(copy), shard.split('/').at(-1) as string), { force: true });
    await mkdir(join(kvDir(copy), shard.split('/').at(-1) as string));
    const replayed = await open({}, copy);
    expect(await replayed.get('conv:x')).toEqual({ n: 1 });
    await replayed.close();

    await rm(shard);
    await mkdir(shard);
    await store.checkpoint();
    expect(await segments()).toEqual([]);
    expect(JSON.parse(await readFile(keyFilePath(kvDir(), 'conv:x'), 'utf8')).v).toEqual({ n: 1 });
    await store.close();
    expect(lines.filter((l) => l.level === 50)).toEqual([]); // explicit checkpoints report to their caller
  });

  it('the background checkpoint logs a failure and is retried at the next interval', async () => {
    const { logger, lines } = recordingLogger();
    const store = await open({ logger, checkpointIntervalMs: 10 });
    await store.set('conv:x', { n: 1 });
    const shard = join(kvDir(), keyFilePath(kvDir(), 'conv:x').split('/').at(-2) as string);
    await rm(shard, { recursive: true });
    await writeFile(shard, 'not a directory');
    await vi.waitFor(() =>
      expect(lines.some((l) => l.msg === 'store checkpoint failed; the journal keeps the data and it is retried')).toBe(
        true,
      ),
    );
    await rm(shard);
    await mkdir(shard);
    await vi.waitFor(() => expect(store.stats.dirtyKeys).toBe(0));
    expect(JSON.parse(await readFile(keyFilePath(kvDir(), 'conv:x'), 'utf8')).v).toEqual({ n: 1 });
    await store.close();
  });

  it('bounds dirty memory: past dirtyMaxChars a checkpoint starts at once', async () => {
    const store = await open({ dirtyMaxChars: 5000 });
    for (let i = 0; i < 5; i++) await store.set(`conv:${i}`, 'x'.repeat(500));
    expect(store.stats.checkpoints).toBe(0);
    for (let i = 5; i < 12; i++) await store.set(`conv:${i}`, 'x'.repeat(500));
    await vi.waitFor(() => expect(store.stats.checkpoints).toBeGreaterThanOrEqual(1));
    expect(store.stats.dirtyChars).toBeLessThanOrEqual(5000);
    await store.close();
  });

  it('bounds the segment size: past journalMaxBytes a checkpoint starts at once', async () => {
    const store = await open({ journalMaxBytes: 4000 });
    for (let i = 0; i < 20; i++) await store.set('conv:same', 'y'.repeat(500));
    await vi.waitFor(() => expect(store.stats.checkpoints).toBeGreaterThanOrEqual(1));
    await store.close();
  });

  it('close() flushes, checkpoints and leaves no journal and no lock', async () => {
    const store = await open();
    for (let i = 0; i < 20; i++) void store.set(`conv:${i}`, { i });
    void store.delete('conv:3');
    await store.close();
    expect(await segments()).toEqual([]);
    expect(await readdir(join(dataDir, 'store'))).not.toContain('lock');
    const again = await open();
    expect(await again.get('conv:19')).toEqual({ i: 19 });
    expect(await again.get('conv:3')).toBeUndefined();
    expect(again.stats.fileReads).toBeGreaterThan(0);
    await again.close();
  });

  it('fsync: each journal write is also synced', async () => {
    let syncs = 0;
    const openSegment: OpenSegment = async () => ({
      append: async (text) => Buffer.byteLength(text),
      sync: async () => void syncs++,
      close: async () => undefined,
    });
    const store = await open({ fsync: true, openSegment });
    await Promise.all([store.set('a', 1), store.set('b', 2)]);
    await store.set('c', 3);
    expect(syncs).toBe(store.stats.journalWrites);
    await store.close();
  });
});

describe('journal-files store: keys() with the journal', () => {
  it('lists keys only in memory and hides keys deleted but not yet checkpointed', async () => {
    const store = await open();
    await store.set('conv:on-disk', 1);
    await store.set('conv:deleted', 1);
    await store.checkpoint();
    await store.set('conv:in-journal', 1);
    await store.delete('conv:deleted');
    await store.set('conv:expires', 1, { ttlMs: 1 });
    await new Promise((r) => setTimeout(r, 5));
    const keys: string[] = [];
    for await (const k of store.keys('conv:')) keys.push(k);
    expect(keys).toEqual(['conv:in-journal', 'conv:on-disk']);
    await store.close();
  });
});

describe('journal-files store: one process per data directory', () => {
  it('refuses a second open while the first is open, and opens again after close', async () => {
    const store = await open();
    await expect(open()).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringContaining('already open in this process'),
    });
    await store.close();
    const again = await open();
    await again.close();
  });

  it('refuses a directory locked by another live process, takes over a dead one', async () => {
    await mkdir(join(dataDir, 'store'), { recursive: true });
    await writeFile(join(dataDir, 'store', 'lock'), `${process.ppid}\n`);
    await expect(open()).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringContaining(`in use by process ${process.ppid}`),
    });
    await writeFile(join(dataDir, 'store', 'lock'), '2147483646\n'); // no such process
    const store = await open();
    expect((await readFile(join(dataDir, 'store', 'lock'), 'utf8')).trim()).toBe(String(process.pid));
    await store.close();
  });
});
