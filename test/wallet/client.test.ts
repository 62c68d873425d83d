import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { createLogger, silentLogger } from '../../bot/logger.ts';
import { createWalletClient, type WalletCallOutcome, type WalletOp } from '../../bot/wallet/client.ts';
import { createInProcessWallet, createWallet, type InProcessWallet } from '../../bot/wallet/index.ts';
import { startSandboxWallet } from '../../bot/wallet/sandbox/server.ts';
import { WalletError } from '../../bot/wallet/types.ts';
import { rejectionOf } from '../support/rejection.ts';
import { sendJson, startFakeServer, type FakeServer } from './fake-server.ts';

let wallet: InProcessWallet;
let keySeq = 0;
const key = (): string => `client-key-${++keySeq}`;

beforeAll(async () => {
  wallet = await createInProcessWallet({ fixedOtp: '135790', client: { retries: 0 } });
});
afterAll(async () => {
  await wallet.close();
});
afterEach(async () => {
  await wallet.control.reset();
});

function walletError(p: Promise<unknown>): Promise<WalletError> {
  return rejectionOf(p, WalletError);
}

describe('client against the sandbox', () => {
  it('looks customers up; null when none', async () => {
    expect(await wallet.api.findCustomer({ phone: '13800001001' })).toEqual({
      customerId: 'C1001',
      maskedPhone: '138****1001',
      maskedEmail: 'l***i@example.com',
    });
    expect((await wallet.api.findCustomer({ email: 'emma.brown@example.com' }))?.customerId).toBe('C1002');
    expect(await wallet.api.findCustomer({ phone: '13999999999' })).toBeNull();
    const bad = await walletError(wallet.api.findCustomer({}));
    expect(bad.code).toBe('rejected');
    const badPhone = await walletError(wallet.api.findCustomer({ phone: 'call me' }));
    expect(badPhone).toMatchObject({ code: 'rejected', status: 400, apiCode: 'invalid_request' });
  });

  it('verifies with a one-time code end to end', async () => {
    const ch = await wallet.api.sendOtp('C1001', { channel: 'sms', idempotencyKey: key() });
    expect(ch.sentTo).toBe('138****1001');
    expect(await wallet.control.lastOtp('C1001')).toBe('135790');
    expect(await wallet.api.checkOtp(ch.challengeId, '000000')).toEqual({
      ok: false,
      reason: 'wrong_code',
      attemptsLeft: 4,
    });
    expect(await wallet.api.checkOtp(ch.challengeId, '135790')).toEqual({ ok: true, customerId: 'C1001' });
  });

  it('maps the resend limit to resend_limit', async () => {
    const ch = await wallet.api.sendOtp('C1005', { channel: 'email', idempotencyKey: key() });
    for (let i = 0; i < 3; i++) await wallet.api.resendOtp(ch.challengeId, { idempotencyKey: key() });
    const err = await walletError(wallet.api.resendOtp(ch.challengeId, { idempotencyKey: key() }));
    expect(err).toMatchObject({ code: 'resend_limit', status: 429, apiCode: 'resend_limit' });
    expect(err.isOutage).toBe(false);
  });

  it('reads balance, history pages and one transaction', async () => {
    expect(await wallet.api.getBalance('C1001')).toMatchObject({ amount: '1280.50', currency: 'CNY' });
    const p1 = await wallet.api.listTransactions('C1001', { limit: 5 });
    expect(p1.items).toHaveLength(5);
    const p2 = await wallet.api.listTransactions('C1001', { limit: 5, cursor: p1.nextCursor });
    expect(p2.items).toHaveLength(4);
    expect(p2.nextCursor).toBeUndefined();
    expect((await wallet.api.listTransactions('C1005', { status: 'failed' })).items.map((t) => t.id)).toEqual([
      'T1005A',
    ]);
    const t = await wallet.api.getTransaction('C1001', 'T1001B');
    expect(t.refund?.status).toBe('pending');
    expect(await walletError(wallet.api.getTransaction('C1001', 'T1005A'))).toMatchObject({
      code: 'not_found',
      status: 404,
    });
  });

  it('runs the account actions and maps refusals to rejected with the wallet code', async () => {
    expect(await wallet.api.sendPasswordResetLink('C1002', { idempotencyKey: key() })).toEqual({
      sentTo: '+44******0002',
      channel: 'sms',
    });
    expect((await wallet.api.unfreeze('C1002', { idempotencyKey: key() })).status).toBe('active');
    const refused = await walletError(wallet.api.unfreeze('C1003', { idempotencyKey: key() }));
    expect(refused).toMatchObject({ code: 'rejected', status: 409, apiCode: 'unfreeze_not_allowed' });
    expect((await wallet.api.lockAccount('C1005', { reason: 'suspected_fraud', idempotencyKey: key() })).status).toBe(
      'locked',
    );
    const k = key();
    const d1 = await wallet.api.openDispute('C1005', 'T1005B', { reason: 'unrecognized', idempotencyKey: k });
    const d2 = await wallet.api.openDispute('C1005', 'T1005B', { reason: 'unrecognized', idempotencyKey: k });
    expect(d2).toEqual(d1);
    expect(await wallet.control.disputes()).toHaveLength(1);
    expect(await walletError(wallet.api.getCustomer('C9999'))).toMatchObject({ code: 'not_found' });
    await expect(wallet.api.ping()).resolves.toBeUndefined();
  });

  it('sandbox control: lastOtp fails clearly when no code was sent', async () => {
    await expect(wallet.control.lastOtp('C1003')).rejects.toThrow(/no one-time code/);
    await wallet.api.sendOtp('C1003', { channel: 'email', idempotencyKey: key() });
    expect(await wallet.control.lastOtp('C1003')).toBe('135790');
    expect(await wallet.control.outbox({ to: 'wang.fang@example.com' })).toHaveLength(1);
  });

  it('refuses a write without an idempotency key before any request', async () => {
    const err = await walletError(wallet.api.unfreeze('C1002', { idempotencyKey: '' }));
    expect(err.code).toBe('rejected');
    expect((await wallet.api.getCustomer('C1002')).status).toBe('frozen');
  });

  it('a write whose answer was lost, retried by the caller with the same key, acts once', async () => {
    await wallet.control.setFaults({ failNext: 1, failMode: 'after_action' });
    const k = key();
    const lost = await walletError(wallet.api.sendPasswordResetLink('C1001', { idempotencyKey: k }));
    expect(lost.code).toBe('unavailable');
    expect(await wallet.api.sendPasswordResetLink('C1001', { idempotencyKey: k })).toMatchObject({ channel: 'sms' });
    expect(await wallet.control.outbox({ kind: 'password_reset_link' })).toHaveLength(1);
  });

  it('sends the API key and treats a refused key as unavailable', async () => {
    const secured = await startSandboxWallet({ apiKey: 'secret-key-1' });
    try {
      const good = createWalletClient({ baseUrl: secured.url, apiKey: 'secret-key-1', timeoutMs: 1000 });
      expect((await good.getCustomer('C1001')).name).toBe('李伟');
      const bad = createWalletClient({ baseUrl: secured.url, apiKey: 'nope', timeoutMs: 1000, retries: 0 });
      expect(await walletError(bad.getCustomer('C1001'))).toMatchObject({
        code: 'unavailable',
        status: 401,
        apiCode: 'unauthorized',
      });
    } finally {
      await secured.close();
    }
  });
});

