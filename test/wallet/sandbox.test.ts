import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxApp } from '../../bot/wallet/sandbox/app.ts';
import { addBusinessDays } from '../../bot/wallet/sandbox/format.ts';
import { startSandboxWallet } from '../../bot/wallet/sandbox/server.ts';
import {
  BalanceSchema,
  CustomerRefSchema,
  CustomerSchema,
  DisputeSchema,
  ErrorBodySchema,
  OtpChallengeSchema,
  OtpCheckSchema,
  TransactionPageSchema,
  TransactionSchema,
} from '../../bot/wallet/schemas.ts';

const START = new Date('2026-11-25T10:00:00.000Z'); // a Wednesday
let clockMs = START.getTime();
const now = (): Date => new Date(clockMs);
let app: Express;
let keySeq = 0;
const key = (): string => `test-key-${++keySeq}`;

beforeEach(() => {
  clockMs = START.getTime();
  app = createSandboxApp({ fixedOtp: '246810', now });
});

function expectError(body: unknown, code: string): void {
  const parsed = ErrorBodySchema.parse(body);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message.length).toBeGreaterThan(0);
}

async function sendOtp(customerId = 'C1001', channel: 'sms' | 'email' = 'sms') {
  const res = await request(app).post(`/v1/customers/${customerId}/otp`).set('Idempotency-Key', key()).send({ channel });
  expect(res.status).toBe(201);
  return OtpChallengeSchema.parse(res.body);
}

