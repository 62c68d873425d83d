import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { SignJWT } from 'jose';
import { buildTestApp, expectThirdGetLimited, newSession, TEST_SECRET } from './helpers.ts';
import { secretKey, signCustomerToken } from '../../adapters/webchat/token.ts';
import { createApp } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';

const key = secretKey(TEST_SECRET);

describe('in-app sessions', () => {
  it('creates an anonymous session with an unguessable id and a welcome in the history', async () => {
    const { app, turns } = buildTestApp();
    const s = await newSession(app);
    expect(s.sessionId).toMatch(/^[A-Za-z0-9_-]{32}$/); // 24 random bytes = 192 bits
    // The conversation has its own random id: it is logged and keyed, so it must not be the credential.
    expect(s.conversationId).toMatch(/^webchat:[A-Za-z0-9_-]{24}$/);
    expect(s.conversationId).not.toContain(s.sessionId);
    expect(Date.parse(s.expiresAt)).toBeGreaterThan(Date.now());
    expect(turns[0]?.input).toEqual({ kind: 'start' });
    expect(turns[0]?.verifiedCustomerId).toBeUndefined();
    const history = await request(app).get(`/api/inapp/sessions/${s.sessionId}/history`).expect(200);
    expect(history.body.entries).toMatchObject([{ id: 1, from: 'bot', text: '您好，我是 upay 助手' }]);
  });

  it('a valid customer token makes a verified session on the customer conversation', async () => {
    const { app, turns } = buildTestApp();
    const token = await signCustomerToken('C1001', key);
    const s = await newSession(app, { token, locale: 'en-US' });
    expect(turns[0]?.conversationId).toBe(s.conversationId);
    expect(turns[0]?.verifiedCustomerId).toBe('C1001');
    expect(turns[0]?.user.locale).toBe('en');
  });

  it.each([
    ['a forged signature', async () => signCustomerToken('C1001', secretKey('another-secret-another-secret-xx'))],
    [
      'an expired token',
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('C1001')
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
          .sign(key),
    ],
    [
      'a token without exp',
      async () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('C1001').sign(key),
    ],
    [
      'a token without sub',
      async () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key),
    ],
    ['garbage', async () => 'not.a.jwt'],
  ])('rejects %s with 401', async (_name, make) => {
    const { app } = buildTestApp();
    const res = await request(app)
      .post('/api/inapp/sessions')
      .send({ token: await make() })
      .expect(401);
    expect(res.body.error.code).toMatch(/^token_(invalid|expired)$/);
  });

  it('rejects unknown fields and bad locales with 400 and a reason', async () => {
    const { app } = buildTestApp();
    const res = await request(app).post('/api/inapp/sessions').send({ locale: 'fr' }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request' });
    expect(res.body.error.message).toContain('locale');
    await request(app).post('/api/inapp/sessions').send({ foo: 1 }).expect(400);
  });

  it('rejects malformed JSON and oversized bodies', async () => {
    const { app } = buildTestApp();
    const bad = await request(app)
      .post('/api/inapp/sessions')
      .set('Content-Type', 'application/json')
      .send('{"token":')
      .expect(400);
    expect(bad.body.error.code).toBe('invalid_json');
    const big = await request(app)
      .post('/api/inapp/sessions')
      .send({ token: 'x'.repeat(40_000) })
      .expect(413);
    expect(big.body.error.code).toBe('body_too_large');
  });
});

