import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWalletClient } from '../../bot/wallet/client.ts';
import { createInjectTransport } from '../../bot/wallet/inject-transport.ts';
import {
  createInProcessSandbox,
  IN_PROCESS_SANDBOX_URL,
  type InProcessSandbox,
} from '../../bot/wallet/sandbox/in-process.ts';
import { startSandboxWallet, type RunningSandboxWallet } from '../../bot/wallet/sandbox/server.ts';
import { WalletError } from '../../bot/wallet/types.ts';
import { transportInit } from './transport-init.ts';

function echo(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    if (req.url === '/never') return; // never answers
    if (req.url === '/throws') throw new Error('handler blew up');
    res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        host: req.headers.host,
        auth: req.headers.authorization,
        key: req.headers['idempotency-key'],
        body,
      }),
    );
  });
}

describe('in-process wallet transport', () => {
  it('hands method, path with query, headers and body to the handler; returns status and body text', async () => {
    const transport = createInjectTransport(echo);
    const res = await transport(
      new URL('http://127.0.0.1:4100/v1/x?q=1'),
      transportInit({
        method: 'POST',
        body: '{"a":"是"}',
        headers: { authorization: 'Bearer k', 'idempotency-key': 'id-1', 'content-type': 'application/json' },
      }),
    );
    expect([res.ok, res.status]).toEqual([true, 200]);
    expect(JSON.parse(await res.text())).toEqual({
      method: 'POST',
      url: '/v1/x?q=1',
      host: '127.0.0.1:4100',
      auth: 'Bearer k',
      key: 'id-1',
      body: '{"a":"是"}',
    });
  });

  it('answers a non-2xx status as not ok, with its body', async () => {
    const res = await createInjectTransport(echo)(new URL('http://sandbox/missing'), transportInit());
    expect([res.ok, res.status]).toEqual([false, 404]);
    expect(await res.text()).toContain('/missing');
  });

  it('rejects with the signal’s TimeoutError when the handler does not answer in time', async () => {
    const started = Date.now();
    const error = await createInjectTransport(echo)(
      new URL('http://sandbox/never'),
      transportInit({ signal: AbortSignal.timeout(50) }),
    ).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('rejects at once with AbortError on an already aborted signal, without calling the handler', async () => {
    let called = false;
    const controller = new AbortController();
    controller.abort();
    const error = await createInjectTransport(() => (called = true))(
      new URL('http://sandbox/x'),
      transportInit({ signal: controller.signal }),
    ).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(called).toBe(false);
  });

  it('turns a handler that throws into a TypeError (a network failure to the client)', async () => {
    const error = await createInjectTransport(() => {
      throw new Error('boom');
    })(new URL('http://sandbox/throws'), transportInit()).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TypeError');
  });
});

describe('wallet client on the in-process sandbox', () => {
  let sandbox: InProcessSandbox;
  let overSocket: RunningSandboxWallet;
  beforeAll(async () => {
    const now = () => new Date('2026-12-01T08:00:00Z');
    sandbox = await createInProcessSandbox({ apiKey: 'k-123', fixedOtp: '123456', now });
    overSocket = await startSandboxWallet({ port: 0, apiKey: 'k-123', now });
  });
  afterAll(() => overSocket.close());

  const client = (apiKey?: string) =>
    createWalletClient({
      baseUrl: IN_PROCESS_SANDBOX_URL,
      timeoutMs: 2000,
      retries: 0,
      fetchImpl: sandbox.fetch,
      ...(apiKey ? { apiKey } : {}),
    });

  it('reads what a client of a listening sandbox reads over the socket', async () => {
    const overHttp = createWalletClient({ baseUrl: overSocket.url, apiKey: 'k-123', timeoutMs: 2000 });
    expect(await client('k-123').getBalance('C1001')).toEqual(await overHttp.getBalance('C1001'));
    expect(await client('k-123').getTransaction('C1001', 'T1001B')).toEqual(
      await overHttp.getTransaction('C1001', 'T1001B'),
    );
  });

  it('leaves every other express app in the process working over its socket', async () => {
    await client('k-123').getBalance('C1001');
    const res = await fetch(`${overSocket.url}/healthz`);
    expect(res.status).toBe(200);
    const other = express().get('/x', (req, res) => void res.json({ host: req.get('host') }));
    const server = other.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as AddressInfo).port;
      expect(await (await fetch(`http://127.0.0.1:${port}/x`)).json()).toEqual({ host: `127.0.0.1:${port}` });
    } finally {
      server.close();
    }
  });

  it('goes through the sandbox middleware: a wrong API key is refused, an unknown customer is not_found', async () => {
    await expect(client('wrong').getBalance('C1001')).rejects.toMatchObject({ name: 'WalletError', status: 401 });
    const missing = await client('k-123')
      .getBalance('C9999')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(WalletError);
    expect((missing as WalletError).code).toBe('not_found');
  });

  it('keeps write idempotency: the same key acts once and replays its answer', async () => {
    const api = client('k-123');
    const first = await api.openDispute('C1005', 'T1005B', {
      reason: 'unrecognized',
      idempotencyKey: 'inject-dispute-1',
    });
    const again = await api.openDispute('C1005', 'T1005B', {
      reason: 'unrecognized',
      idempotencyKey: 'inject-dispute-1',
    });
    expect(again).toEqual(first);
  });
});
