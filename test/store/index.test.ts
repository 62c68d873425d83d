import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { ConfigError } from '../../bot/errors.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createStore, StoreError, storeKindFor, storeOptionsOf } from '../../bot/store/index.ts';
import type { JournalFilesStore } from '../../bot/store/journal-files/store.ts';

describe('createStore', () => {
  it('selects the backend from STORE_URL', () => {
    expect(storeKindFor(undefined)).toBe('lowdb');
    expect(storeKindFor('')).toBe('lowdb');
    expect(storeKindFor('memory:')).toBe('memory');
    expect(storeKindFor('redis://127.0.0.1:6379')).toBe('redis');
    expect(storeKindFor('rediss://cache.example:6380')).toBe('redis');
    expect(storeKindFor('postgres://u@h/db')).toBe('postgres');
    expect(storeKindFor('postgresql://u@h/db')).toBe('postgres');
    expect(() => storeKindFor('mysql://u:secret@h/db')).toThrow(StoreError);
    try {
      storeKindFor('mysql://u:secret@h/db');
    } catch (err) {
      expect((err as StoreError).code).toBe('store_invalid_argument');
      expect((err as Error).message).not.toContain('secret');
    }
  });

  it('opens the embedded lowdb store under dataDir when no url is set', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'upay-store-index-'));
    try {
      const store = await createStore({ dataDir, logger: silentLogger });
      await store.set('k', { v: 1 });
      await store.close();
      const again = await createStore({ dataDir, logger: silentLogger });
      expect(await again.get('k')).toEqual({ v: 1 });
      await again.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('opens memory, redis and postgres stores', async () => {
    for (const url of ['memory:', 'redis://127.0.0.1:6379', 'postgres://postgres@127.0.0.1:5432/test']) {
      const store = await createStore({ url, dataDir: '/nonexistent', logger: silentLogger });
      await store.ping();
      await store.close();
    }
  });

  it('fails with store_unavailable for unreachable servers or an unusable data dir, without leaking credentials', async () => {
    for (const url of ['redis://:hunter2@127.0.0.1:1', 'postgres://postgres:hunter2@127.0.0.1:1/test']) {
      const err = await createStore({ url, dataDir: '/tmp', logger: silentLogger }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe('store_unavailable');
      expect((err as Error).message).not.toContain('hunter2');
    }
    const dir = await mkdtemp(join(tmpdir(), 'upay-store-index-'));
    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    try {
      await expect(createStore({ dataDir: file, logger: silentLogger })).rejects.toMatchObject({
        code: 'store_unavailable',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes STORE_FSYNC, STORE_CHECKPOINT_INTERVAL_MS and STORE_IO_THREAD from the configuration for the embedded store', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'upay-store-index-'));
    try {
      const config = loadConfig({ DATA_DIR: dataDir, STORE_FSYNC: 'true', STORE_CHECKPOINT_INTERVAL_MS: '100' });
      expect(storeOptionsOf(config, silentLogger)).toMatchObject({
        dataDir,
        lowdb: { fsync: true, checkpointIntervalMs: 100, ioThread: true },
      });
      const store = (await createStore(storeOptionsOf(config, silentLogger))) as JournalFilesStore;
      await store.set('k', { v: 1 });
      // The background checkpoint runs on the configured interval (the default is 5 s).
      await vi.waitFor(() => expect(store.stats.checkpoints).toBeGreaterThan(0), { timeout: 5000, interval: 50 });
      expect(store.stats.fileWrites).toBeGreaterThan(0);
      await store.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    expect(loadConfig({}).STORE_FSYNC).toBe(false);
    expect(loadConfig({}).STORE_CHECKPOINT_INTERVAL_MS).toBe(5000);
    expect(loadConfig({}).STORE_IO_THREAD).toBe(true);
    expect(storeOptionsOf(loadConfig({ STORE_IO_THREAD: 'false' }), silentLogger).lowdb?.ioThread).toBe(false);
  });

  it.each([
    ['STORE_FSYNC', 'maybe'],
    ['STORE_IO_THREAD', 'sometimes'],
    ['STORE_CHECKPOINT_INTERVAL_MS', '5'],
    ['STORE_CHECKPOINT_INTERVAL_MS', 'soon'],
  ])('a bad %s=%s stops start-up naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