describe('in-app messages', () => {
  it('runs a turn and returns the chat --jsonl shape', async () => {
    const { app } = buildTestApp();
    const s = await newSession(app);
    const res = await request(app)
      .post(`/api/inapp/sessions/${s.sessionId}/messages`)
      .send({ clientMessageId: 'm1', text: '付款失败' })
      .expect(200);
    expect(res.body).toEqual({
      replies: [
        {
          text: 'echo: 付款失败',
          html: '<p>echo: 付款失败</p>',
          buttons: [{ label: '查看 T1001B', value: 'tx:T1001B' }],
        },
      ],
      intent: 'payment_failed',
      flow: 'payment_failed',
      handoff: 'none',
    });
    // Turn answers are never cached or revalidated: no ETag is computed for them (the page's static files keep theirs).
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await request(app).get('/app.js').expect(200)).headers.etag).toBeDefined();
  });

  it('replies carry sanitized HTML next to their text; the customer’s own words stay text only', async () => {
    const { app } = buildTestApp();
    const s = await newSession(app);
    // The echo engine repeats the customer: a reply can carry anything a customer types.
    const typed = '**粗体** <img src=x onerror=alert(1)> [x](javascript:alert(1)) & https://upay.example/help';
    const res = await request(app)
      .post(`/api/inapp/sessions/${s.sessionId}/messages`)
      .send({ clientMessageId: 'm1', text: typed })
      .expect(200);
    const [reply] = res.body.replies as { text: string; html: string }[];
    expect(reply?.text).toBe(`echo: ${typed}`);
    expect(reply?.html).toBe(
      '<p>echo: <strong>粗体</strong> &lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1)) &amp; ' +
        '<a href="https://upay.example/help" rel="noopener noreferrer" target="_blank">https://upay.example/help</a></p>',
    );
    const history = await request(app).get(`/api/inapp/sessions/${s.sessionId}/history`).expect(200);
    const entries = history.body.entries as { from: string; text: string; html?: string }[];
    expect(entries.find((e) => e.from === 'customer')).not.toHaveProperty('html');
    expect(entries.at(-1)).toMatchObject({ from: 'bot', text: reply?.text, html: reply?.html });
    expect(entries[0]).toMatchObject({ from: 'bot', html: '<p>您好，我是 upay 助手</p>' });
  });

  it('a retried clientMessageId returns the same replies and runs no second turn', async () => {
    const { app, turns } = buildTestApp();
    const s = await newSession(app);
    const first = await request(app)
      .post(`/api/inapp/sessions/${s.sessionId}/messages`)
      .send({ clientMessageId: 'same', text: 'hi' });
    const again = await request(app)
      .post(`/api/inapp/sessions/${s.sessionId}/messages`)
      .send({ clientMessageId: 'same', text: 'hi' });
    expect(again.body).toEqual(first.body);
    expect(turns.filter((t) => t.input.kind === 'text')).toHaveLength(1);
    const history = await request(app).get(`/api/inapp/sessions/${s.sessionId}/history`);
    expect(history.body.entries.filter((e: { from: string }) => e.from === 'customer')).toHaveLength(1);
  });

  it('button presses come back as actions and show as the label in the history', async () => {
    const { app, turns } = buildTestApp();
    const s = await newSession(app);
    await request(app)
      .post(`/api/inapp/sessions/${s.sessionId}/messages`)
      .send({ clientMessageId: 'm1', text: '付款失败' });
    await request(app)
      .post(`/api/inapp/sessions/${s.sessionId}/messages`)
      .send({ clientMessageId: 'm2', action: 'tx:T1001B' })
      .expect(200);
    expect(turns.at(-1)?.input).toEqual({ kind: 'action', value: 'tx:T1001B' });
    const history = await request(app).get(`/api/inapp/sessions/${s.sessionId}/history`);
    expect(history.body.entries.map((e: { text: string }) => e.text)).toContain('查看 T1001B');
  });

  it('redacts card numbers before they reach the history', async () => {
    const { app } = buildTestApp();
    const s = await newSession(app);
    await request(app)
      .post(`/api/inapp/sessions/${s.sessionId}/messages`)
      .send({ clientMessageId: 'm1', text: '我的卡号 4111 1111 1111 1111' });
    const history = await request(app).get(`/api/inapp/sessions/${s.sessionId}/history`);
    const customer = history.body.entries.find((e: { from: string }) => e.from === 'customer');
    expect(customer.text).toBe('我的卡号 [card ****1111]');
  });

  it('shows the customer’s words in the history as the engine stored them (one redaction for transcript and history)', async () => {
    const assistant = await createApp(loadConfig({ NODE_ENV: 'test', STORE_URL: 'memory:', LOG_LEVEL: 'silent' }), {
      logger: silentLogger,
    });
    try {
      const { app } = buildTestApp({ engine: assistant.engine, store: assistant.store, nlu: assistant.nlu });
      const s = await newSession(app);
      const text = '我的密码是 Abc12345，卡号 4111 1111 1111 1111，还能登录吗';
      await request(app)
        .post(`/api/inapp/sessions/${s.sessionId}/messages`)
        .send({ clientMessageId: 'm1', text })
        .expect(200);
      const history = await request(app).get(`/api/inapp/sessions/${s.sessionId}/history`);
      const shown = history.body.entries.find((e: { from: string }) => e.from === 'customer').text as string;
      const conv = await assistant.store.get<{ transcript: { from: string; text: string }[] }>(
        `conv:${s.conversationId}`,
      );
      expect(shown).toBe(conv?.transcript.findLast((l) => l.from === 'customer')?.text);
      expect(shown).not.toContain('Abc12345');
      expect(shown).not.toContain('4111 1111');
    } finally {
      await assistant.close();
    }
  });

  it.each([
    [{ text: 'hi' }, 'clientMessageId'],
    [{ clientMessageId: 'm1' }, 'exactly one of text or action'],
    [{ clientMessageId: 'm1', text: '   ' }, 'empty'],
    [{ clientMessageId: 'bad id with spaces', text: 'hi' }, 'clientMessageId'],
    [{ clientMessageId: 'm1', text: 'x'.repeat(2001) }, 'text'],
    [{ clientMessageId: 'm1', text: 'hi', action: 'x' }, 'exactly one of text or action'],
  ])('rejects %j with 400', async (body, hint) => {
    const { app } = buildTestApp();
    const s = await newSession(app);
    const res = await request(app).post(`/api/inapp/sessions/${s.sessionId}/messages`).send(body).expect(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain(hint);
  });

  it('unknown session → 404, expired session → 410', async () => {
    const { app } = buildTestApp({ sessionTtlMs: 1 });
    await request(app)
      .post('/api/inapp/sessions/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/messages')
      .send({ clientMessageId: 'm', text: 'hi' })
      .expect(404);
    await request(app).get('/api/inapp/sessions/..%2F..%2Fetc/history').expect(404);
    const s = await newSession(app);
    await new Promise((r) => setTimeout(r, 5));
    const res = await request(app)
      .post(`/api/inapp/sessions/${s.sessionId}/messages`)
      .send({ clientMessageId: 'm', text: 'hi' })
      .expect(410);
    expect(res.body.error.code).toBe('session_expired');
  });

  it('limits messages per conversation with 429 and Retry-After', async () => {
    const { app } = buildTestApp({ limits: { conversationPerMinute: 3 } });
    const s = await newSession(app);
    for (let i = 0; i < 3; i++)
      await request(app)
        .post(`/api/inapp/sessions/${s.sessionId}/messages`)
        .send({ clientMessageId: `m${i}`, text: 'hi' })
        .expect(200);
    const res = await request(app)
      .post(`/api/inapp/sessions/${s.sessionId}/messages`)
      .send({ clientMessageId: 'm9', text: 'hi' })
      .expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.body.error.code).toBe('rate_limited');
  });

  it('limits requests per IP', async () => {
    await expectThirdGetLimited(['/api/inapp/config', '/api/inapp/config', '/api/inapp/config']);
  });
});

