import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, fakeWallet, newSession } from './helpers.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';

describe('service endpoints', () => {
  it('healthz, readyz and metrics', async () => {
    const { app } = buildTestApp();
    await request(app).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(app).get('/readyz').expect(200);
    expect(ready.body.checks).toEqual({ store: 'ok', wallet: 'ok' });
    const metrics = await request(app).get('/metrics').expect(200);
    expect(metrics.text).toContain('upay_turns_total');
  });

  it('readyz is 503 when the wallet or the store is unreachable', async () => {
    const { app } = buildTestApp({ wallet: fakeWallet(false) });
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body.checks.wallet).toBe('unavailable');
    const store = createMemoryStore();
    await store.close();
    const down = buildTestApp({ store });
    expect((await request(down.app).get('/readyz').expect(503)).body.checks.store).toBe('unavailable');
  });

  it('a store outage during a turn is a retryable 503 with Retry-After', async () => {
    const store = createMemoryStore();
    const { app } = buildTestApp({ store });
    const s = await newSession(app);
    await store.close();
    const res = await request(app)
      .post(`/api/inapp/sessions/${s.sessionId}/messages`)
      .send({ clientMessageId: 'm1', text: 'hi' })
      .expect(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.body.error.code).toBe('unavailable');
  });

  it('POST /api/nlu/parse validates and parses', async () => {
    const { app } = buildTestApp();
    const res = await request(app).post('/api/nlu/parse').send({ text: '你好' }).expect(200);
    expect(res.body.intent.name).toBe('greeting');
    await request(app).post('/api/nlu/parse').send({ text: '' }).expect(400);
    await request(app).post('/api/nlu/parse').send({}).expect(400);
  });

  it('sandbox tokens exist only while the sandbox wallet is in use', async () => {
    const demo = buildTestApp();
    const res = await request(demo.app).post('/api/sandbox/token').send({ customerId: 'C1001' }).expect(200);
    expect(typeof res.body.token).toBe('string');
    await request(demo.app).post('/api/sandbox/token').send({ customerId: 'root' }).expect(400);
    const prod = buildTestApp({ sandboxInUse: false });
    await request(prod.app).post('/api/sandbox/token').send({ customerId: 'C1001' }).expect(404);
  });

  it('serves the page with a strict CSP and no CORS', async () => {
    const { app } = buildTestApp();
    const page = await request(app).get('/').set('Origin', 'https://evil.example').expect(200);
    expect(page.text).toContain('<script type="module" src="/app.js">');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    const api = await request(app).options('/api/inapp/sessions').set('Origin', 'https://evil.example');
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('CORS opens only for configured origins', async () => {
    const { app } = buildTestApp({ corsOrigins: ['https://app.upay.example'] });
    const ok = await request(app).options('/api/inapp/sessions').set('Origin', 'https://app.upay.example').expect(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.upay.example');
    const other = await request(app).options('/api/inapp/sessions').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('unknown API paths are JSON 404s', async () => {
    const { app } = buildTestApp();
    const res = await request(app).get('/api/nope').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('OpenAPI document', () => {
  it('parses and documents every in-app route the server serves', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const doc = parse(readFileSync(new URL('../../adapters/webchat/openapi.yaml', import.meta.url), 'utf8')) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((k) => k !== 'parameters')
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(
      [
        'GET /api/inapp/config',
        'POST /api/inapp/sessions',
        'POST /api/inapp/sessions/{sessionId}/messages',
        'GET /api/inapp/sessions/{sessionId}/events',
        'GET /api/inapp/sessions/{sessionId}/history',
        'POST /api/sandbox/token',
        'POST /api/nlu/parse',
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
      ].sort(),
    );
  });
});
