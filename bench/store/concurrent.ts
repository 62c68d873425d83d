import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJournalFilesStore, type JournalFilesStoreOptions } from '../../bot/store/journal-files/store.ts';
import type { Store } from '../../bot/store/types.ts';
import { logEntry, percentile, SESSION, STATE_TEMPLATE } from './state.ts';

/** Engine-shaped turns per concurrency level (or CONCURRENT_BUDGET_MS, whichever first). */
export const CONCURRENT_TURNS = Number(process.env.BENCH_STORE_CONCURRENT_TURNS ?? 20_000);
export const CONCURRENT_BUDGET_MS = Number(process.env.BENCH_STORE_CONCURRENT_BUDGET_MS ?? 8_000);

export interface ConcurrentRow {
  label: string;
  inFlight: number;
  turns: number;
  turnsPerS: number;
  p50Us: number;
  p99Us: number;
  journalWritesPerTurn: number;
  linesPerJournalWrite: number;
  fileWritesPerTurn: number;
  checkpoints: number;
}

/** What the engine asks of the store for one in-app turn (see bot/engine, adapters/webchat/conversation-log.ts). */
async function engineTurn(store: Store, conv: string): Promise<number> {
  const started = performance.now();
  const dedupe = `dedupe:webchat:${randomUUID()}`;
  if (!(await store.setIfAbsent(dedupe, { state: 'running' }, { ttlMs: 600_000 }))) throw new Error('dedupe collision');
  const lock = await store.lock(`turn:${conv}`, { ttlMs: 30_000 });
  if (!lock) throw new Error('lock not acquired');
  if (!(await store.get(`webchat:session:${conv}`))) throw new Error('missing session');
  const state = await store.get<{ turn: number }>(conv);
  if (!state) throw new Error(`missing ${conv}`);
  const log = await store.get<{ entries: unknown[] }>(`webchat:log:${conv}`);
  if (!log) throw new Error('missing log');
  state.turn++;
  log.entries = [...log.entries.slice(-18), logEntry(state.turn), logEntry(state.turn + 1)];
  await store.set(`webchat:log:${conv}`, log);
  await store.set(conv, state);
  await store.set(dedupe, { state: 'done', replies: [{ text: 'Your refund is on its way.' }] }, { ttlMs: 600_000 });
  await lock.release();
  return (performance.now() - started) * 1000;
}

/** Engine-shaped turns on a fresh lowdb (journal + key files) store, `inFlight` conversations at once. */
export async function measureConcurrent(
  label: string,
  storeOpts: Partial<JournalFilesStoreOptions>,
  inFlight: number,
): Promise<ConcurrentRow> {
  const dataDir = await mkdtemp(join(tmpdir(), 'upay-bench-store-concurrent-'));
  const store = await createJournalFilesStore({ dataDir, ...storeOpts });
  try {
    const convs = Array.from({ length: inFlight }, (_, i) => `conv:webchat:${i}`);
    for (const conv of convs) {
      await store.set(conv, { ...STATE_TEMPLATE, conversationId: conv });
      await store.set(`webchat:session:${conv}`, SESSION, { ttlMs: 86_400_000 });
      await store.set(`webchat:log:${conv}`, { entries: Array.from({ length: 20 }, (_, i) => logEntry(i)) });
    }
    for (const conv of convs) for (let i = 0; i < 20; i++) await engineTurn(store, conv);
    const before = { ...store.stats };
    const latencies: number[] = [];
    let started = 0;
    const t0 = performance.now();
    await Promise.all(
      convs.map(async (conv) => {
        while (started < CONCURRENT_TURNS && performance.now() - t0 < CONCURRENT_BUDGET_MS) {
          started++;
          latencies.push(await engineTurn(store, conv));
        }
      }),
    );
    const elapsedS = (performance.now() - t0) / 1000;
    const after = store.stats;
    latencies.sort((a, b) => a - b);
    const turns = latencies.length;
    const journalWrites = after.journalWrites - before.journalWrites;
    return {
      label,
      inFlight,
      turns,
      turnsPerS: turns / elapsedS,
      p50Us: percentile(latencies, 0.5),
      p99Us: percentile(latencies, 0.99),
      journalWritesPerTurn: journalWrites / turns,
      linesPerJournalWrite: (after.journalLines - before.journalLines) / Math.max(1, journalWrites),
      fileWritesPerTurn: (after.fileWrites + after.fileDeletes - before.fileWrites - before.fileDeletes) / turns,
      checkpoints: after.checkpoints - before.checkpoints,
    };
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