describe('event stream', () => {
  it('delivers pushed messages and resumes after Last-Event-ID without loss or repeats', async () => {
    const { app, webchatSink } = buildTestApp();
    const s = await newSession(app);
    await webchatSink.send(s.conversationId, [{ text: '客服小王已接入', from: 'bot' }]);
    await webchatSink.send(s.conversationId, [{ text: '您好，我来帮您查一下', from: 'agent' }]);
    const server = app.listen(0);
    try {
      const port = (server.address() as { port: number }).port;
      const read = async (lastEventId: string, want: number) => {
        const controller = new AbortController();
        const res = await fetch(`http://127.0.0.1:${port}/api/inapp/sessions/${s.sessionId}/events`, {
          headers: { 'Last-Event-ID': lastEventId },
          signal: controller.signal,
        });
        expect(res.headers.get('content-type')).toContain('text/event-stream');
        const reader = res.body!.getReader();
        let text = '';
        while ((text.match(/^data: /gm) ?? []).length < want)
          text += new TextDecoder().decode((await reader.read()).value);
        controller.abort();
        return [...text.matchAll(/^id: (\d+)\nevent: message\ndata: (.*)$/gm)].map((m) => ({
          id: Number(m[1]),
          ...JSON.parse(m[2]!),
        }));
      };
      const all = await read('1', 2);
      expect(all.map((e) => [e.id, e.from, e.text])).toEqual([
        [2, 'bot', '客服小王已接入'],
        [3, 'agent', '您好，我来帮您查一下'],
      ]);
      // An agent's message is untrusted Markdown: formatted, and its markup escaped.
      await webchatSink.send(s.conversationId, [
        { text: '退款已加急：\n- **到账**：1 天\n<script>alert(1)</script>', from: 'agent' },
      ]);
      const resumed = await read('3', 1);
      expect(resumed.map((e) => e.text)).toEqual(['退款已加急：\n- **到账**：1 天\n<script>alert(1)</script>']);
      expect(resumed[0]?.html).toBe(
        '<p>退款已加急：</p>\n<ul>\n<li><strong>到账</strong>：1 天<br />\n&lt;script&gt;alert(1)&lt;/script&gt;</li>\n</ul>',
      );
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a live subscriber receives a message pushed after it connected', async () => {
    const { app, webchatSink } = buildTestApp();
    const s = await newSession(app);
    const server = app.listen(0);
    try {
      const port = (server.address() as { port: number }).port;
      const controller = new AbortController();
      const res = await fetch(`http://127.0.0.1:${port}/api/inapp/sessions/${s.sessionId}/events`, {
        signal: controller.signal,
      });
      const reader = res.body!.getReader();
      await reader.read(); // retry: line
      await webchatSink.send(s.conversationId, [{ text: 'agent here', from: 'agent' }]);
      let text = '';
      while (!text.includes('agent here')) text += new TextDecoder().decode((await reader.read()).value);
      controller.abort();
      expect(text).toMatch(/id: 2\nevent: message/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
