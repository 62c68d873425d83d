/**
 * Faults survived (in-process servers): store unreachable, wallet slow or failing, circuit breaker.
 * Process crashes (kill -9) are in crash.*.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../bot/store/types.ts';
import type { RunningServer } from '../../bot/start.ts';
import { loadTranscript, type Conversation } from '../../bot/engine/conversation.ts';
import { silentLogger } from '../../bot/logger.ts';
import { call, history, openSession, sendMessage, startInstance, testConfig } from './helpers.ts';
import { scratchRedis } from './scratch-stores.ts';
import { RESET_LINK } from './script.ts';
import { startServersOnWallet, type ServersOnWallet } from './servers-on-wallet.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

const BALANCE = 'GET /v1/customers/:id/balance';

describe('store unreachable (Redis behind a proxy that is cut)', () => {
  const scratch = scratchRedis('faults');
  let proxy: TcpProxy;
  let store: Store;
  let rig: ServersOnWallet;
  let server: RunningServer;

  beforeAll(async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    store = await scratch.openAt(`redis://127.0.0.1:${proxy.port}`, 1000);
    rig = await startServersOnWallet([store]);
    server = rig.servers[0] as RunningServer;
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
    await proxy?.close();
    await scratch.cleanup();
  });

  it('readiness says 503, messages get a retryable 503 with Retry-After, nothing is half-saved, the retry then runs once', async () => {
    const s = await openSession(server.url, 'C1001');
    expect((await sendMessage(server.url, s.sessionId, 'm1', { text: '你好' })).status).toBe(200);
    expect((await call(`${server.url}/readyz`, 'GET')).status).toBe(200);

    proxy.cut();
    const ready = await call<{ checks: Record<string, string> }>(`${server.url}/readyz`, 'GET');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.store).toBe('unavailable');
    const down = await sendMessage(server.url, s.sessionId, 'm2', { text: '我忘记密码了' });
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(rig.wallet.hitCount(RESET_LINK)).toBe(0);

    proxy.restore();
    const deadline = Date.now() + 15_000;
    while ((await call(`${server.url}/readyz`, 'GET')).status !== 200 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    const retried = await sendMessage(server.url, s.sessionId, 'm2', { text: '我忘记密码了' });
    expect(retried.status).toBe(200);
    expect(retried.body.flow).toBe('forgot_password');
    expect(retried.body.replies[0]?.text).toContain('138****1001');
    expect(rig.wallet.hitCount(RESET_LINK)).toBe(1);

    const customer = (await history(server.url, s.sessionId)).filter((e) => e.from === 'customer').map((e) => e.text);
    expect(customer).toEqual(['你好', '我忘记密码了']);
    const conv = await store.get<Conversation>(`conv:${s.conversationId}`);
    const transcript = conv ? await loadTranscript(store, conv, 50, silentLogger) : [];
    expect(transcript.filter((l) => l.from === 'customer').map((l) => l.text)).toEqual([
      '[start]',
      '你好',
      '我忘记密码了',
    ]);
  }, 60_000);
});

describe('wallet slow or failing', () => {
  let rig: ServersOnWallet;
  let wallet: ServersOnWallet['wallet'];
  let server: RunningServer;

  beforeAll(async () => {
    rig = await startServersOnWallet([undefined], { STORE_URL: 'memory:' });
    ({ wallet } = rig);
    server = rig.servers[0] as RunningServer;
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('a wallet write that hangs gets a friendly reply and a handoff within 5 s', async () => {
    await wallet.control.setFaults({ latencyMs: 20_000 });
    try {
      const s = await openSession(server.url, 'C1005', 'en');
      const started = Date.now();
      const res = await sendMessage(server.url, s.sessionId, 'w1', { text: 'I forgot my password' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(res.status).toBe(200);
      expect(res.body.handoff).not.toBe('none');
      expect(res.body.replies[0]?.text).toMatch(/wallet|system|connect/i);
    } finally {
      await wallet.control.setFaults({});
    }
  }, 30_000);

  // KNOWN GAP (reported): reads are retried twice with a fresh WALLET_TIMEOUT_MS (4 s) per attempt,
  // so a hanging balance read takes ~12 s. Fix: a total deadline per wallet call in
  // bot/wallet/client.ts (per-attempt timeout = what is left of it). Remove `.fails` once fixed.
  it('a wallet read that hangs gets a friendly reply and a handoff within 5 s', async () => {
    await wallet.control.setFaults({ latencyMs: 20_000 });
    try {
      const s = await openSession(server.url, 'C1005', 'en');
      const started = Date.now();
      const res = await sendMessage(server.url, s.sessionId, 'r1', { text: "what's my balance?" }, 30_000);
      expect(res.status).toBe(200);
      expect(res.body.handoff).not.toBe('none');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await wallet.control.setFaults({});
    }
  }, 30_000);

  it('the circuit breaker stops calling a dead wallet; every customer still gets an answer and a handoff', async () => {
    // A fresh instance: its wallet client's breaker has seen no failures yet.
    const fresh = await startInstance(testConfig({ WALLET_API_URL: wallet.url, STORE_URL: 'memory:' }));
    await wallet.control.setFaults({ failNext: 1000, status: 503 });
    try {
      wallet.resetHits();
      const perTurn: number[] = [];
      for (let i = 0; i < 8; i++) {
        const s = await openSession(fresh.url, 'C1001');
        const before = wallet.hitCount(BALANCE);
        const res = await sendMessage(fresh.url, s.sessionId, `b${i}`, { text: '我的余额是多少' });
        expect(res.status).toBe(200);
        expect(res.body.handoff).not.toBe('none');
        expect(res.body.replies.length).toBeGreaterThan(0);
        perTurn.push(wallet.hitCount(BALANCE) - before);
      }
      // Five failed attempts open the breaker (3 attempts per read: 3 + 2); later turns call nothing.
      expect(perTurn.slice(0, 2).reduce((a, b) => a + b, 0)).toBe(5);
      expect(perTurn.slice(2)).toEqual([0, 0, 0, 0, 0, 0]);
    } finally {
      await wallet.control.setFaults({});
      await fresh.stop();
    }
  }, 60_000);
});