describe('health and routing', () => {
  it('GET /healthz answers ok', async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('unknown routes are 404 with the error shape', async () => {
    const res = await request(app).get('/v1/nothing');
    expect(res.status).toBe(404);
    expectError(res.body, 'not_found');
  });

  it('malformed JSON is 400 invalid_request', async () => {
    const res = await request(app)
      .post('/v1/customers/lookup')
      .set('Content-Type', 'application/json')
      .send('{"phone":');
    expect(res.status).toBe(400);
    expectError(res.body, 'invalid_request');
  });
});

describe('POST /v1/customers/lookup', () => {
  it.each([
    [{ phone: '13800001001' }, 'C1001'],
    [{ phone: '+86 138-0000-1001' }, 'C1001'],
    [{ phone: '008613800001001' }, 'C1001'],
    [{ phone: '8613800001001' }, 'C1001'],
    [{ phone: '+447700900002' }, 'C1002'],
    [{ email: 'Emma.Brown@Example.com ' }, 'C1002'],
    [{ phone: '+14155550105' }, 'C1005'],
    [{ phone: '13800001006' }, 'C1006'],
    [{ email: 'sofia.garcia@example.com' }, 'C1007'],
  ])('finds %j', async (body, id) => {
    const res = await request(app).post('/v1/customers/lookup').send(body);
    expect(res.status).toBe(200);
    expect(CustomerRefSchema.parse(res.body).customerId).toBe(id);
  });

  it('returns masked contact details only', async () => {
    const res = await request(app).post('/v1/customers/lookup').send({ phone: '13800001001' });
    expect(res.body).toEqual({ customerId: 'C1001', maskedPhone: '138****1001', maskedEmail: 'l***i@example.com' });
  });

  it('404 when nobody matches', async () => {
    const res = await request(app).post('/v1/customers/lookup').send({ phone: '13900009999' });
    expect(res.status).toBe(404);
    expectError(res.body, 'not_found');
  });

  it.each([[{}], [{ phone: 'abc' }], [{ email: 'not-an-email' }], [{ phone: '138', extra: 1 }]])(
    '400 for %j',
    async (body) => {
      const res = await request(app).post('/v1/customers/lookup').send(body);
      expect(res.status).toBe(400);
      expectError(res.body, 'invalid_request');
    },
  );
});

describe('GET /v1/customers/{id}', () => {
  it.each([
    ['C1001', 'active', undefined, false],
    ['C1002', 'frozen', 'too_many_password_attempts', true],
    ['C1003', 'frozen', 'risk_review', false],
    ['C1004', 'frozen', 'kyc_expired', false],
    ['C1005', 'active', undefined, false],
    ['C1006', 'frozen', 'legal_hold', false],
    ['C1007', 'frozen', 'customer_requested', true],
  ])('%s is %s (%s), self-service %s', async (id, status, reason, selfService) => {
    const res = await request(app).get(`/v1/customers/${id}`);
    expect(res.status).toBe(200);
    const c = CustomerSchema.parse(res.body);
    expect(c.status).toBe(status);
    expect(c.freezeReason).toBe(reason);
    expect(c.selfServiceUnfreeze).toBe(selfService);
  });

  it('seed facts other tests rely on', async () => {
    const li = CustomerSchema.parse((await request(app).get('/v1/customers/C1001')).body);
    expect(li).toMatchObject({ name: '李伟', currency: 'CNY', preferredLanguage: 'zh' });
    const emma = CustomerSchema.parse((await request(app).get('/v1/customers/C1002')).body);
    expect(emma).toMatchObject({ name: 'Emma Brown', currency: 'GBP', preferredLanguage: 'en' });
  });

  it('404 for an unknown customer', async () => {
    const res = await request(app).get('/v1/customers/C9999');
    expect(res.status).toBe(404);
    expectError(res.body, 'not_found');
  });
});

describe('balance and transactions', () => {
  it('GET balance', async () => {
    const res = await request(app).get('/v1/customers/C1001/balance');
    expect(res.headers.etag).toBeUndefined(); // answers are per request: nothing to revalidate
    expect(BalanceSchema.parse(res.body)).toEqual({ amount: '1280.50', currency: 'CNY', asOf: START.toISOString() });
    const john = BalanceSchema.parse((await request(app).get('/v1/customers/C1005/balance')).body);
    expect(john).toMatchObject({ amount: '42.10', currency: 'USD' });
    expect((await request(app).get('/v1/customers/C9999/balance')).status).toBe(404);
  });

  it('pages newest first with limit 5 and a cursor', async () => {
    const first = TransactionPageSchema.parse((await request(app).get('/v1/customers/C1001/transactions?limit=5')).body);
    expect(first.items.map((t) => t.id)).toEqual(['T1001C', 'T1001B', 'T1001A', 'T1001D', 'T1001E']);
    expect(first.nextCursor).toBeDefined();
    const second = TransactionPageSchema.parse(
      (await request(app).get(`/v1/customers/C1001/transactions?limit=5&cursor=${first.nextCursor}`)).body,
    );
    expect(second.items.map((t) => t.id)).toEqual(['T1001F', 'T1001G', 'T1001H', 'T1001I']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('filters by status', async () => {
    const page = TransactionPageSchema.parse((await request(app).get('/v1/customers/C1001/transactions?status=failed')).body);
    expect(page.items.map((t) => t.id)).toEqual(['T1001B']);
  });

  it.each([['limit=0'], ['limit=51'], ['limit=x'], ['status=weird'], ['cursor=bm9wZQ']])('400 for ?%s', async (q) => {
    const res = await request(app).get(`/v1/customers/C1001/transactions?${q}`);
    expect(res.status).toBe(400);
    expect(['invalid_request', 'invalid_cursor']).toContain(ErrorBodySchema.parse(res.body).error.code);
  });

  it('T1001B failed but debited, refund pending in 3 business days', async () => {
    const t = TransactionSchema.parse((await request(app).get('/v1/customers/C1001/transactions/T1001B')).body);
    expect(t).toMatchObject({ status: 'failed', debited: true, amount: '299.00', counterparty: '京东商城' });
    expect(t.refund).toEqual({ status: 'pending', businessDays: 3, amount: '299.00', expectedBy: '2026-11-30' });
    expect(addBusinessDays(START, 3)).toBe('2026-11-30');
  });

  it('C1005 transactions', async () => {
    const a = TransactionSchema.parse((await request(app).get('/v1/customers/C1005/transactions/T1005A')).body);
    expect(a).toMatchObject({ status: 'failed', debited: false, failureReason: 'insufficient_balance' });
    const b = TransactionSchema.parse((await request(app).get('/v1/customers/C1005/transactions/T1005B')).body);
    expect(b).toMatchObject({ status: 'success', amount: '89.99', currency: 'USD', counterparty: 'ONLINE-STORE-8812' });
  });

  it("404 for another customer's transaction", async () => {
    const res = await request(app).get('/v1/customers/C1005/transactions/T1001B');
    expect(res.status).toBe(404);
    expectError(res.body, 'not_found');
  });
});

describe('idempotency', () => {
  const writes: Array<[string, object]> = [
    ['/v1/customers/C1001/otp', { channel: 'sms' }],
    ['/v1/customers/C1001/password-reset-link', {}],
    ['/v1/customers/C1002/unfreeze', {}],
    ['/v1/customers/C1001/lock', { reason: 'suspected_fraud' }],
    ['/v1/customers/C1005/transactions/T1005B/disputes', { reason: 'unrecognized' }],
  ];

  it.each(writes)('POST %s without Idempotency-Key is 400 and acts not', async (path, body) => {
    const res = await request(app).post(path).send(body);
    expect(res.status).toBe(400);
    expectError(res.body, 'idempotency_key_required');
    const outbox = await request(app).get('/sandbox/outbox');
    expect(outbox.body.items).toEqual([]);
    expect((await request(app).get('/v1/customers/C1001')).body.status).toBe('active');
  });

  it('resend without a key is 400', async () => {
    const ch = await sendOtp();
    const res = await request(app).post(`/v1/otp/${ch.challengeId}/resend`);
    expect(res.status).toBe(400);
    expectError(res.body, 'idempotency_key_required');
  });

  it('rejects an over-long key or one with spaces', async () => {
    for (const k of ['x'.repeat(256), 'has space']) {
      const res = await request(app).post('/v1/customers/C1001/otp').set('Idempotency-Key', k).send({ channel: 'sms' });
      expect(res.status).toBe(400);
      expectError(res.body, 'invalid_request');
    }
    expect((await request(app).get('/sandbox/outbox')).body.items).toEqual([]);
  });

  it('the same key replays the first response and sends one code', async () => {
    const k = key();
    const a = await request(app).post('/v1/customers/C1001/otp').set('Idempotency-Key', k).send({ channel: 'sms' });
    const b = await request(app).post('/v1/customers/C1001/otp').set('Idempotency-Key', k).send({ channel: 'sms' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(a.headers['idempotent-replayed']).toBeUndefined();
    expect((await request(app).get('/sandbox/outbox?kind=otp')).body.items).toHaveLength(1);
  });

  it('concurrent requests with one key act once', async () => {
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(app).post('/v1/customers/C1001/password-reset-link').set('Idempotency-Key', k).send({}),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await request(app).get('/sandbox/outbox')).body.items).toHaveLength(1);
  });

  it('a replayed 4xx stays the same 4xx', async () => {
    const k = key();
    const a = await request(app).post('/v1/customers/C1003/unfreeze').set('Idempotency-Key', k).send({});
    const b = await request(app).post('/v1/customers/C1003/unfreeze').set('Idempotency-Key', k).send({});
    expect(a.status).toBe(409);
    expect(b.status).toBe(409);
    expect(b.body).toEqual(a.body);
    expect(b.headers['idempotent-replayed']).toBe('true');
  });

  it('the same key on a different request is 422', async () => {
    const k = key();
    await request(app).post('/v1/customers/C1001/otp').set('Idempotency-Key', k).send({ channel: 'sms' });
    const res = await request(app).post('/v1/customers/C1001/otp').set('Idempotency-Key', k).send({ channel: 'email' });
    expect(res.status).toBe(422);
    expectError(res.body, 'idempotency_key_reused');
  });
});

describe('one-time codes', () => {
  it('sends a masked challenge and records the real destination in the outbox', async () => {
    const ch = await sendOtp('C1001', 'sms');
    expect(ch).toMatchObject({ channel: 'sms', sentTo: '138****1001', resendsLeft: 3 });
    expect(ch.expiresAt).toBe(new Date(START.getTime() + 5 * 60_000).toISOString());
    const outbox = (await request(app).get('/sandbox/outbox?customerId=C1001')).body.items;
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: 'otp', to: '+8613800001001', channel: 'sms', code: '246810', at: START.toISOString() });
    expect(outbox[0].text).toContain('246810');
    expect(outbox[0].text).toContain('验证码');
  });

  it('email channel goes to the email address, in English for English customers', async () => {
    const ch = await sendOtp('C1005', 'email');
    expect(ch.sentTo).toBe('j***e@example.com');
    const [m] = (await request(app).get('/sandbox/outbox?to=john.lee@example.com')).body.items;
    expect(m).toMatchObject({ to: 'john.lee@example.com', channel: 'email' });
    expect(m.text).toMatch(/verification code is 246810/);
  });

  it('outbox filters by any accepted phone form', async () => {
    await sendOtp('C1001');
    await sendOtp('C1005');
    const res = await request(app).get('/sandbox/outbox').query({ to: '138 0000 1001' });
    expect(res.body.items).toHaveLength(1);
  });

  it('random codes are six digits when no fixed code is set', async () => {
    const randomApp = createSandboxApp();
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await request(randomApp).post('/v1/customers/C1001/otp').set('Idempotency-Key', key()).send({ channel: 'sms' });
    }
    for (const m of (await request(randomApp).get('/sandbox/outbox')).body.items) {
      expect(m.code).toMatch(/^\d{6}$/);
      codes.add(m.code);
    }
    expect(codes.size).toBeGreaterThan(1);
  });

  it('right code → ok with the customer id; checking it again stays ok', async () => {
    const ch = await sendOtp();
    const r1 = await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' });
    expect(OtpCheckSchema.parse(r1.body)).toEqual({ ok: true, customerId: 'C1001' });
    const r2 = await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' });
    expect(r2.body).toEqual({ ok: true, customerId: 'C1001' });
  });

  it('five wrong codes lock the challenge, even for the right code', async () => {
    const ch = await sendOtp();
    const left: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '000000' });
      expect(r.body.reason).toBe('wrong_code');
      left.push(r.body.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    const fifth = await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '000000' });
    expect(fifth.body).toEqual({ ok: false, reason: 'too_many_attempts', attemptsLeft: 0 });
    const right = await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' });
    expect(right.body).toEqual({ ok: false, reason: 'too_many_attempts', attemptsLeft: 0 });
    const resend = await request(app).post(`/v1/otp/${ch.challengeId}/resend`).set('Idempotency-Key', key());
    expect(resend.status).toBe(409);
    expectError(resend.body, 'challenge_locked');
  });

  it('expires after 5 minutes without using an attempt', async () => {
    const ch = await sendOtp();
    clockMs += 5 * 60_000 - 1;
    expect((await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '000000' })).body.attemptsLeft).toBe(4);
    clockMs += 1;
    const r = await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' });
    expect(r.body).toEqual({ ok: false, reason: 'expired', attemptsLeft: 4 });
  });

  it('resend sends a new code, restarts the expiry and the attempts, and stops after 3', async () => {
    const ch = await sendOtp();
    for (let i = 0; i < 3; i++) await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '000000' });
    clockMs += 4 * 60_000;
    for (let i = 1; i <= 3; i++) {
      const r = await request(app).post(`/v1/otp/${ch.challengeId}/resend`).set('Idempotency-Key', key());
      expect(r.status).toBe(200);
      const view = OtpChallengeSchema.parse(r.body);
      expect(view.resendsLeft).toBe(3 - i);
      expect(view.expiresAt).toBe(new Date(clockMs + 5 * 60_000).toISOString());
    }
    const fourth = await request(app).post(`/v1/otp/${ch.challengeId}/resend`).set('Idempotency-Key', key());
    expect(fourth.status).toBe(429);
    expectError(fourth.body, 'resend_limit');
    expect((await request(app).get('/sandbox/outbox?kind=otp')).body.items).toHaveLength(4);
    clockMs += 4 * 60_000; // past the first expiry, within the last resend's
    const wrong = await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '000000' });
    expect(wrong.body).toEqual({ ok: false, reason: 'wrong_code', attemptsLeft: 4 });
    expect((await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' })).body.ok).toBe(true);
  });

  it('resend of a verified challenge is 409 already_verified', async () => {
    const ch = await sendOtp();
    await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' });
    const r = await request(app).post(`/v1/otp/${ch.challengeId}/resend`).set('Idempotency-Key', key());
    expect(r.status).toBe(409);
    expectError(r.body, 'already_verified');
  });

  it('unknown challenge is 404; bad bodies are 400', async () => {
    expect((await request(app).post('/v1/otp/otp_nope/check').send({ code: '1' })).status).toBe(404);
    expect((await request(app).post('/v1/otp/otp_nope/resend').set('Idempotency-Key', key())).status).toBe(404);
    const ch = await sendOtp();
    expect((await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({})).status).toBe(400);
    expect((await request(app).post(`/v1/otp/${ch.challengeId}/check`).send({ code: 123456 })).status).toBe(400);
    const badChannel = await request(app).post('/v1/customers/C1001/otp').set('Idempotency-Key', key()).send({ channel: 'fax' });
    expect(badChannel.status).toBe(400);
    expect((await request(app).post('/v1/customers/C9999/otp').set('Idempotency-Key', key()).send({ channel: 'sms' })).status).toBe(404);
  });

  it('limits new challenges per customer per hour', async () => {
    const limited = createSandboxApp({ now, otpSendsPerHour: 2 });
    const send = () => request(limited).post('/v1/customers/C1001/otp').set('Idempotency-Key', key()).send({ channel: 'sms' });
    expect((await send()).status).toBe(201);
    expect((await send()).status).toBe(201);
    const third = await send();
    expect(third.status).toBe(429);
    expectError(third.body, 'rate_limited');
    clockMs += 3_600_001;
    expect((await send()).status).toBe(201);
  });
});

