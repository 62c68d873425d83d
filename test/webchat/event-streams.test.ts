import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import express from 'express';
import type request from 'supertest';
import { buildTestApp, createEchoEngine, newSession, TEST_SECRET } from './helpers.ts';
import { createWebchatRoutes } from '../../adapters/webchat/routes.ts';
import { createSessionRegistry } from '../../adapters/webchat/sessions.ts';
import { createConversationLog } from '../../adapters/webchat/conversation-log.ts';
import { secretKey } from '../../adapters/webchat/token.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { createRateLimiter } from '../../bot/http/rate-limit.ts';
import { silentLogger } from '../../bot/logger.ts';

type App = Parameters<typeof request>[0] & { listen(port: number): Server };

const servers: Server[] = [];
const aborts: AbortController[] = [];

afterEach(() => {
  for (const c of aborts.splice(0)) c.abort();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

function listen(app: App): string {
  const server = app.listen(0);
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

interface Stream {
  status: number;
  readonly text: string;
  readonly ended: boolean;
  /** Resolves when the server ends the stream, or after `ms` (whichever first). */
  endsWithin(ms: number): Promise<boolean>;
  waitFor(part: string, ms?: number): Promise<void>;
}

async function openStream(base: string, sessionId: string): Promise<Stream> {
  const controller = new AbortController();
  aborts.push(controller);
  const res = await fetch(`${base}/api/inapp/sessions/${sessionId}/events`, { signal: controller.signal });
  let text = '';
  let ended = false;
  const decoder = new TextDecoder();
  const done = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        text += decoder.decode(value);
      }
    } catch {
      return; // aborted by the test
    }
    ended = true;
  })();
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
  return {
    status: res.status,
    get text() {
      return text;
    },
    get ended() {
      return ended;
    },
    async endsWithin(ms) {
      await Promise.race([done, sleep(ms)]);
      return ended;
    },
    async waitFor(part, ms = 3000) {
      const until = Date.now() + ms;
      while (!text.includes(part) && Date.now() < until) await sleep(10);
      if (!text.includes(part))
        throw new Error(`stream did not receive ${JSON.stringify(part)}; got ${JSON.stringify(text)}`);
    },
  };
}

describe('open event streams per session', () => {
  it('a 4th stream on a session closes the oldest (told it was superseded); the others and other sessions stay open', async () => {
    const { app, webchatSink } = buildTestApp();
    const base = listen(app as App);
    const s = await newSession(app as App);
    const other = await newSession(app as App);
    const others = [
      await openStream(base, other.sessionId),
      await openStream(base, other.sessionId),
      await openStream(base, other.sessionId),
    ];
    const streams = [
      await openStream(base, s.sessionId),
      await openStream(base, s.sessionId),
      await openStream(base, s.sessionId),
    ];
    for (const st of [...others, ...streams]) await st.waitFor('retry:');
    expect(await streams[0]?.endsWithin(100)).toBe(false);

    const fourth = await openStream(base, s.sessionId);
    expect(fourth.status).toBe(200);
    expect(await streams[0]?.endsWithin(2000)).toBe(true);
    expect(streams[0]?.text).toContain('event: superseded');
    for (const st of [streams[1], streams[2], fourth, ...others]) expect(st?.ended).toBe(false);

    // The survivors still get pushed messages.
    await webchatSink.send(s.conversationId, [{ text: 'agent here', from: 'agent' }]);
    for (const st of [streams[1], streams[2], fourth]) await st?.waitFor('agent here');
    expect(streams[0]?.text).not.toContain('agent here');
  });

  it('a stream that ends on its own frees its place', async () => {
    const { app } = buildTestApp();
    const base = listen(app as App);
    const s = await newSession(app as App);
    const first = await openStream(base, s.sessionId);
    await first.waitFor('retry:');
    aborts.at(-1)?.abort(); // the client goes away (tab closed)
    await new Promise((r) => setTimeout(r, 100));
    const rest = [
      await openStream(base, s.sessionId),
      await openStream(base, s.sessionId),
      await openStream(base, s.sessionId),
    ];
    for (const st of rest) await st.waitFor('retry:');
    for (const st of rest) expect(await st.endsWithin(50)).toBe(false);
  });

  it('honours maxStreamsPerSession', async () => {
    const store = createMemoryStore();
    const app = express();
    app.use(express.json());
    app.use(
      createWebchatRoutes({
        engine: createEchoEngine().engine,
        store,
        sessions: createSessionRegistry(store, { sessionTtlMs: 3600_000 }),
        log: createConversationLog(store, { maxEntries: 50, ttlMs: 3600_000 }),
        tokenKey: secretKey(TEST_SECRET),
        logger: silentLogger,
        conversationLimiter: createRateLimiter({ limit: 60, windowMs: 60_000 }),
        sandboxTokens: false,
        maxStreamsPerSession: 1,
      }),
    );
    const base = listen(app as unknown as App);
    const s = await newSession(app as unknown as App);
    const first = await openStream(base, s.sessionId);
    await first.waitFor('retry:');
    const second = await openStream(base, s.sessionId);
    await second.waitFor('retry:');
    expect(await first.endsWithin(2000)).toBe(true);
    expect(second.ended).toBe(false);
  });

  it('a stream closes when its session expires; reconnecting then gets 410', async () => {
    const { app } = buildTestApp({ sessionTtlMs: 400 });
    const base = listen(app as App);
    const s = await newSession(app as App);
    const stream = await openStream(base, s.sessionId);
    await stream.waitFor('retry:');
    expect(await stream.endsWithin(3000)).toBe(true);
    expect(stream.text).toContain('event: expired');
    expect((await fetch(`${base}/api/inapp/sessions/${s.sessionId}/events`)).status).toBe(410);
  });
});

describe('event streams when the store cannot unsubscribe', () => {
  it('a stream that ends while the store is going away leaves no unhandled rejection', async () => {
    const store = createMemoryStore();
    const subscribe = store.subscribe.bind(store);
    let failed = 0;
    store.subscribe = async (channel, handler) => {
      await subscribe(channel, handler);
      return () => {
        failed += 1;
        return Promise.reject(new Error('Connection terminated'));
      };
    };
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const { app } = buildTestApp({ store });
      const base = listen(app as App);
      const s = await newSession(app as App);
      const stream = await openStream(base, s.sessionId);
      await stream.waitFor('retry:');
      for (const c of aborts.splice(0)) c.abort();
      const until = Date.now() + 2000;
      while (failed === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 50));
      expect(failed).toBe(1);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
