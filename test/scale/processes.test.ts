/**
 * Several instances as separate processes (`node --import tsx bot/main.ts`, as deployed) on one
 * Redis (STORE_URL) and one shared sandbox wallet (WALLET_API_URL): every message delivered to both
 * processes at once, answered once, nothing lost or doubled, each wallet write done once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCountingWallet, type CountingWallet } from './wallet-proxy.ts';
import { spawnServer, type ServerProcess } from './process.ts';
import { expectExactHistories, playEverywhere, RESET_LINK } from './script.ts';
import { openSession, pool, REDIS_URL, TOKEN_SECRET } from './helpers.ts';

const CONVERSATIONS = 100;

describe('two server processes on one Redis', () => {
  let wallet: CountingWallet;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    wallet = await startCountingWallet();
    const env = {
      STORE_URL: REDIS_URL,
      WALLET_API_URL: wallet.url,
      INAPP_TOKEN_SECRET: TOKEN_SECRET,
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_CONVERSATION_PER_MINUTE: '10000',
    };
    servers = await Promise.all([spawnServer(env), spawnServer(env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(servers.map((s) => s.stop()));
    await wallet?.close();
  });

  it(`answers every turn of ${CONVERSATIONS} conversations once, loses nothing and writes to the wallet once`, async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const sessions = await pool(
      Array.from({ length: CONVERSATIONS }, (_, i) => i),
      20,
      (i) => openSession(i % 2 === 0 ? a.url : b.url, i % 2 === 0 ? 'C1001' : 'C1005'),
    );
    const answers = await playEverywhere([a.url, b.url], sessions);
    await expectExactHistories((i) => (i % 2 === 0 ? b.url : a.url), sessions, answers);
    expect(wallet.hitCount(RESET_LINK)).toBe(CONVERSATIONS);
    expect(await wallet.control.outbox({ kind: 'password_reset_link' })).toHaveLength(CONVERSATIONS);
  }, 120_000);
});
