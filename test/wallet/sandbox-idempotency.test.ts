import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { app, expectError, key, postWithKey, sendOtp, useFreshSandbox } from './sandbox-testbed.ts';

useFreshSandbox();

describe('idempotency', () => {
  const writes: Array<[string, object]> = [
    ['/v1/customers/C1001/otp', { channel: 'sms' }],
    ['/v1/customers/C1001/password-reset-link', {}],
    ['/v1/customers/C1002/unfreeze', {}],
    ['/v1/customers/C1001/lock', { reason: 'suspected_fraud' }],
    ['/v1/customers/C1005/transactions/T1005B/disputes', { reason: 'unrecognized' }],
  ];

  it.each(writes)('POST %s without Idempotency-Key is 400 and acts not', async (path, body) => {
    const res = await request(app()).post(path).send(body);
    expect(res.status).toBe(400);
    expectError(res.body, 'idempotency_key_required');
    const outbox = await request(app()).get('/sandbox/outbox');
    expect(outbox.body.items).toEqual([]);
    expect((await request(app()).get('/v1/customers/C1001')).body.status).toBe('active');
  });

  it('resend without a key is 400', async () => {
    const ch = await sendOtp();
    const res = await request(app()).post(`/v1/otp/${ch.challengeId}/resend`);
    expect(res.status).toBe(400);
    expectError(res.body, 'idempotency_key_required');
  });

  it('rejects an over-long key or one with spaces', async () => {
    for (const k of ['x'.repeat(256), 'has space']) {
      const res = await postWithKey('/v1/customers/C1001/otp', { channel: 'sms' }, k);
      expect(res.status).toBe(400);
      expectError(res.body, 'invalid_request');
    }
    expect((await request(app()).get('/sandbox/outbox')).body.items).toEqual([]);
  });

  it('the same key replays the first response and sends one code', async () => {
    const k = key();
    const a = await postWithKey('/v1/customers/C1001/otp', { channel: 'sms' }, k);
    const b = await postWithKey('/v1/customers/C1001/otp', { channel: 'sms' }, k);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(a.headers['idempotent-replayed']).toBeUndefined();
    expect((await request(app()).get('/sandbox/outbox?kind=otp')).body.items).toHaveLength(1);
  });

  it('concurrent requests with one key act once', async () => {
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => postWithKey('/v1/customers/C1001/password-reset-link', {}, k)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await request(app()).get('/sandbox/outbox')).body.items).toHaveLength(1);
  });

  it('a replayed 4xx stays the same 4xx', async () => {
    const k = key();
    const a = await postWithKey('/v1/customers/C1003/unfreeze', {}, k);
    const b = await postWithKey('/v1/customers/C1003/unfreeze', {}, k);
    expect(a.status).toBe(409);
    expect(b.status).toBe(409);
    expect(b.body).toEqual(a.body);
    expect(b.headers['idempotent-replayed']).toBe('true');
  });

  it('the same key on a different request is 422', async () => {
    const k = key();
    await postWithKey('/v1/customers/C1001/otp', { channel: 'sms' }, k);
    const res = await postWithKey('/v1/customers/C1001/otp', { channel: 'email' }, k);
    expect(res.status).toBe(422);
    expectError(res.body, 'idempotency_key_reused');
  });
});
