/**
 * `npm run bench:scale` — does cost per turn stay flat as conversations pile up, and do instances add up?
 *
 * 1. engine.handle latency of an FAQ turn and a flow turn (balance: one wallet read) on a store
 *    holding SMALL_N vs LARGE_N conversations, for lowdb, redis and postgres (target ratio ≤ 1.3).
 *    Both stores are measured interleaved, turn by turn, so machine load hits both alike.
 * 2. Turns/s through HTTP (autocannon, the bench:server turn mix) with one vs two server processes
 *    on one Redis, sharing one sandbox wallet.
 * Env: BENCH_SCALE_LARGE_N (100000), BENCH_SCALE_TURNS (300 per kind and size), BENCH_SCALE_HTTP_S (15),
 * BENCH_SCALE_STORES (lowdb,redis,postgres). Writes bench/results/scale.md.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { IncomingEvent } from '../bot/core/messages.ts';
import { secretKey, signCustomerToken } from '../adapters/webchat/token.ts';
import { createApp, type App } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import { newConversation, type Conversation } from '../bot/engine/conversation.ts';
import { silentLogger } from '../bot/logger.ts';
import { createJournalFilesStore } from '../bot/store/journal-files/store.ts';
import { createPostgresStore } from '../bot/store/postgres.ts';
import { createRedisStore } from '../bot/store/redis.ts';
import type { Store } from '../bot/store/types.ts';
import { createInProcessWallet } from '../bot/wallet/index.ts';
import { startSandboxWallet } from '../bot/wallet/sandbox/server.ts';
import { loadKnowledge } from '../bot/core/knowledge.ts';
import { createNlu } from '../intents/nlu.ts';
import { spawnBenchServer } from './server-process.ts';
import { openSessions, runTurnMix, type MixResult } from './turn-mix.ts';
import { dropRedisPrefix } from '../test/support/redis.ts';
import { machineLine, runBench, writeReportKeepingNotes } from './report.ts';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SMALL_N = 1_000;
const LARGE_N = Number(process.env.BENCH_SCALE_LARGE_N ?? 100_000);
const TURNS = Number(process.env.BENCH_SCALE_TURNS ?? 300);
const HTTP_S = Number(process.env.BENCH_SCALE_HTTP_S ?? 15);
const STORES = (process.env.BENCH_SCALE_STORES ?? 'lowdb,redis,postgres').split(',');
const TOKEN_SECRET = 'bench-secret-bench-secret-bench-secret-00';

interface Opened {
  store: Store;
  cleanup(): Promise<void>;
}

const OPENERS: Record<string, () => Promise<Opened>> = {
  async lowdb() {
    const dir = await mkdtemp(join(tmpdir(), 'upay-bench-scale-'));
    const store = await createJournalFilesStore({ dataDir: dir });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
  async redis() {
    const keyPrefix = `bench:scale:${randomUUID()}:`;
    const store = await createRedisStore({ url: REDIS_URL, keyPrefix });
    return {
      store,
      async cleanup() {
        await store.close();
        await dropRedisPrefix(REDIS_URL, keyPrefix);
      },
    };
  },
  async postgres() {
    const schema = `bench_scale_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const store = await createPostgresStore({ url: PG_URL, schema, poolSize: 16 });
    return {
      store,
      async cleanup() {
        await store.close();
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      },
    };
  },
};

/** A stored conversation of realistic size (about 4 KB: transcript, trail). */
function storedConversation(i: number, at: Date): Conversation {
  const conv = newConversation(`webchat:bench-${i}`, 'webchat', 'zh', at);
  conv.greeted = true;
  conv.identity = { verified: true, customerId: 'C1001', via: 'inapp' };
  for (let k = 0; k < 12; k++) {
    conv.transcript.push({
      from: k % 2 ? 'bot' : 'customer',
      text:
        k % 2
          ? '你的 upay 余额是 ¥1,280.50（截至今天 05:47）。还有其他问题随时找我。'
          : '我的余额是多少？顺便问一下手续费',
      at: at.toISOString(),
    });
  }
  conv.intentTrail = Array.from({ length: 8 }, () => ({
    intent: 'check_balance',
    confidence: 0.91,
    at: at.toISOString(),
  }));
  return conv;
}

async function fill(store: Store, n: number): Promise<number> {
  const started = performance.now();
  const at = new Date();
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        await store.set(`conv:webchat:bench-${i}`, storedConversation(i, at), { ttlMs: 7 * 24 * 3600_000 });
      }
    }),
  );
  return Math.round((performance.now() - started) / 1000);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function event(i: number, n: number, text: string): IncomingEvent {
  const conv = Math.floor(Math.random() * n);
  return {
    eventId: `bench-${randomUUID()}`,
    channel: 'webchat',
    conversationId: `webchat:bench-${conv}`,
    user: { id: 'C1001', locale: 'zh' },
    input: { kind: 'text', text },
    verifiedCustomerId: 'C1001',
  };
}

interface LatencyRow {
  store: string;
  kind: string;
  smallP50: number;
  largeP50: number;
  smallP99: number;
  largeP99: number;
  ratio: number;
  fillS: number;
}

