import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWalletClient } from '../../bot/wallet/client.ts';
import {
  createInProcessSandbox,
  IN_PROCESS_SANDBOX_URL,
  type InProcessSandbox,
} from '../../bot/wallet/sandbox/in-process.ts';
import { createThreadSandbox, type ThreadSandbox } from '../../bot/wallet/sandbox/thread.ts';
import { WalletError } from '../../bot/wallet/types.ts';
import { recordingLogger } from '../support/logger.ts';

const fixture = (name: string) => new URL(`../fixtures/threads/${name}`, import.meta.url);
const init = (signal: AbortSignal = AbortSignal.timeout(2000)) => ({
  method: 'GET',
  headers: { authorization: 'Bearer k-123' },
  signal,
});

describe('sandbox wallet in a worker thread', () => {
  let thread: ThreadSandbox;
  let inProcess: InProcessSandbox;
  beforeAll(async () => {
    thread = await createThreadSandbox({ apiKey: 'k-123', fixedOtp: '123456' });
    inProcess = await createInProcessSandbox({ apiKey: 'k-123', fixedOtp: '123456' });
  });
  afterAll(() => thread.close());

  const client = (fetchImpl: ThreadSandbox['fetch'], apiKey = 'k-123') =>
    createWalletClient({ baseUrl: IN_PROCESS_SANDBOX_URL, timeoutMs: 2000, retries: 0, fetchImpl, apiKey });

  it('answers what the same sandbox answers in this thread', async () => {
    const { asOf: _asOf, ...balance } = await client(thread.fetch).getBalance('C1001');
    expect(balance).toEqual({ amount: '1280.50', currency: 'CNY' });
    // The seed data is dated relative to each sandbox's start: compare all but the times.
    const untimed = (tx: object) =>
      Object.fromEntries(Object.entries(tx).filter(([, v]) => typeof v !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(v)));
    const [overThread, here] = await Promise.all([
      client(thread.fetch).getTransaction('C1001', 'T1001B'),
      client(inProcess.fetch).getTransaction('C1001', 'T1001B'),
    ]);
    expect(untimed(overThread)).toEqual(untimed(here));
    expect(overThread).toMatchObject({ id: 'T1001B', status: 'failed' });
  });

  it('goes through the sandbox middleware: a wrong API key is refused, an unknown customer is not_found', async () => {
    await expect(client(thread.fetch, 'wrong').getBalance('C1001')).rejects.toMatchObject({
      name: 'WalletError',
      status: 401,
    });
    const missing = await client(thread.fetch)
      .getBalance('C9999')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(WalletError);
    expect((missing as WalletError).code).toBe('not_found');
  });

  it('keeps its data between requests: a write acts once and its idempotency key replays the answer', async () => {
    const api = client(thread.fetch);
    const first = await api.openDispute('C1005', 'T1005B', {
      reason: 'unrecognized',
      idempotencyKey: 'thread-dispute-1',
    });
    expect(
      await api.openDispute('C1005', 'T1005B', { reason: 'unrecognized', idempotencyKey: 'thread-dispute-1' }),
    ).toEqual(first);
  });

  it('carries many concurrent requests, each answer to its own request', async () => {
    const api = client(thread.fetch);
    const ids = ['C1001', 'C1002', 'C1003', 'C1004', 'C1005'];
    const balances = await Promise.all(Array.from({ length: 50 }, (_, i) => api.getBalance(ids[i % 5] ?? 'C1001')));
    const single = await Promise.all(ids.map((id) => api.getBalance(id)));
    balances.forEach((b, i) => expect(b.amount).toBe(single[i % 5]?.amount));
    expect(new Set(balances.map((b) => b.amount)).size).toBeGreaterThan(1);
  });

  it('rejects at once with AbortError on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await thread
      .fetch(new URL('/v1/customers/C1001/balance', IN_PROCESS_SANDBOX_URL), init(controller.signal))
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('sandbox wallet thread failures', () => {
  it('fails start-up with the reason the worker gives', async () => {
    await expect(createThreadSandbox({ entry: fixture('wallet-thread-start-fails.mjs') })).rejects.toThrow(
      'sandbox wallet could not start: sandbox data file /nowhere/data.json: not valid JSON',
    );
  });

  it('fails start-up when the worker never says it is ready', async () => {
    await expect(
      createThreadSandbox({ entry: fixture('wallet-thread-silent.mjs'), startTimeoutMs: 1 }),
    ).rejects.toThrow(/did not start within 1 ms/);
  });

  it('times out a request the worker never answers with the signal’s TimeoutError, and drops the late answer', async () => {
    const silent = await createThreadSandbox({ entry: fixture('wallet-thread-silent.mjs') });
    try {
      const started = Date.now();
      const error = await silent
        .fetch(new URL('/v1/x', IN_PROCESS_SANDBOX_URL), init(AbortSignal.timeout(50)))
        .catch((e: unknown) => e);
      expect((error as Error).name).toBe('TimeoutError');
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await silent.close();
    }
  });

  it('a worker that dies fails the request it held as a network failure, says so, and the next request starts a new worker', async () => {
    const log = recordingLogger();
    const crashing = await createThreadSandbox({ entry: fixture('wallet-thread-crashes.mjs'), logger: log.logger });
    try {
      const first = await crashing.fetch(new URL('/v1/x', IN_PROCESS_SANDBOX_URL), init()).catch((e: unknown) => e);
      expect((first as Error).name).toBe('TypeError');
      expect((first as Error).message).toContain('exit code 3');
      expect(log.lines.some((l) => l.level === 40 && String(l.msg).includes('sandbox wallet thread stopped'))).toBe(
        true,
      );
      // A fresh worker takes the next request (this stand-in dies again, but it was started and reached).
      const second = await crashing.fetch(new URL('/v1/x', IN_PROCESS_SANDBOX_URL), init()).catch((e: unknown) => e);
      expect((second as Error).message).toContain('exit code 3');
    } finally {
      await crashing.close();
    }
  });

  it('after close, requests reject as a stopped network would', async () => {
    const closing = await createThreadSandbox();
    await closing.close();
    const error = await closing
      .fetch(new URL('/v1/customers/C1001/balance', IN_PROCESS_SANDBOX_URL), init())
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('TypeError');
    expect((error as Error).message).toContain('closed');
  });
});
