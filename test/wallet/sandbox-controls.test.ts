import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandboxApp } from '../../bot/wallet/sandbox/app.ts';
import { startSandboxWallet } from '../../bot/wallet/sandbox/server.ts';
import { app, expectError, key, now, postWithKey, sendOtp, useFreshSandbox } from './sandbox-testbed.ts';

useFreshSandbox();

describe('sandbox controls', () => {
  it('reset re-seeds and clears the outbox, disputes and idempotency records', async () => {
    const k = key();
    await postWithKey('/v1/customers/C1002/unfreeze', {}, k);
    await sendOtp();
    expect((await request(app()).post('/sandbox/reset')).body).toEqual({ status: 'reset' });
    expect((await request(app()).get('/v1/customers/C1002')).body.status).toBe('frozen');
    expect((await request(app()).get('/sandbox/outbox')).body.items).toEqual([]);
    const again = await postWithKey('/v1/customers/C1002/unfreeze', {}, k);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.status).toBe('active');
  });

  it('faults: failNext answers 503 before acting, then recovers', async () => {
    const set = await request(app()).post('/sandbox/faults').send({ failNext: 2 });
    expect(set.body).toMatchObject({ failNext: 2, status: 503, latencyMs: 0 });
    const a = await postWithKey('/v1/customers/C1002/unfreeze', {}, 'fault-k');
    expect(a.status).toBe(503);
    expectError(a.body, 'injected_fault');
    expect((await request(app()).get('/healthz')).status).toBe(503);
    expect((await request(app()).get('/v1/customers/C1002')).body.status).toBe('frozen');
    const b = await postWithKey('/v1/customers/C1002/unfreeze', {}, 'fault-k');
    expect(b.status).toBe(200);
    expect((await request(app()).get('/sandbox/faults')).body.failNext).toBe(0);
  });

  it('faults: after_action acts, loses the answer, and a retry with the key replays it', async () => {
    await request(app()).post('/sandbox/faults').send({ failNext: 1, failMode: 'after_action', status: 502 });
    const a = await postWithKey('/v1/customers/C1002/unfreeze', {}, 'after-k');
    expect(a.status).toBe(502);
    expect((await request(app()).get('/v1/customers/C1002')).body.status).toBe('active');
    const b = await postWithKey('/v1/customers/C1002/unfreeze', {}, 'after-k');
    expect(b.status).toBe(200);
    expect(b.headers['idempotent-replayed']).toBe('true');
  });

  it('faults: latency delays contract routes', async () => {
    await request(app()).post('/sandbox/faults').send({ latencyMs: 150 });
    const t0 = performance.now();
    await request(app()).get('/v1/customers/C1001');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('faults: invalid settings are 400', async () => {
    for (const body of [{ failNext: -1 }, { status: 200 }, { bogus: 1 }, { failMode: 'sometimes' }]) {
      const r = await request(app()).post('/sandbox/faults').send(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expectError(r.body, 'invalid_request');
    }
  });

  it('faults can be given at creation', async () => {
    const faulty = createSandboxApp({ faults: { failNext: 1, status: 500 } });
    expect((await request(faulty).get('/v1/customers/C1001')).status).toBe(500);
    expect((await request(faulty).get('/v1/customers/C1001')).status).toBe(200);
  });
});

describe('API key', () => {
  it('requires the bearer key on /v1 and /sandbox but not /healthz', async () => {
    const secured = createSandboxApp({ apiKey: 'k-123' });
    expect((await request(secured).get('/healthz')).status).toBe(200);
    const no = await request(secured).get('/v1/customers/C1001');
    expect(no.status).toBe(401);
    expectError(no.body, 'unauthorized');
    expect((await request(secured).get('/v1/customers/C1001').set('Authorization', 'Bearer wrong')).status).toBe(401);
    expect((await request(secured).get('/sandbox/outbox')).status).toBe(401);
    expect((await request(secured).get('/v1/customers/C1001').set('Authorization', 'Bearer k-123')).status).toBe(200);
  });
});

describe('file persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wallet-sandbox-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes to the data file and loads it again', async () => {
    const file = join(dir, 'wallet.json');
    const first = createSandboxApp({ dataFile: file, now });
    await request(first).post('/v1/customers/C1007/unfreeze').set('Idempotency-Key', key()).send({});
    expect(JSON.parse(readFileSync(file, 'utf8')).customers.find((c: { id: string }) => c.id === 'C1007').status).toBe(
      'active',
    );
    const second = createSandboxApp({ dataFile: file, now });
    expect((await request(second).get('/v1/customers/C1007')).body.status).toBe('active');
  });

  it('a corrupt data file fails start-up with the file name', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ not json');
    await expect(startSandboxWallet({ dataFile: file })).rejects.toThrow(/broken\.json/);
  });

  it('rejects a fixed code that is not six digits', () => {
    expect(() => createSandboxApp({ fixedOtp: '12345' })).toThrow(/six digits/);
  });
});
