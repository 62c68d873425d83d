/**
 * Per-turn store cost as stored conversations grow (`npm run bench:store`).
 *
 * One "turn" is what the engine does per message: setIfAbsent(dedupe) + lock + get + set of a ~4 KB
 * conversation state + release. For each backend two instances are filled (small N and large N) and
 * measured interleaved, turn by turn, so machine load hits both alike; ratio = p50(large) / p50(small).
 * lowdb: 1,000 vs 50,000; memory, redis, postgres: 1,000 vs 100,000 (redis/postgres skipped with a
 * message when not reachable). For lowdb the table also gives journal writes (group-commit batches)
 * and key-file writes per turn, from the store's counters over the measured turns.
 *
 * A second table runs an engine-shaped turn (dedupe claim, lock, session + conversation + chat-log
 * reads, chat-log and conversation writes, dedupe result, release) on the lowdb store with 1 and 50
 * conversations in flight at once, as the server does under load: turns/s, p50/p99, and the file
 * system work per turn (with `fsync: true` too). Writes Markdown tables to bench/results/store.md.
 * The backends are in store/backends.ts, the engine-shaped turns in store/concurrent.ts, the tables in
 * store/report.ts.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { StoreError } from '../bot/store/errors.ts';
import type { JournalFilesStore } from '../bot/store/journal-files/store.ts';
import type { Store } from '../bot/store/types.ts';
import { backends, type Backend } from './store/backends.ts';
import { CONCURRENT_BUDGET_MS, CONCURRENT_TURNS, measureConcurrent, type ConcurrentRow } from './store/concurrent.ts';
import { concurrentTable as formatConcurrent, perTurnTable, resultsDoc, type Row } from './store/report.ts';
import { conversationState, percentile, STATE_BYTES } from './store/state.ts';

const SMALL_N = 1_000;
const TURNS = Number(process.env.BENCH_STORE_TURNS ?? 1000);
const WARMUP_TURNS = 50;
/** Measurement stops after TURNS turns or this long (whichever first, at least MIN_TURNS), to bound run time. */
const MEASURE_BUDGET_MS = Number(process.env.BENCH_STORE_BUDGET_MS ?? 15_000);
const MIN_TURNS = 200;
const FILL_CONCURRENCY = 64;

/** The lowdb store's file-system counters (undefined for other backends). */
function fsCounters(store: Store): { journalWrites: number; fileWrites: number } | undefined {
  if (!('stats' in store)) return undefined;
  const s = (store as JournalFilesStore).stats;
  return { journalWrites: s.journalWrites, fileWrites: s.fileWrites + s.fileDeletes };
}

function perTurn(
  store: Store,
  before: ReturnType<typeof fsCounters>,
  turns: number,
): Pick<Row, 'journalWritesPerTurn' | 'fileWritesPerTurn'> {
  const after = fsCounters(store);
  if (!before || !after || turns === 0) return {};
  return {
    journalWritesPerTurn: (after.journalWrites - before.journalWrites) / turns,
    fileWritesPerTurn: (after.fileWrites - before.fileWrites) / turns,
  };
}

async function fill(store: Store, from: number, to: number): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: FILL_CONCURRENCY }, async () => {
      while (next < to) {
        const i = next++;
        await store.set(`conv:${i}`, conversationState(i));
      }
    }),
  );
}

async function turn(store: Store, n: number): Promise<number> {
  const conv = `conv:${Math.floor(Math.random() * n)}`;
  const started = performance.now();
  if (!(await store.setIfAbsent(`dedupe:${randomUUID()}`, 1, { ttlMs: 600_000 }))) throw new Error('dedupe collision');
  const lock = await store.lock(`turn:${conv}`, { ttlMs: 10_000 });
  if (!lock) throw new Error('lock not acquired');
  const state = await store.get<{ turn: number }>(conv);
  if (!state) throw new Error(`missing ${conv}`);
  state.turn++;
  await store.set(conv, state);
  await lock.release();
  return (performance.now() - started) * 1000;
}