describe('client failure handling', () => {
  let fake: FakeServer | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('a response of the wrong shape is bad_response', async () => {
    fake = await startFakeServer((req, res) => {
      if (req.url.endsWith('/balance')) sendJson(res, 200, { amount: 1280.5, currency: 'CNY', asOf: 'yesterday' });
      else if (req.url.endsWith('/transactions')) sendJson(res, 200, '<html>not json</html>');
      else
        sendJson(res, 200, {
          customerId: 'C1',
          name: 'x',
          status: 'sleeping',
          selfServiceUnfreeze: false,
          currency: 'CNY',
        });
    });
    const api = createWalletClient({ baseUrl: fake.url, timeoutMs: 1000, retries: 2, retryBaseMs: 1 });
    const e1 = await walletError(api.getBalance('C1001'));
    expect(e1.code).toBe('bad_response');
    expect(e1.message).toMatch(/amount/);
    expect(e1.message).not.toMatch(/1280/);
    expect((await walletError(api.listTransactions('C1001'))).code).toBe('bad_response');
    expect((await walletError(api.getCustomer('C1'))).code).toBe('bad_response');
    expect(fake.requests).toHaveLength(3); // bad shapes are not retried
  });

  it('a slow wallet is a timeout', async () => {
    await wallet.control.setFaults({ latencyMs: 400 });
    const api = createWalletClient({ baseUrl: wallet.url, timeoutMs: 100, retries: 0 });
    const t0 = performance.now();
    const err = await walletError(api.getBalance('C1001'));
    expect(err.code).toBe('timeout');
    expect(err.isOutage).toBe(true);
    expect(performance.now() - t0).toBeLessThan(350);
  });

  it('a read that hangs ends at the call deadline (timeoutMs for all attempts together), not once per retry', async () => {
    fake = await startFakeServer(() => undefined); // never answers
    const calls: { op: WalletOp; ms: number; outcome: WalletCallOutcome }[] = [];
    const api = createWalletClient({
      baseUrl: fake.url,
      timeoutMs: 300,
      retries: 2,
      retryBaseMs: 1,
      onCall: (op, ms, outcome) => calls.push({ op, ms, outcome }),
    });
    const t0 = performance.now();
    const err = await walletError(api.getBalance('C1001'));
    const elapsed = performance.now() - t0;
    expect(err.code).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(550); // per-attempt timeouts would take 3 × 300 ms
    expect(fake.requests).toHaveLength(1); // no budget left for a retry
    expect(calls).toEqual([{ op: 'getBalance', ms: expect.any(Number) as number, outcome: 'timeout' }]);
  });

  it('a retry after a slow 5xx only gets what is left of the deadline', async () => {
    fake = await startFakeServer((_req, res) => {
      if (fake!.requests.length === 1)
        setTimeout(() => sendJson(res, 503, { error: { code: 'down', message: 'down' } }), 200);
      // later attempts hang
    });
    const api = createWalletClient({ baseUrl: fake.url, timeoutMs: 450, retries: 2, retryBaseMs: 1 });
    const t0 = performance.now();
    const err = await walletError(api.getCustomer('C1001'));
    const elapsed = performance.now() - t0;
    expect(err.code).toBe('timeout');
    expect(fake.requests).toHaveLength(2);
    expect(elapsed).toBeLessThan(600); // a fresh 450 ms for the retry would end after ~650 ms
  });

  it('5xx is unavailable; a closed port is unavailable', async () => {
    await wallet.control.setFaults({ failNext: 1, status: 500 });
    expect(await walletError(wallet.api.getCustomer('C1001'))).toMatchObject({
      code: 'unavailable',
      status: 500,
      apiCode: 'injected_fault',
    });
    const dead = await startFakeServer(() => undefined);
    const deadUrl = dead.url;
    await dead.close();
    const api = createWalletClient({ baseUrl: deadUrl, timeoutMs: 500, retries: 0 });
    expect((await walletError(api.getCustomer('C1001'))).code).toBe('unavailable');
    await expect(api.ping()).rejects.toBeInstanceOf(WalletError);
  });

  it('retries GETs (and the lookup) with backoff, never writes or checks', async () => {
    let failuresLeft = 2;
    fake = await startFakeServer((req, res) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        sendJson(res, 503, { error: { code: 'down', message: 'down' } });
      } else if (req.url === '/healthz') sendJson(res, 200, { status: 'ok' });
      else sendJson(res, 503, { error: { code: 'down', message: 'down' } });
    });
    const api = createWalletClient({ baseUrl: fake.url, timeoutMs: 1000, retries: 2, retryBaseMs: 5 });
    await api.ping();
    expect(fake.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);

    fake.requests.length = 0;
    expect((await walletError(api.unfreeze('C1002', { idempotencyKey: 'k-1' }))).code).toBe('unavailable');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.headers['idempotency-key']).toBe('k-1');

    fake.requests.length = 0;
    expect((await walletError(api.checkOtp('otp_1', '123456'))).code).toBe('unavailable');
    expect(fake.requests).toHaveLength(1);

    fake.requests.length = 0;
    expect((await walletError(api.findCustomer({ phone: '13800001001' }))).code).toBe('unavailable');
    expect(fake.requests).toHaveLength(3);
  });

  it('does not retry a 4xx', async () => {
    fake = await startFakeServer((_req, res) =>
      sendJson(res, 400, { error: { code: 'invalid_request', message: 'x' } }),
    );
    const api = createWalletClient({ baseUrl: fake.url, timeoutMs: 1000, retries: 3, retryBaseMs: 1 });
    expect((await walletError(api.getBalance('C1'))).code).toBe('rejected');
    expect(fake.requests).toHaveLength(1);
  });

  it('the circuit opens after consecutive outages, fails fast, then half-opens', async () => {
    let healthy = false;
    fake = await startFakeServer((_req, res) => {
      if (healthy) sendJson(res, 200, { status: 'ok' });
      else sendJson(res, 503, { error: { code: 'down', message: 'down' } });
    });
    let t = 0;
    const outcomes: Array<[WalletOp, WalletCallOutcome]> = [];
    const api = createWalletClient({
      baseUrl: fake.url,
      timeoutMs: 1000,
      retries: 0,
      breaker: { failureThreshold: 3, coolDownMs: 10_000 },
      now: () => t,
      onCall: (op, _ms, outcome) => outcomes.push([op, outcome]),
    });
    for (let i = 0; i < 3; i++) expect((await walletError(api.ping())).status).toBe(503);
    expect(api.breakerState()).toBe('open');
    const fast = await walletError(api.ping());
    expect(fast).toMatchObject({ code: 'unavailable', apiCode: 'circuit_open' });
    expect(fake.requests).toHaveLength(3); // not hammered

    t = 10_000; // half-open: one trial, which fails → open again
    expect((await walletError(api.ping())).status).toBe(503);
    expect(fake.requests).toHaveLength(4);
    expect(api.breakerState()).toBe('open');
    expect((await walletError(api.ping())).apiCode).toBe('circuit_open');

    t = 20_000;
    healthy = true;
    await api.ping();
    expect(api.breakerState()).toBe('closed');
    await api.ping();
    expect(fake.requests).toHaveLength(6);
    expect(outcomes.map(([, o]) => o)).toEqual([
      'unavailable',
      'unavailable',
      'unavailable',
      'unavailable',
      'unavailable',
      'unavailable',
      'ok',
      'ok',
    ]);
    expect(outcomes.every(([op]) => op === 'ping')).toBe(true);
  });

  it('4xx answers do not open the circuit', async () => {
    fake = await startFakeServer((_req, res) => sendJson(res, 404, { error: { code: 'not_found', message: 'x' } }));
    const api = createWalletClient({
      baseUrl: fake.url,
      timeoutMs: 1000,
      retries: 0,
      breaker: { failureThreshold: 2 },
    });
    for (let i = 0; i < 5; i++) expect((await walletError(api.getCustomer('C1'))).code).toBe('not_found');
    expect(api.breakerState()).toBe('closed');
  });

  it('logs the route template, status and latency, never bodies, codes or balances', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString('utf8'));
        cb();
      },
    });
    const logger = createLogger({ level: 'debug', destination: sink });
    const api = createWalletClient({ baseUrl: wallet.url, timeoutMs: 1000, logger, retries: 0 });
    await api.getBalance('C1001');
    const ch = await api.sendOtp('C1001', { channel: 'sms', idempotencyKey: key() });
    await api.checkOtp(ch.challengeId, '135790');
    await walletError(api.getCustomer('C9999'));
    const all = lines.join('\n');
    expect(all).toContain('/v1/customers/{id}/balance');
    expect(all).toContain('"status":200');
    expect(all).toContain('"ms":');
    expect(all).toContain('"outcome":"not_found"');
    for (const secret of ['1280.50', '135790', '13800001001', '138****1001', 'C9999'])
      expect(all).not.toContain(secret);
  });

  it('validates its options', () => {
    expect(() => createWalletClient({ baseUrl: 'not a url', timeoutMs: 100 })).toThrow(TypeError);
    expect(() => createWalletClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createWalletClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 100, retries: -1 })).toThrow(
      RangeError,
    );
  });
});

