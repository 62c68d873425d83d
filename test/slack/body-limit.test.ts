/**
 * /slack/events checks the signature headers before it reads a body, reads at most a small cap
 * (Slack's payloads are small) and verifies the HMAC before any JSON or form parsing.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackSignature } from '../../adapters/slack/verify.ts';
import { createDeskHarness, type DeskHarness } from '../handoff/harness.ts';
import { openClaimedCase, SIGNING_SECRET, signedPost, threadReply } from './helpers.ts';

let h: DeskHarness;
let server: Server;
let port = 0;

beforeEach(async () => {
  h = await createDeskHarness({ agents: ['UAGENT01'] });
  server = h.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
});

/**
 * Sends the headers and only the first `sentBytes` of a body announced as `declaredBytes`, and
 * resolves with the status as soon as the server answers (or 'no answer' after `waitMs`).
 */
function partialPost(
  headers: Record<string, string>,
  declaredBytes: number,
  sentBytes: number,
  waitMs = 1500,
): Promise<number | 'no answer'> {
  return new Promise((resolve) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/slack/events',
      headers: { 'content-type': 'application/json', 'content-length': String(declaredBytes), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, waitMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(sentBytes, 0x61));
  });
}

function nowS(): string {
  return String(Math.floor(Date.now() / 1000));
}

describe('Slack request body limits', () => {
  it('answers an unsigned request announcing a large body with 401 before reading it', async () => {
    const status = await partialPost({}, 900_000, 1024);
    expect(status).toBe(401);
  });

  it('answers a stale request announcing a large body with 401 before reading it', async () => {
    const old = String(Math.floor(Date.now() / 1000) - 600);
    const status = await partialPost(
      { 'x-slack-request-timestamp': old, 'x-slack-signature': `v0=${'0'.repeat(64)}` },
      900_000,
      1024,
    );
    expect(status).toBe(401);
  });

  it('answers 413 to a large announced body before reading it, whatever the signature says', async () => {
    const status = await partialPost(
      { 'x-slack-request-timestamp': nowS(), 'x-slack-signature': `v0=${'0'.repeat(64)}` },
      900_000,
      1024,
    );
    expect(status).toBe(413);
  });

  it('a correctly signed body over the cap is refused with 413 and not acted on', async () => {
    const { ts } = await openClaimedCase(h, 'UAGENT01');
    const body = threadReply({ threadTs: ts, user: 'UAGENT01', text: `big ${'x'.repeat(200 * 1024)}` });
    const res = await signedPost(h.app, JSON.stringify(body), 'application/json');
    await h.handoff.idle();
    expect(res.status).toBe(413);
    expect(h.engine.calls).toEqual([]);
  });

  it('a chunked body (no Content-Length) is cut at the cap with 413', async () => {
    const raw = Buffer.alloc(300 * 1024, 0x61);
    const ts = nowS();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/slack/events',
        headers: {
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
          'x-slack-request-timestamp': ts,
          'x-slack-signature': slackSignature(SIGNING_SECRET, ts, raw),
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (err) => reject(err));
      for (let i = 0; i < raw.length; i += 16 * 1024) req.write(raw.subarray(i, i + 16 * 1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('a body that is not JSON but has a bad signature is refused as unsigned (401), not parsed (400)', async () => {
    const res = await signedPost(h.app, '{not json', 'application/json', { signature: `v0=${'1'.repeat(64)}` });
    expect(res.status).toBe(401);
  });
});
