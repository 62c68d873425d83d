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
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { StoreError } from '../bot/store/errors.ts';
import { createLowdbStore, type LowdbStore, type LowdbStoreOptions } from '../bot/store/lowdb.ts';
import { createMemoryStore } from '../bot/store/memory.ts';
import { createPostgresStore } from '../bot/store/postgres.ts';
import { createRedisStore } from '../bot/store/redis.ts';
import type { Store } from '../bot/store/types.ts';
import { dropRedisPrefix } from '../test/support/redis.ts';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SMALL_N = 1_000;
const TURNS = Number(process.env.BENCH_STORE_TURNS ?? 1000);
const WARMUP_TURNS = 50;
/** Measurement stops after TURNS turns or this long (whichever first, at least MIN_TURNS), to bound run time. */
const MEASURE_BUDGET_MS = Number(process.env.BENCH_STORE_BUDGET_MS ?? 15_000);
const MIN_TURNS = 200;
const FILL_CONCURRENCY = 64;
/** Engine-shaped turns per concurrency level (or CONCURRENT_BUDGET_MS, whichever first). */
const CONCURRENT_TURNS = Number(process.env.BENCH_STORE_CONCURRENT_TURNS ?? 20_000);
const CONCURRENT_BUDGET_MS = Number(process.env.BENCH_STORE_CONCURRENT_BUDGET_MS ?? 8_000);

interface Instance {
  store: Store;
  /** Bulk loader for backends where one INSERT per conversation would dominate the run time. */
  bulkFill?: (from: number, to: number) => Promise<void>;
  /** Brings the filled store to its steady state (lowdb: checkpoint the fill's journal into the key files). */
  afterFill?: () => Promise<void>;
  cleanup(): Promise<void>;
}

interface Backend {
  name: string;
  largeN: number;
  /** File-backed: flush the page cache after filling so neither side measures delayed allocation. */
  syncAfterFill?: boolean;
  open(): Promise<Instance>;
}

interface Row {
  store: string;
  n: number;
  p50Us: number;
  p99Us: number;
  ratio?: number;
  turns?: number;
  note?: string;
  /** lowdb: journal write calls and key-file writes (incl. deletes) per measured turn. */
  journalWritesPerTurn?: number;
  fileWritesPerTurn?: number;
}

/** The lowdb store's file-system counters (undefined for other backends). */
function fsCounters(store: Store): { journalWrites: number; fileWrites: number } | undefined {
  if (!('stats' in store)) return undefined;
  const s = (store as LowdbStore).stats;
  return { journalWrites: s.journalWrites, fileWrites: s.fileWrites + s.fileDeletes };
}

function perTurn(store: Store, before: ReturnType<typeof fsCounters>, turns: number): Pick<Row, 'journalWritesPerTurn' | 'fileWritesPerTurn'> {
  const after = fsCounters(store);
  if (!before || !after || turns === 0) return {};
  return { journalWritesPerTurn: (after.journalWrites - before.journalWrites) / turns, fileWritesPerTurn: (after.fileWrites - before.fileWrites) / turns };
}

/** A ~4 KB conversation state shaped like the engine's (history of turns, flow state, entities). */
const STATE_TEMPLATE = {
  version: 1,
  conversationId: 'telegram:0',
  lang: 'zh-CN',
  turn: 0,
  flow: { id: 'reset_password', step: 'verify_identity', attempts: 1, data: { phoneLast4: '1234', startedAt: 1_700_000_000_000 } },
  entities: { amount: '200.00', currency: 'CNY', merchant: 'Coffee Corner', orderId: 'ORD0000000000' },
  history: Array.from({ length: 24 }, (_, t) => ({
    role: t % 2 === 0 ? 'user' : 'bot',
    intent: 'payment_failed',
    at: 1_700_000_000_000 + t * 1000,
    summary: `turn ${t}: customer asked about a failed payment and the bot answered with the next step`,
  })),
};
const STATE_BYTES = JSON.stringify(STATE_TEMPLATE).length;