async function measure(backend: Backend): Promise<Row[]> {
  const started = Date.now();
  const small = await backend.open();
  const large = await backend.open();
  try {
    await fill(small.store, 0, SMALL_N);
    if (large.bulkFill) {
      await fill(large.store, 0, SMALL_N);
      await large.bulkFill(SMALL_N, backend.largeN);
    } else {
      await fill(large.store, 0, backend.largeN);
    }
    await small.afterFill?.();
    await large.afterFill?.();
    if (backend.syncAfterFill) execFileSync('sync');
    const fillS = ((Date.now() - started) / 1000).toFixed(1);
    for (let i = 0; i < WARMUP_TURNS; i++) {
      await turn(small.store, SMALL_N);
      await turn(large.store, backend.largeN);
    }
    const smallUs: number[] = [];
    const largeUs: number[] = [];
    const smallBefore = fsCounters(small.store);
    const largeBefore = fsCounters(large.store);
    const measureStarted = Date.now();
    for (let i = 0; i < TURNS; i++) {
      if (i >= MIN_TURNS && Date.now() - measureStarted > MEASURE_BUDGET_MS) break;
      // Alternate which goes first so neither side always follows the other.
      if (i % 2 === 0) {
        smallUs.push(await turn(small.store, SMALL_N));
        largeUs.push(await turn(large.store, backend.largeN));
      } else {
        largeUs.push(await turn(large.store, backend.largeN));
        smallUs.push(await turn(small.store, SMALL_N));
      }
    }
    smallUs.sort((a, b) => a - b);
    largeUs.sort((a, b) => a - b);
    const sp50 = percentile(smallUs, 0.5);
    const lp50 = percentile(largeUs, 0.5);
    console.error(
      `${backend.name}: filled ${SMALL_N} + ${backend.largeN} in ${fillS}s, measured ${smallUs.length} turns each`,
    );
    return [
      {
        store: backend.name,
        n: SMALL_N,
        p50Us: sp50,
        p99Us: percentile(smallUs, 0.99),
        turns: smallUs.length,
        ...perTurn(small.store, smallBefore, smallUs.length),
      },
      {
        store: backend.name,
        n: backend.largeN,
        p50Us: lp50,
        p99Us: percentile(largeUs, 0.99),
        ratio: lp50 / sp50,
        turns: largeUs.length,
        ...perTurn(large.store, largeBefore, largeUs.length),
      },
    ];
  } finally {
    await small.cleanup();
    await large.cleanup();
  }
}

async function main(): Promise<void> {
  const only = process.env.BENCH_STORE_ONLY?.split(',');
  const rows: Row[] = [];
  for (const backend of backends) {
    if (only && !only.includes(backend.name)) continue;
    try {
      rows.push(...(await measure(backend)));
    } catch (err) {
      if (err instanceof StoreError && err.code === 'store_unavailable') {
        console.error(`${backend.name}: skipped (${err.message})`);
        rows.push({ store: backend.name, n: NaN, p50Us: NaN, p99Us: NaN, note: 'skipped: server not reachable' });
        continue;
      }
      throw err;
    }
  }
  const table = perTurnTable(rows);
  console.log(table);
  const concurrent: ConcurrentRow[] = [];
  if (!only || only.includes('lowdb')) {
    for (const [label, storeOpts] of [
      ['lowdb', {}],
      ['lowdb, I/O thread (the service default)', { ioThread: true }],
      ['lowdb, fsync', { fsync: true }],
      ['lowdb, fsync, I/O thread', { fsync: true, ioThread: true }],
    ] as const) {
      for (const inFlight of [1, 50]) {
        const row = await measureConcurrent(label, storeOpts, inFlight);
        console.error(
          `${label}: ${inFlight} in flight, ${row.turns} engine-shaped turns, ${row.turnsPerS.toFixed(0)}/s`,
        );
        concurrent.push(row);
      }
    }
  }
  const concurrentTable = concurrent.length > 0 ? formatConcurrent(concurrent) : undefined;
  if (concurrentTable !== undefined) console.log(`\n${concurrentTable}`);
  const doc = resultsDoc({
    table,
    concurrentTable,
    stateBytes: STATE_BYTES,
    turns: TURNS,
    measureBudgetMs: MEASURE_BUDGET_MS,
    warmupTurns: WARMUP_TURNS,
    concurrentTurns: CONCURRENT_TURNS,
    concurrentBudgetMs: CONCURRENT_BUDGET_MS,
  });
  await writeFile(new URL('./results/store.md', import.meta.url), doc);
}

await main();
