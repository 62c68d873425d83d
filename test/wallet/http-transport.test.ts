import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../bot/wallet/http-transport.ts';
import { transportInit } from './transport-init.ts';

let server: Server;
let base: string;
const seenPorts: number[] = [];

function handler(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    seenPorts.push(req.socket.remotePort ?? 0);
    if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 500);
    if (req.url === '/big') return void res.end('x'.repeat(4096));
    if (req.url === '/missing') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end('{"error":{"code":"not_found","message":"no"}}');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        key: req.headers['idempotency-key'],
        body,
      }),
    );
  });
}

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('wallet HTTP transport', () => {
  it('sends method, headers and a JSON body; returns status and body text', async () => {
    const transport = createHttpTransport();
    const res = await transport(
      new URL(`${base}/v1/x?q=1`),
      transportInit({
        method: 'POST',
        body: '{"a":"是"}',
        headers: { authorization: 'Bearer k', 'idempotency-key': 'id-1', 'content-type': 'application/json' },
      }),
    );
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toEqual({
      method: 'POST',
      url: '/v1/x?q=1',
      auth: 'Bearer k',
      key: 'id-1',
      body: '{"a":"是"}',
    });
    transport.close();
  });

  it('answers a non-2xx status as not ok, with its body', async () => {
    const transport = createHttpTransport();
    const res = await transport(new URL(`${base}/missing`), transportInit());
    expect([res.ok, res.status]).toEqual([false, 404]);
    expect(await res.text()).toContain('not_found');
    transport.close();
  });

  it('keeps connections alive: sequential requests reuse one socket', async () => {
    const transport = createHttpTransport();
    seenPorts.length = 0;
    for (let i = 0; i < 3; i++) await (await transport(new URL(`${base}/ping`), transportInit())).text();
    expect(new Set(seenPorts).size).toBe(1);
    transport.close();
  });

  it('rejects with a TimeoutError when the deadline passes, like fetch', async () => {
    const transport = createHttpTransport();
    await expect(
      transport(new URL(`${base}/slow`), transportInit({ signal: AbortSignal.timeout(50) })),
    ).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    const aborted = new AbortController();
    aborted.abort();
    await expect(transport(new URL(`${base}/ping`), transportInit({ signal: aborted.signal }))).rejects.toMatchObject({
      name: 'AbortError',
    });
    transport.close();
  });

  it('rejects with a TypeError when the wallet is unreachable, the body too large or the protocol unsupported', async () => {
    const transport = createHttpTransport({ maxBodyBytes: 1024 });
    await expect(transport(new URL('http://127.0.0.1:1/x'), transportInit())).rejects.toMatchObject({
      name: 'TypeError',
    });
    await expect(transport(new URL(`${base}/big`), transportInit())).rejects.toMatchObject({ name: 'TypeError' });
    await expect(transport(new URL('ftp://127.0.0.1/x'), transportInit())).rejects.toMatchObject({ name: 'TypeError' });
    transport.close();
  });
});