function conversationState(i: number): Record<string, unknown> {
  return { ...STATE_TEMPLATE, conversationId: `telegram:${i}` };
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

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

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
    console.error(`${backend.name}: filled ${SMALL_N} + ${backend.largeN} in ${fillS}s, measured ${smallUs.length} turns each`);
    return [
      { store: backend.name, n: SMALL_N, p50Us: sp50, p99Us: percentile(smallUs, 0.99), turns: smallUs.length, ...perTurn(small.store, smallBefore, smallUs.length) },
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

const backends: Backend[] = [
  {
    name: 'lowdb',
    largeN: 50_000,
    syncAfterFill: true,
    async open() {
      const dataDir = await mkdtemp(join(tmpdir(), 'upay-bench-store-'));
      const store = await createLowdbStore({ dataDir });
      return {
        store,
        afterFill: () => store.checkpoint(),
        cleanup: async () => {
          await store.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'memory',
    largeN: 100_000,
    async open() {
      const store = createMemoryStore();
      return { store, cleanup: () => store.close() };
    },
  },
  {
    name: 'redis',
    largeN: 100_000,
    async open() {
      const keyPrefix = `bench:store:${randomUUID()}:`;
      const store = await createRedisStore({ url: REDIS_URL, keyPrefix, timeoutMs: 2000 });
      return {
        store,
        // Same keys and JSON the store writes (`<prefix>kv:<key>`), pipelined 2,000 at a time.
        bulkFill: async (from, to) => {
          const admin = new Redis(REDIS_URL);
          try {
            for (let start = from; start < to; start += 2000) {
              const pipeline = admin.pipeline();
              for (let i = start; i < Math.min(to, start + 2000); i++) {
                pipeline.set(`${keyPrefix}kv:conv:${i}`, JSON.stringify(conversationState(i)));
              }
              await pipeline.exec();
            }
          } finally {
            await admin.quit();
          }
        },
        cleanup: async () => {
          await store.close();
          await dropRedisPrefix(REDIS_URL, keyPrefix);
        },
      };
    },
  },
  {
    name: 'postgres',
    largeN: 100_000,
    async open() {
      const schema = `bench_store_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const store = await createPostgresStore({ url: PG_URL, schema, timeoutMs: 10_000, poolSize: 16 });
      return {
        store,
        // Same rows the store writes (kv.key, kv.value jsonb, no expiry), generated server-side.
        bulkFill: async (from, to) => {
          const admin = new pg.Client({ connectionString: PG_URL });
          await admin.connect();
          try {
            for (let start = from; start < to; start += 10_000) {
              await admin.query(
                `INSERT INTO "${schema}".kv (key, value)
                 SELECT 'conv:' || i, $1::jsonb || jsonb_build_object('conversationId', 'telegram:' || i)
                 FROM generate_series($2::int, $3::int) AS i`,
                [JSON.stringify(conversationState(0)), start, Math.min(to, start + 10_000) - 1],
              );
            }
          } finally {
            await admin.end();
          }
        },
        cleanup: async () => {
          await store.close();
          const admin = new pg.Client({ connectionString: PG_URL });
          await admin.connect();
          await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await admin.end();
        },
      };
    },
  },
];

const fmt = (us: number): string => (Number.isFinite(us) ? us.toFixed(0) : '—');
const fmt2 = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(2));

interface ConcurrentRow {
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

const SESSION = { customerId: 'C1001', channel: 'webchat', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-02T00:00:00.000Z' };
const logEntry = (i: number): Record<string, unknown> => ({ at: 1_700_000_000_000 + i, from: i % 2 ? 'bot' : 'customer', text: `message ${i}: 我的付款失败了, what next?`, intent: 'payment_failed' });

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

async function measureConcurrent(label: string, storeOpts: Partial<LowdbStoreOptions>, inFlight: number): Promise<ConcurrentRow> {
  const dataDir = await mkdtemp(join(tmpdir(), 'upay-bench-store-concurrent-'));
  const store = await createLowdbStore({ dataDir, ...storeOpts });
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
  const lines = [
    '| store | N | turns | p50 µs | p99 µs | ratio (p50 large / small) | journal writes / turn | key-file writes / turn |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) =>
      r.note
        ? `| ${r.store} | — | — | — | — | ${r.note} | | |`
        : `| ${r.store} | ${r.n.toLocaleString('en-US')} | ${r.turns ?? ''} | ${fmt(r.p50Us)} | ${fmt(r.p99Us)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} | ${fmt2(r.journalWritesPerTurn)} | ${fmt2(r.fileWritesPerTurn)} |`,
    ),
  ];
  const table = lines.join('\n');
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
        console.error(`${label}: ${inFlight} in flight, ${row.turns} engine-shaped turns, ${row.turnsPerS.toFixed(0)}/s`);
        concurrent.push(row);
      }
    }
  }
  const concurrentTable = [
    '| store | turns in flight | turns | turns/s | p50 µs | p99 µs | journal writes / turn | lines / journal write | key-file writes / turn | checkpoints |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...concurrent.map(
      (r) =>
        `| ${r.label} | ${r.inFlight} | ${r.turns} | ${r.turnsPerS.toFixed(0)} | ${fmt(r.p50Us)} | ${fmt(r.p99Us)} | ${fmt2(r.journalWritesPerTurn)} | ${fmt2(r.linesPerJournalWrite)} | ${fmt2(r.fileWritesPerTurn)} | ${r.checkpoints} |`,
    ),
  ].join('\n');
  if (concurrent.length > 0) console.log(`\n${concurrentTable}`);
  const doc = [
    '# Store benchmark: per-turn cost vs stored conversations',
    '',
    `Generated by \`npm run bench:store\` on ${new Date().toISOString()} (Node ${process.version}, ${cpus().length} CPUs,`,
    `load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end of the run).`,
    '',
    `One turn = \`setIfAbsent(dedupe)\` + \`lock\` + \`get\` + \`set\` of a ${(STATE_BYTES / 1024).toFixed(1)} KB conversation state + \`release\`, on a`,
    'random stored conversation. Small-N and large-N instances are measured interleaved, turn by turn;',
    `up to ${TURNS} turns each (or ${MEASURE_BUDGET_MS / 1000} s) after ${WARMUP_TURNS} warm-up turns. Target: lowdb ratio ≤ 1.3.`,
    'Absolute numbers depend heavily on the machine: PostgreSQL commits with fsync (synchronous_commit on),',
    'so its turns cost about two WAL flushes (setIfAbsent, set; the locks table is UNLOGGED).',
    'lowdb: a `set` resolves once its journal line is written (group commit; kill -9 safe, no fsync); key files are',
    'written by the checkpoint (every 5 s or per 64 MiB of journal), one write per changed key, so the per-turn',
    'columns count the journal writes and the checkpoint file writes that fell in the measured turns.',
    '',
    table,
    '',
    ...(concurrent.length > 0
      ? [
          '## Engine-shaped turns on lowdb, concurrently',
          '',
          'One turn = `setIfAbsent(dedupe)` + `lock` + `get` session + `get` conversation + `get` chat log + `set` chat log +',
          '`set` conversation + `set` dedupe result (in memory) + `release`, each conversation turn after turn, 1 or 50',
          `conversations in flight at once (up to ${CONCURRENT_TURNS.toLocaleString('en-US')} turns or ${CONCURRENT_BUDGET_MS / 1000} s). Group commit shows as lines per journal write;`,
          'with `fsync: true` every journal write is also `fdatasync`ed (survives a power loss). With 50 in flight the',
          'latency is mostly queueing: 50 turns share one event loop (p50 ≈ 50 / turns per second); the store cost per',
          'turn is the inverse of turns/s. Key-file writes come from the checkpoint (each changed key once per 5 s).',
          'With the I/O thread (`ioThread`, the service default) the journal and key-file writes run on a worker thread:',
          'a lone turn waits for one more thread hop (higher p50 with 1 in flight), and this store-only loop has nothing',
          'else for the freed main thread to do, so it shows no gain here; in the whole service it is what took',
          'bench:server from ≈ 1,780 to ≈ 2,050 turns/s (bench/results/server.md).',
          '',
          concurrentTable,
          '',
        ]
      : []),
  ].join('\n');
  await writeFile(new URL('./results/store.md', import.meta.url), doc);
}

await main();