async function engineLatency(): Promise<LatencyRow[]> {
  const knowledge = await loadKnowledge('knowledge');
  const nlu = createNlu(knowledge);
  const wallet = await createInProcessWallet();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '/tmp/unused' });
  const rows: LatencyRow[] = [];
  try {
    for (const name of STORES) {
      const open = OPENERS[name];
      if (!open) throw new Error(`unknown store ${name}`);
      const small = await open();
      const large = await open();
      try {
        await fill(small.store, SMALL_N);
        const fillS = await fill(large.store, LARGE_N);
        process.stderr.write(`${name}: filled ${LARGE_N} conversations in ${fillS} s\n`);
        const apps: App[] = [];
        for (const s of [small, large])
          apps.push(
            await createApp(config, { store: s.store, knowledge, nlu, wallet: wallet.api, logger: silentLogger }),
          );
        for (const [kind, text] of [
          ['FAQ turn', '手续费怎么收'],
          ['flow turn (balance)', '我的余额是多少'],
        ] as const) {
          const times: [number[], number[]] = [[], []];
          for (let t = 0; t < TURNS + 20; t++) {
            for (const [k, n] of [
              [0, SMALL_N],
              [1, LARGE_N],
            ] as const) {
              const started = performance.now();
              await (apps[k] as App).engine.handle(event(t, n, text));
              if (t >= 20) times[k].push(performance.now() - started);
            }
          }
          const [a, b] = times.map((x) => x.sort((p, q) => p - q)) as [number[], number[]];
          const row = {
            store: name,
            kind,
            smallP50: percentile(a, 50),
            largeP50: percentile(b, 50),
            smallP99: percentile(a, 99),
            largeP99: percentile(b, 99),
            ratio: percentile(b, 50) / percentile(a, 50),
            fillS,
          };
          rows.push(row);
          process.stderr.write(`${JSON.stringify(row)}\n`);
        }
      } finally {
        await small.cleanup();
        await large.cleanup();
      }
    }
  } finally {
    await wallet.close();
  }
  return rows;
}

async function instancesThroughput(): Promise<{ instances: number; r: MixResult }[]> {
  const sandbox = await startSandboxWallet({ port: 0, host: '127.0.0.1' });
  const keyPrefixDb = `${REDIS_URL.replace(/\/\d*$/, '')}/3`;
  const env = {
    STORE_URL: keyPrefixDb,
    WALLET_API_URL: sandbox.url,
    INAPP_TOKEN_SECRET: TOKEN_SECRET,
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000000',
  };
  const token = (customerId: string) => signCustomerToken(customerId, secretKey(TOKEN_SECRET), 3600);
  const out: { instances: number; r: MixResult }[] = [];
  try {
    for (const count of [1, 2]) {
      const servers = await Promise.all(Array.from({ length: count }, () => spawnBenchServer(env)));
      try {
        const sessions = await Promise.all(servers.map((s) => openSessions(s.url, Math.round(50 / count), token)));
        await runTurnMix(
          servers.map((s) => s.url),
          sessions,
          { connections: 50, durationS: 5 },
        ); // warm-up
        const r = await runTurnMix(
          servers.map((s) => s.url),
          sessions,
          { connections: 50, durationS: HTTP_S },
        );
        out.push({ instances: count, r });
        process.stderr.write(`${count} instance(s): ${JSON.stringify(r)}\n`);
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
  } finally {
    await sandbox.close();
    const admin = new Redis(`${REDIS_URL.replace(/\/\d*$/, '')}/3`);
    await admin.flushdb();
    await admin.quit();
  }
  return out;
}

async function main(): Promise<void> {
  const latency = await engineLatency();
  const throughput = await instancesThroughput();
  const ms = (v: number) => v.toFixed(1);
  const md = [
    '# Scale benchmark (`npm run bench:scale`)',
    '',
    machineLine(),
    '',
    `## engine.handle latency: ${SMALL_N.toLocaleString('en')} vs ${LARGE_N.toLocaleString('en')} stored conversations`,
    '',
    `${TURNS} turns per kind and size, on random stored conversations (≈4 KB each), measured interleaved; the flow turn reads the balance from the sandbox wallet over HTTP. Target: ratio of p50 ≤ 1.3.`,
    '',
    '| store | turn | p50 ms (1k) | p50 ms (large) | p99 ms (1k) | p99 ms (large) | ratio p50 | fill s |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...latency.map(
      (r) =>
        `| ${r.store} | ${r.kind} | ${ms(r.smallP50)} | ${ms(r.largeP50)} | ${ms(r.smallP99)} | ${ms(r.largeP99)} | ${r.ratio.toFixed(2)} | ${r.fillS} |`,
    ),
    '',
    `## Turns/s through HTTP: one vs two server processes on one Redis`,
    '',
    `autocannon, 50 connections in total, ${HTTP_S} s after a 5 s warm-up, the bench:server turn mix; one sandbox wallet shared (WALLET_API_URL).`,
    '',
    '| instances | turns | turns/s | p50 ms | p99 ms | non-2xx | errors |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...throughput.map(
      ({ instances, r }) =>
        `| ${instances} | ${r.turns} | ${r.turnsPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.non2xx} | ${r.errors} |`,
    ),
    '',
  ].join('\n');
  process.stdout.write(`${md}\n`);
  await writeReportKeepingNotes('bench/results/scale.md', md);
}

runBench('bench:scale', main);