describe('account actions', () => {
  it('password reset link is "sent" and recorded', async () => {
    const r = await request(app).post('/v1/customers/C1002/password-reset-link').set('Idempotency-Key', key()).send({});
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ sentTo: '+44******0002', channel: 'sms' });
    const e = await request(app).post('/v1/customers/C1001/password-reset-link').set('Idempotency-Key', key()).send({ channel: 'email' });
    expect(e.body).toEqual({ sentTo: 'l***i@example.com', channel: 'email' });
    const items = (await request(app).get('/sandbox/outbox?kind=password_reset_link')).body.items;
    expect(items.map((m: { to: string }) => m.to)).toEqual(['+447700900002', 'li.wei@example.com']);
    expect(items[0].link).toMatch(/^https:\/\//);
    expect(items[0].text).toContain(items[0].link);
  });

  it('password reset link refused for a locked account', async () => {
    await request(app).post('/v1/customers/C1001/lock').set('Idempotency-Key', key()).send({ reason: 'suspected_fraud' });
    const r = await request(app).post('/v1/customers/C1001/password-reset-link').set('Idempotency-Key', key()).send({});
    expect(r.status).toBe(409);
    expectError(r.body, 'account_locked');
  });

  it.each([['C1002'], ['C1007']])('unfreeze works for self-service %s', async (id) => {
    const r = await request(app).post(`/v1/customers/${id}/unfreeze`).set('Idempotency-Key', key()).send({});
    expect(r.status).toBe(200);
    const c = CustomerSchema.parse(r.body);
    expect(c).toMatchObject({ status: 'active', selfServiceUnfreeze: false });
    expect(c.freezeReason).toBeUndefined();
    expect((await request(app).get(`/v1/customers/${id}`)).body.status).toBe('active');
  });

  it.each([['C1003'], ['C1004'], ['C1006']])('unfreeze refused (409 unfreeze_not_allowed) for %s', async (id) => {
    const r = await request(app).post(`/v1/customers/${id}/unfreeze`).set('Idempotency-Key', key()).send({});
    expect(r.status).toBe(409);
    expectError(r.body, 'unfreeze_not_allowed');
    expect((await request(app).get(`/v1/customers/${id}`)).body.status).toBe('frozen');
  });

  it('unfreeze of an active account is 409 not_frozen; unknown is 404', async () => {
    const r = await request(app).post('/v1/customers/C1001/unfreeze').set('Idempotency-Key', key()).send({});
    expect(r.status).toBe(409);
    expectError(r.body, 'not_frozen');
    expect((await request(app).post('/v1/customers/C9999/unfreeze').set('Idempotency-Key', key()).send({})).status).toBe(404);
  });

  it('lock sets status locked', async () => {
    const r = await request(app).post('/v1/customers/C1005/lock').set('Idempotency-Key', key()).send({ reason: 'suspected_fraud' });
    expect(r.status).toBe(200);
    expect(CustomerSchema.parse(r.body).status).toBe('locked');
    expect((await request(app).get('/v1/customers/C1005')).body.status).toBe('locked');
    const bad = await request(app).post('/v1/customers/C1005/lock').set('Idempotency-Key', key()).send({ reason: 'bored' });
    expect(bad.status).toBe(400);
  });
});

