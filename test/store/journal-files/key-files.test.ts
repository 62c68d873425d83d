import { fork } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeKeyName,
  encodeKeyName,
  keyFilePath,
  parseRecordHeader,
} from '../../../bot/store/journal-files/layout.ts';
import { createJournalFilesStore } from '../../../bot/store/journal-files/store.ts';

let dataDir: string;
const kvDir = (): string => join(dataDir, 'store', 'kv');

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'upay-store-lowdb-files-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function allFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(kvDir())) for (const f of await readdir(join(kvDir(), d))) out.push(join(d, f));
  return out;
}

describe('journal-files store file layout', () => {
  it('keeps one lowdb JSON file per key holding {e, k, v}', async () => {
    const store = await createJournalFilesStore({ dataDir });
    await store.set('conv:telegram:42', { step: 'x' });
    await store.set('ttl:1', true, { ttlMs: 60_000 });
    await store.close();
    const file = keyFilePath(kvDir(), 'conv:telegram:42');
    expect(file).toMatch(/kv\/[0-9a-f]{2}\/conv%3atelegram%3a42\.json$/);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ e: null, k: 'conv:telegram:42', v: { step: 'x' } });
    const header = parseRecordHeader(await readFile(keyFilePath(kvDir(), 'ttl:1'), 'utf8'));
    expect(header?.k).toBe('ttl:1');
    expect(header?.e).toBeGreaterThan(Date.now());
    expect(await allFiles()).toHaveLength(2);
    expect(JSON.parse(await readFile(join(dataDir, 'store', 'meta.json'), 'utf8'))).toMatchObject({ layout: 1 });
  });

  it('encodes names reversibly and case-safely, hashing long keys', async () => {
    for (const key of ['Abc', 'abc', 'a/b\\c', '..', '用户:1', 'x'.repeat(300), '~tilde', '%41']) {
      const name = encodeKeyName(key);
      expect(name).toMatch(/^[a-z0-9_%~-]+$/);
      if (!name.startsWith('~')) expect(decodeKeyName(name)).toBe(key);
    }
    expect(encodeKeyName('Abc')).not.toBe(encodeKeyName('abc'));
    expect(encodeKeyName('x'.repeat(300))).toMatch(/^~[0-9a-f]{64}$/);

    const store = await createJournalFilesStore({ dataDir });
    const long = `conv:${'y'.repeat(400)}`;
    await store.set('Abc', 1);
    await store.set('abc', 2);
    await store.set(long, 3);
    const keys: string[] = [];
    for await (const k of store.keys('')) keys.push(k);
    expect(keys.sort()).toEqual(['Abc', 'abc', long].sort());
    expect(await store.get(long)).toBe(3);
    expect(await store.get('Abc')).toBe(1);
    await store.close();
  });

  it('a new instance on the same directory sees every key', async () => {
    const first = await createJournalFilesStore({ dataDir });
    await Promise.all(Array.from({ length: 300 }, (_, i) => first.set(`conv:web:${i}`, { i, text: `第${i}条` })));
    await first.close();
    const second = await createJournalFilesStore({ dataDir });
    const keys: string[] = [];
    for await (const k of second.keys('conv:web:')) keys.push(k);
    expect(keys).toHaveLength(300);
    for (const i of [0, 150, 299]) expect(await second.get(`conv:web:${i}`)).toEqual({ i, text: `第${i}条` });
    await second.close();
  });

  it('deletes the file of a deleted key', async () => {
    const store = await createJournalFilesStore({ dataDir });
    await store.set('k', 1);
    await store.delete('k');
    await store.close();
    expect(await allFiles()).toEqual([]);
  });

  it('keys that come and go leave nothing in the value cache (no tombstones), and a deleted key still reads as missing', async () => {
    const store = await createJournalFilesStore({ dataDir });
    await store.set('conv:kept', { a: 1 });
    const before = store.cachedKeys;
    for (let i = 0; i < 200; i++) {
      await store.set(`webchat:logpage:c:${i}`, { entries: [i] });
      await store.delete(`webchat:logpage:c:${i}`);
    }
    expect(store.cachedKeys).toBe(before);
    expect(await store.get('webchat:logpage:c:7')).toBeUndefined();
    expect(await store.get('conv:kept')).toEqual({ a: 1 });
    await store.close();
  });

  it('coalesces concurrent writes to one key: every promise resolves and the last value wins', async () => {
    const store = await createJournalFilesStore({ dataDir });
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.set('hot', { i })));
    expect(await store.get('hot')).toEqual({ i: 199 });
    const mixed = [store.set('m', 1), store.delete('m'), store.set('m', 2), store.delete('m'), store.set('m', 3)];
    await Promise.all(mixed);
    await store.close();
    const again = await createJournalFilesStore({ dataDir });
    expect(await again.get('hot')).toEqual({ i: 199 });
    expect(await again.get('m')).toBe(3);
    await again.close();
  });

  it('a read in flight never replaces a newer write (set and delete do not read the file)', async () => {
    const store = await createJournalFilesStore({ dataDir });
    for (let round = 0; round < 30; round++) {
      const key = `race:${round}`;
      await store.set(key, 'old');
      const [seen] = await Promise.all([store.get(key), store.set(key, 'new')]);
      expect(['old', 'new']).toContain(seen);
      expect(await store.get(key)).toBe('new');
      await Promise.all([store.get(key), store.delete(key)]);
      expect(await store.get(key)).toBeUndefined();
    }
    await store.close();
  });

  it('close() flushes writes that were not awaited', async () => {
    const store = await createJournalFilesStore({ dataDir });
    for (let i = 0; i < 50; i++) void store.set(`unawaited:${i}`, { i });
    await store.close();
    const again = await createJournalFilesStore({ dataDir });
    for (let i = 0; i < 50; i++) expect(await again.get(`unawaited:${i}`)).toEqual({ i });
    await again.close();
  });

  it('reports a corrupt file as store_corrupt', async () => {
    // Files are only read when the key is not in the store's value cache: edits made behind a
    // running store are not supported (single instance), so each corruption is seen by a new open.
    const writer = await createJournalFilesStore({ dataDir });
    await writer.set('bad', 1);
    await writer.close();
    await writeFile(keyFilePath(kvDir(), 'bad'), '{"e": null, "k": "bad", "v": ');
    const store = await createJournalFilesStore({ dataDir });
    await expect(store.get('bad')).rejects.toMatchObject({ code: 'store_corrupt' });
    await store.close();
    await writeFile(keyFilePath(kvDir(), 'bad'), JSON.stringify({ e: null, k: 'other', v: 1 }));
    const again = await createJournalFilesStore({ dataDir });
    await expect(again.get('bad')).rejects.toMatchObject({ code: 'store_corrupt' });
    await again.close();
  });

  it('after a restart, learns TTLs from the files and sweeps expired keys', async () => {
    let t = 1_000_000;
    const now = (): number => t;
    const first = await createJournalFilesStore({ dataDir, now });
    await first.set('ttl:gone', 1, { ttlMs: 1000 });
    await first.set('ttl:kept', 1, { ttlMs: 100_000 });
    await first.set('plain', 1);
    await first.close();
    t += 5000;
    const second = await createJournalFilesStore({ dataDir, now, sweepIntervalMs: 20 });
    const deadline = Date.now() + 3000;
    while ((await allFiles()).length > 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await allFiles()).map((f) => f.split('/')[1]).sort()).toEqual(['plain.json', 'ttl%3akept.json']);
    await second.close();
  });

  it('removes temp files an interrupted write left behind', async () => {
    const store = await createJournalFilesStore({ dataDir });
    await store.set('k', 1);
    await store.close();
    const dir = join(kvDir(), '00');
    await writeFile(join(dir, '.half.json.tmp'), '{"e": nu');
    const again = await createJournalFilesStore({ dataDir });
    expect(await readdir(dir)).toEqual([]);
    expect(await again.get('k')).toBe(1);
    await again.close();
  });

  it('never leaves a half-written file when the process is killed mid-write (SIGKILL)', async () => {
    const child = fileURLToPath(new URL('./writer-child.ts', import.meta.url));
    for (let run = 0; run < 3; run++) {
      const proc = fork(child, [dataDir], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      await new Promise<void>((resolve, reject) => {
        proc.once('message', () => resolve());
        proc.once('exit', (code) => reject(new Error(`writer exited early (${String(code)}): ${stderr}`)));
      });
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
      // Every key file parses, whatever moment the kill hit.
      const files = await allFiles();
      for (const f of files) {
        if (f.split('/')[1]?.startsWith('.')) continue; // steno's temp file: removed at next open
        const parsed = JSON.parse(await readFile(join(kvDir(), f), 'utf8')) as { k: string; v: { round: number } };
        expect(parsed.k).toMatch(/^crash:[ab]$/);
        expect(typeof parsed.v.round).toBe('number');
      }
      const store = await createJournalFilesStore({ dataDir });
      expect(await store.get('crash:a')).toMatchObject({ round: expect.any(Number) });
      await store.close();
    }
  });
});
