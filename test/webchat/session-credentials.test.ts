import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, newSession, postMessage } from './helpers.ts';
import { recordingLogger } from '../support/logger.ts';
import { createApp } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';

/** Writes a session record as the code before hashed keys did: under the raw id it is presented with (kept 1 h). */
async function storeLegacyRecord(store: Store, presentedId: string, record: Record<string, string>): Promise<void> {
  await store.set(`webchat:session:${presentedId}`, record, { ttlMs: 3600_000 });
}

async function keysOf(store: Store, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const k of store.keys(prefix)) keys.push(k);
  return keys;
}

/** Opens the event stream, waits for a pushed message, then disconnects. */
async function receivePush(app: Express, sessionId: string, push: () => Promise<void>, text: string): Promise<void> {
  const server = app.listen(0);
  try {
    const port = (server.address() as { port: number }).port;
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/inapp/sessions/${sessionId}/events`, {
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read(); // retry: line
    await push();
    let seen = '';
    while (!seen.includes(text)) seen += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe('the in-app session id is the only credential: it is never logged nor used in store keys', () => {
  it('a session’s whole life (create, messages, handoff, events, history) logs and keys by a conversation id that is not the session id', async () => {
    const { logger, lines } = recordingLogger('debug');
    const assistant = await createApp(loadConfig({ NODE_ENV: 'test', STORE_URL: 'memory:', LOG_LEVEL: 'debug' }), {
      logger,
    });
    try {
      const { app, webchatSink } = buildTestApp({
        engine: assistant.engine,
        store: assistant.store,
        nlu: assistant.nlu,
        logger,
      });
      const s = await newSession(app);
      expect(s.conversationId).toMatch(/^webchat:[A-Za-z0-9_-]{22,}$/); // ≥ 128 random bits
      expect(s.conversationId).not.toContain(s.sessionId);
      const send = (id: string, text: string) =>
        postMessage(app, s.sessionId, { clientMessageId: id, text }).expect(200);
      await send('m1', '我的密码是 Abc12345'); // sensitive data: a warning line naming the conversation
      await send('m2', '转人工'); // handoff: an info line naming the conversation
      await receivePush(
        app,
        s.sessionId,
        () => webchatSink.send(s.conversationId, [{ text: 'agent here', from: 'agent' }]),
        'agent here',
      );
      await request(app).get(`/api/inapp/sessions/${s.sessionId}/history`).expect(200);

      const logged = lines.map((l) => JSON.stringify(l)).join('\n');
      expect(logged).toContain(s.conversationId); // the routine lines are there, naming the conversation
      expect(logged).not.toContain(s.sessionId);

      const keys = await keysOf(assistant.store);
      expect(keys.some((k) => k.includes(s.conversationId))).toBe(true);
      expect(keys.filter((k) => k.includes(s.sessionId))).toEqual([]);
      // Nor do stored values carry it (a store dump gives no live session).
      for (const key of keys) expect(JSON.stringify(await assistant.store.get(key)) ?? '').not.toContain(s.sessionId);
    } finally {
      await assistant.close();
    }
  });

  it('no event the engine sees carries the session id (event id, user id, conversation id)', async () => {
    const { app, turns } = buildTestApp();
    const s = await newSession(app);
    await postMessage(app, s.sessionId, { clientMessageId: 'm1', text: 'hi' }).expect(200);
    expect(turns).toHaveLength(2);
    for (const t of turns) expect(JSON.stringify(t)).not.toContain(s.sessionId);
    expect(turns.map((t) => t.conversationId)).toEqual([s.conversationId, s.conversationId]);
  });

  it('the session record’s key (a store dump) is not a session id: presenting it finds nothing', async () => {
    const store = createMemoryStore();
    const { app } = buildTestApp({ store });
    const s = await newSession(app);
    const [key, ...more] = await keysOf(store, 'webchat:session:');
    expect(more).toEqual([]);
    expect(key).toMatch(/^webchat:session:sha256:[A-Za-z0-9_-]{43}$/);
    const digest = (key as string).slice('webchat:session:sha256:'.length);
    await request(app).get(`/api/inapp/sessions/${digest}/history`).expect(404);
    await request(app).get(`/api/inapp/sessions/${s.sessionId}/history`).expect(200);
  });

  it('a reload resumes the session: same conversation, same history', async () => {
    const { app } = buildTestApp();
    const s = await newSession(app);
    await postMessage(app, s.sessionId, { clientMessageId: 'm1', text: 'hi' }).expect(200);
    const again = await request(app).get(`/api/inapp/sessions/${s.sessionId}/history`).expect(200);
    expect(again.body.conversationId).toBe(s.conversationId);
    expect(again.body.entries.map((e: { text: string }) => e.text)).toEqual(['您好，我是 upay 助手', 'hi', 'echo: hi']);
  });

  it('a session created before the change (record under its raw id) keeps working and moves to the hashed key on first use', async () => {
    const store = createMemoryStore();
    const { app, turns } = buildTestApp({ store });
    const legacyId = 'LegacySessionId_0123456789abcdef';
    const now = Date.now();
    await storeLegacyRecord(store, legacyId, {
      sessionId: legacyId,
      conversationId: `webchat:${legacyId}`,
      customerId: 'C1001',
      createdAt: new Date(now - 60_000).toISOString(),
      expiresAt: new Date(now + 3600_000).toISOString(),
    });
    const history = await request(app).get(`/api/inapp/sessions/${legacyId}/history`).expect(200);
    expect(history.body.conversationId).toBe(`webchat:${legacyId}`); // its conversation, state and log stay where they are
    await postMessage(app, legacyId, { clientMessageId: 'm1', text: 'hi' }).expect(200);
    expect(turns.at(-1)).toMatchObject({ conversationId: `webchat:${legacyId}`, verifiedCustomerId: 'C1001' });
    // The record no longer sits under the raw id; the session still resolves.
    const sessionKeys = await keysOf(store, 'webchat:session:');
    expect(sessionKeys).toHaveLength(1);
    expect(sessionKeys[0]).toMatch(/^webchat:session:sha256:/);
    expect(JSON.stringify(await store.get(sessionKeys[0] as string))).not.toContain(`"sessionId"`);
    await request(app).get(`/api/inapp/sessions/${legacyId}/history`).expect(200);
  });

  it('an expired session before the change still answers 410', async () => {
    const store = createMemoryStore();
    const { app } = buildTestApp({ store });
    const legacyId = 'LegacyExpired_0123456789abcdefgh';
    await storeLegacyRecord(store, legacyId, {
      sessionId: legacyId,
      conversationId: `webchat:${legacyId}`,
      createdAt: new Date(Date.now() - 7200_000).toISOString(),
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await request(app).get(`/api/inapp/sessions/${legacyId}/history`).expect(410);
  });

  it('a legacy-shaped record under a key that does not match the presented id is refused', async () => {
    const store = createMemoryStore();
    const { app } = buildTestApp({ store });
    const presented = 'PresentedSessionId_0123456789abc';
    // A record whose own sessionId disagrees with its key (e.g. written by something else) grants nothing.
    await storeLegacyRecord(store, presented, {
      sessionId: 'SomeoneElse_0123456789abcdefghij',
      conversationId: 'webchat:x',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await request(app).get(`/api/inapp/sessions/${presented}/history`).expect(404);
  });
});

describe('clientIp on in-app events', () => {
  it('the engine sees the caller’s address on the start turn and on messages', async () => {
    const { app, turns } = buildTestApp();
    const s = await newSession(app);
    await postMessage(app, s.sessionId, { clientMessageId: 'm1', text: 'hi' }).expect(200);
    expect(turns).toHaveLength(2);
    for (const t of turns) expect(t.clientIp).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });
});
