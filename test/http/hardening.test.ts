import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { StoreError } from '../../bot/store/errors.ts';
import { recordingLogger } from '../support/logger.ts';
import { buildTestApp, expectThirdGetLimited } from '../webchat/helpers.ts';

const TOKEN = 'metrics-token-0123456789';

describe('GET /metrics', () => {
  it('with METRICS_TOKEN: only the bearer token opens it', async () => {
    const { app } = buildTestApp({ metricsToken: TOKEN });
    expect((await request(app).get('/metrics')).status).toBe(401);
    expect((await request(app).get('/metrics').set('Authorization', 'Bearer wrong')).status).toBe(401);
    expect((await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`)).status).toBe(401);
    const ok = await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(ok.text).toContain('# HELP');
  });

  it('without a token: direct loopback callers only, never a request a proxy forwarded', async () => {
    const { app } = buildTestApp();
    await request(app).get('/metrics').expect(200);
    const forwarded = await request(app).get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(403);
    expect(forwarded.body.error.message).toContain('METRICS_TOKEN');
  });
});

describe('rate limits beyond the in-app API', () => {
  it('/readyz and /metrics share the per-address limit', async () => {
    await expectThirdGetLimited(['/readyz', '/metrics', '/readyz']);
  });

  it('channel webhooks have their own per-address budget; the in-app API is not charged to it', async () => {
    const { app } = buildTestApp({
      limits: { webhookPerMinute: 2, ipPerMinute: 100 },
      mountChannels: (express) => {
        express.post('/hook', (_req, res) => {
          res.json({ ok: true });
        });
      },
    });
    await request(app).post('/hook').expect(200);
    await request(app).post('/hook').expect(200);
    await request(app).post('/hook').expect(429);
    for (let i = 0; i < 3; i++) await request(app).post('/api/inapp/sessions').send({}).expect(201);
  });
});

describe('TRUST_PROXY', () => {
  it('loopback (default): X-Forwarded-For from a local proxy names the client, so limits key on it', async () => {
    const { app } = buildTestApp({ limits: { ipPerMinute: 1 } });
    await request(app).get('/readyz').set('X-Forwarded-For', '198.51.100.1').expect(200);
    await request(app).get('/readyz').set('X-Forwarded-For', '198.51.100.2').expect(200);
    await request(app).get('/readyz').set('X-Forwarded-For', '198.51.100.1').expect(429);
  });

  it('false: the header is ignored, so a client cannot pick a fresh address per request', async () => {
    const { app } = buildTestApp({ limits: { ipPerMinute: 1 }, trustProxy: false });
    await request(app).get('/readyz').set('X-Forwarded-For', '198.51.100.1').expect(200);
    await request(app).get('/readyz').set('X-Forwarded-For', '198.51.100.2').expect(429);
  });
});

describe('demo parts in production', () => {
  it('the sandbox token endpoint is never mounted in production, even with a sandbox wallet', async () => {
    const { app } = buildTestApp({ sandboxInUse: true, production: true });
    await request(app).post('/api/sandbox/token').send({ customerId: 'C1001' }).expect(404);
  });
});

describe('error log lines', () => {
  it('never carry the in-app session id from the request path (the session id is its credential)', async () => {
    const store = createMemoryStore();
    const { logger, lines } = recordingLogger();
    const { app } = buildTestApp({ store, logger });
    const session = await request(app).post('/api/inapp/sessions').send({}).expect(201);
    const sessionId = String(session.body.sessionId);
    expect(sessionId.length).toBeGreaterThan(16);
    store.get = () => Promise.reject(new StoreError('store_unavailable', 'down'));
    await request(app)
      .post(`/api/inapp/sessions/${sessionId}/messages`)
      .send({ clientMessageId: 'm1', text: 'hi' })
      .expect(503);
    expect(lines.some((l) => l.msg === 'store unavailable')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(sessionId);
  });
});