describe('disputes', () => {
  it('one per transaction, even under another key', async () => {
    const a = await request(app)
      .post('/v1/customers/C1005/transactions/T1005B/disputes')
      .set('Idempotency-Key', key())
      .send({ reason: 'unrecognized' });
    expect(a.status).toBe(201);
    const d = DisputeSchema.parse(a.body);
    expect(d).toMatchObject({ transactionId: 'T1005B', status: 'open' });
    const b = await request(app)
      .post('/v1/customers/C1005/transactions/T1005B/disputes')
      .set('Idempotency-Key', key())
      .send({ reason: 'unrecognized' });
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    const tx = TransactionSchema.parse((await request(app).get('/v1/customers/C1005/transactions/T1005B')).body);
    expect(tx.disputeId).toBe(d.disputeId);
    const all = (await request(app).get('/sandbox/disputes')).body.items;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ customerId: 'C1005', reason: 'unrecognized' });
  });

  it('404 for a transaction of another customer; 400 for a bad reason', async () => {
    const r = await request(app)
      .post('/v1/customers/C1001/transactions/T1005B/disputes')
      .set('Idempotency-Key', key())
      .send({ reason: 'unrecognized' });
    expect(r.status).toBe(404);
    const bad = await request(app)
      .post('/v1/customers/C1005/transactions/T1005B/disputes')
      .set('Idempotency-Key', key())
      .send({ reason: 'meh' });
    expect(bad.status).toBe(400);
  });
});