describe('createWallet', () => {
  it('starts the sandbox in-process when WALLET_API_URL is unset, reached without a socket', async () => {
    const config = loadConfig({ NODE_ENV: 'test', SANDBOX_FIXED_OTP: '112233', WALLET_API_KEY: 'sandbox-key' });
    const w = await createWallet(config, silentLogger);
    try {
      expect(w.sandbox).toEqual({ inProcess: true });
      const ch = await w.api.sendOtp('C1001', { channel: 'sms', idempotencyKey: key() });
      expect(await w.api.checkOtp(ch.challengeId, '112233')).toEqual({ ok: true, customerId: 'C1001' });
      await w.api.ping();
      // The bot's own express server is unaffected by the in-process requests (its prototypes are its own).
      expect((await wallet.api.getCustomer('C1005')).name).toBe('John Lee');
    } finally {
      await w.close();
    }
  });

  it('uses WALLET_API_URL when set', async () => {
    const config = loadConfig({ NODE_ENV: 'test', WALLET_API_URL: wallet.url, WALLET_TIMEOUT_MS: '1500' });
    const w = await createWallet(config, silentLogger);
    expect(w.sandbox).toBeUndefined();
    expect((await w.api.getCustomer('C1005')).name).toBe('John Lee');
    await w.close();
  });
});
