import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFilePath } from '../../../bot/store/journal-files/layout.ts';
import { createJournalFilesStore } from '../../../bot/store/journal-files/store.ts';
import { createValueCache } from '../../../bot/store/journal-files/value-cache.ts';
import { crashCopy } from './crash-copy.ts';

let dataDir: string;
const kvDir = (): string => join(dataDir, 'store', 'kv');

async function allFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(kvDir())) for (const f of await readdir(join(kvDir(), d))) out.push(f);
  return out.sort();
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'upay-store-lowdb-volatile-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('journal-files store: in-memory (volatile) keys', () => {
  it('keeps dedupe:* keys in memory only: no file per write, same get/setIfAbsent/delete/keys semantics', async () => {
    const store = await createJournalFilesStore({ dataDir });
    expect(await store.setIfAbsent('dedupe:webchat:a', { state: 'running' }, { ttlMs: 60_000 })).toBe(true);
    expect(await store.setIfAbsent('dedupe:webchat:a', { state: 'other' }, { ttlMs: 60_000 })).toBe(false);
    await store.set('dedupe:webchat:a', { state: 'done' }, { ttlMs: 60_000 });
    await store.set('conv:webchat:a', { n: 1 });
    expect(await store.get('dedupe:webchat:a')).toEqual({ state: 'done' });
    await store.checkpoint();
    expect(await allFiles()).toEqual(['conv%3awebchat%3aa.json']);
    const keys: string[] = [];
    for await (const k of store.keys('')) keys.push(k);
    expect(keys.sort()).toEqual(['conv:webchat:a', 'dedupe:webchat:a']);
    await store.delete('dedupe:webchat:a');
    expect(await store.get('dedupe:webchat:a')).toBeUndefined();
    await store.close();
  });

  it('a graceful restart keeps them (one snapshot file), a crash forgets them', async () => {
    const first = await createJournalFilesStore({ dataDir });
    await first.set('dedupe:e1', { state: 'done' }, { ttlMs: 60_000 });
    await first.set('dedupe:gone', 1, { ttlMs: 1 });
    await first.close();
    expect(JSON.parse(await readFile(join(dataDir, 'store', 'volatile.json'), 'utf8')).entries).toHaveLength(1);
    const second = await createJournalFilesStore({ dataDir });
    expect(await second.get('dedupe:e1')).toEqual({ state: 'done' });
    expect(await second.get('dedupe:gone')).toBeUndefined();
    // Loaded once: the snapshot is removed, so a crash of this instance does not bring it back.
    await expect(readFile(join(dataDir, 'store', 'volatile.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    await second.set('dedupe:e2', 1, { ttlMs: 60_000 });
    // "Crash": a new instance opens what the disk holds while this one is still running.
    const crashed = await crashCopy(dataDir);
    const third = await createJournalFilesStore({ dataDir: crashed });
    expect(await third.get('dedupe:e2')).toBeUndefined();
    expect(await third.get('dedupe:e1')).toBeUndefined();
    await second.close();
    await third.close();
    await rm(crashed, { recursive: true, force: true });
  });

  it('is bounded: beyond volatileMaxEntries the oldest keys are dropped first', async () => {
    const store = await createJournalFilesStore({ dataDir, volatileMaxEntries: 3 });
    for (const i of [1, 2, 3, 4, 5]) await store.set(`dedupe:${i}`, i, { ttlMs: 60_000 });
    expect(await store.get('dedupe:1')).toBeUndefined();
    expect(await store.get('dedupe:2')).toBeUndefined();
    expect(await store.get('dedupe:5')).toBe(5);
    const keys: string[] = [];
    for await (const k of store.keys('dedupe:')) keys.push(k);
    expect(keys.sort()).toEqual(['dedupe:3', 'dedupe:4', 'dedupe:5']);
    await store.close();
  });

  it('the sweep drops expired in-memory keys', async () => {
    let t = 1_000_000;
    const store = await createJournalFilesStore({ dataDir, now: () => t, sweepIntervalMs: 20 });
    await store.set('dedupe:x', 1, { ttlMs: 1000 });
    t += 2000;
    await new Promise((r) => setTimeout(r, 80));
    await store.set('dedupe:y', 1, { ttlMs: 1000 });
    const keys: string[] = [];
    for await (const k of store.keys('dedupe:')) keys.push(k);
    expect(keys).toEqual(['dedupe:y']);
    await store.close();
  });

  it('removes files an older version wrote for dedupe keys (they now live in memory)', async () => {
    const legacy = keyFilePath(kvDir(), 'dedupe:old');
    await mkdir(dirname(legacy), { recursive: true });
    await writeFile(legacy, JSON.stringify({ e: Date.now() + 60_000, k: 'dedupe:old', v: 1 }));
    const store = await createJournalFilesStore({ dataDir });
    for await (const k of store.keys('')) expect(k).toBe('never: no live keys');
    await store.close();
    expect(await allFiles()).toEqual([]);
  });
});

describe('journal-files store: value cache', () => {
  it('serves repeated reads from memory yet never returns a shared object', async () => {
    const store = await createJournalFilesStore({ dataDir });
    await store.set('conv:1', { list: [1] });
    const a = await store.get<{ list: number[] }>('conv:1');
    a?.list.push(2);
    expect(await store.get('conv:1')).toEqual({ list: [1] });
    // The file is what a restart sees.
    await store.close();
    const again = await createJournalFilesStore({ dataDir, cacheMaxChars: 0 });
    expect(await again.get('conv:1')).toEqual({ list: [1] });
    await again.close();
  });

  it('is an LRU bounded by characters', () => {
    const cache = createValueCache(1000);
    for (let i = 0; i < 50; i++) cache.put(`k${i}`, { e: null, json: 'x'.repeat(100) });
    expect(cache.chars).toBeLessThanOrEqual(1000);
    expect(cache.get('k49')).toBeDefined();
    expect(cache.get('k0')).toBeUndefined();
    cache.put('huge', { e: null, json: 'y'.repeat(900) });
    expect(cache.get('huge')).toBeUndefined();
  });
});