describe('sandbox controls', () => {
  it('reset re-seeds and clears the outbox, disputes and idempotency records', async () => {
    const k = key();
    await request(app).post('/v1/customers/C1002/unfreeze').set('Idempotency-Key', k).send({});
    await sendOtp();
    expect((await request(app).post('/sandbox/reset')).body).toEqual({ status: 'reset' });
    expect((await request(app).get('/v1/customers/C1002')).body.status).toBe('frozen');
    expect((await request(app).get('/sandbox/outbox')).body.items).toEqual([]);
    const again = await request(app).post('/v1/customers/C1002/unfreeze').set('Idempotency-Key', k).send({});
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.status).toBe('active');
  });

  it('faults: failNext answers 503 before acting, then recovers', async () => {
    const set = await request(app).post('/sandbox/faults').send({ failNext: 2 });
    expect(set.body).toMatchObject({ failNext: 2, status: 503, latencyMs: 0 });
    const a = await request(app).post('/v1/customers/C1002/unfreeze').set('Idempotency-Key', 'fault-k').send({});
    expect(a.status).toBe(503);
    expectError(a.body, 'injected_fault');
    expect((await request(app).get('/healthz')).status).toBe(503);
    expect((await request(app).get('/v1/customers/C1002')).body.status).toBe('frozen');
    const b = await request(app).post('/v1/customers/C1002/unfreeze').set('Idempotency-Key', 'fault-k').send({});
    expect(b.status).toBe(200);
    expect((await request(app).get('/sandbox/faults')).body.failNext).toBe(0);
  });

  it('faults: after_action acts, loses the answer, and a retry with the key replays it', async () => {
    await request(app).post('/sandbox/faults').send({ failNext: 1, failMode: 'after_action', status: 502 });
    const a = await request(app).post('/v1/customers/C1002/unfreeze').set('Idempotency-Key', 'after-k').send({});
    expect(a.status).toBe(502);
    expect((await request(app).get('/v1/customers/C1002')).body.status).toBe('active');
    const b = await request(app).post('/v1/customers/C1002/unfreeze').set('Idempotency-Key', 'after-k').send({});
    expect(b.status).toBe(200);
    expect(b.headers['idempotent-replayed']).toBe('true');
  });

  it('faults: latency delays contract routes', async () => {
    await request(app).post('/sandbox/faults').send({ latencyMs: 150 });
    const t0 = performance.now();
    await request(app).get('/v1/customers/C1001');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('faults: invalid settings are 400', async () => {
    for (const body of [{ failNext: -1 }, { status: 200 }, { bogus: 1 }, { failMode: 'sometimes' }]) {
      const r = await request(app).post('/sandbox/faults').send(body);
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
    expect(JSON.parse(readFileSync(file, 'utf8')).customers.find((c: { id: string }) => c.id === 'C1007').status).toBe('active');
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
