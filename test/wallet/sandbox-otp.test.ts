import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createSandboxApp } from '../../bot/wallet/sandbox/app.ts';
import { OtpChallengeSchema, OtpCheckSchema } from '../../bot/wallet/schemas.ts';
import { START, app, clock, expectError, key, now, postWithKey, sendOtp, useFreshSandbox } from './sandbox-testbed.ts';

useFreshSandbox();

describe('one-time codes', () => {
  it('sends a masked challenge and records the real destination in the outbox', async () => {
    const ch = await sendOtp('C1001', 'sms');
    expect(ch).toMatchObject({ channel: 'sms', sentTo: '138****1001', resendsLeft: 3 });
    expect(ch.expiresAt).toBe(new Date(START.getTime() + 5 * 60_000).toISOString());
    const outbox = (await request(app()).get('/sandbox/outbox?customerId=C1001')).body.items;
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      kind: 'otp',
      to: '+8613800001001',
      channel: 'sms',
      code: '246810',
      at: START.toISOString(),
    });
    expect(outbox[0].text).toContain('246810');
    expect(outbox[0].text).toContain('验证码');
  });

  it('email channel goes to the email address, in English for English customers', async () => {
    const ch = await sendOtp('C1005', 'email');
    expect(ch.sentTo).toBe('j***e@example.com');
    const [m] = (await request(app()).get('/sandbox/outbox?to=john.lee@example.com')).body.items;
    expect(m).toMatchObject({ to: 'john.lee@example.com', channel: 'email' });
    expect(m.text).toMatch(/verification code is 246810/);
  });

  it('outbox filters by any accepted phone form', async () => {
    await sendOtp('C1001');
    await sendOtp('C1005');
    const res = await request(app()).get('/sandbox/outbox').query({ to: '138 0000 1001' });
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
    const r1 = await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' });
    expect(OtpCheckSchema.parse(r1.body)).toEqual({ ok: true, customerId: 'C1001' });
    const r2 = await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' });
    expect(r2.body).toEqual({ ok: true, customerId: 'C1001' });
  });

  it('five wrong codes lock the challenge, even for the right code', async () => {
    const ch = await sendOtp();
    const left: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '000000' });
      expect(r.body.reason).toBe('wrong_code');
      left.push(r.body.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    const fifth = await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '000000' });
    expect(fifth.body).toEqual({ ok: false, reason: 'too_many_attempts', attemptsLeft: 0 });
    const right = await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' });
    expect(right.body).toEqual({ ok: false, reason: 'too_many_attempts', attemptsLeft: 0 });
    const resend = await postWithKey(`/v1/otp/${ch.challengeId}/resend`);
    expect(resend.status).toBe(409);
    expectError(resend.body, 'challenge_locked');
  });

  it('expires after 5 minutes without using an attempt', async () => {
    const ch = await sendOtp();
    clock.ms += 5 * 60_000 - 1;
    expect(
      (await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '000000' })).body.attemptsLeft,
    ).toBe(4);
    clock.ms += 1;
    const r = await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' });
    expect(r.body).toEqual({ ok: false, reason: 'expired', attemptsLeft: 4 });
  });

  it('resend sends a new code, restarts the expiry and the attempts, and stops after 3', async () => {
    const ch = await sendOtp();
    for (let i = 0; i < 3; i++) await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '000000' });
    clock.ms += 4 * 60_000;
    for (let i = 1; i <= 3; i++) {
      const r = await postWithKey(`/v1/otp/${ch.challengeId}/resend`);
      expect(r.status).toBe(200);
      const view = OtpChallengeSchema.parse(r.body);
      expect(view.resendsLeft).toBe(3 - i);
      expect(view.expiresAt).toBe(new Date(clock.ms + 5 * 60_000).toISOString());
    }
    const fourth = await postWithKey(`/v1/otp/${ch.challengeId}/resend`);
    expect(fourth.status).toBe(429);
    expectError(fourth.body, 'resend_limit');
    expect((await request(app()).get('/sandbox/outbox?kind=otp')).body.items).toHaveLength(4);
    clock.ms += 4 * 60_000; // past the first expiry, within the last resend's
    const wrong = await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '000000' });
    expect(wrong.body).toEqual({ ok: false, reason: 'wrong_code', attemptsLeft: 4 });
    expect((await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' })).body.ok).toBe(true);
  });

  it('resend of a verified challenge is 409 already_verified', async () => {
    const ch = await sendOtp();
    await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: '246810' });
    const r = await postWithKey(`/v1/otp/${ch.challengeId}/resend`);
    expect(r.status).toBe(409);
    expectError(r.body, 'already_verified');
  });

  it('unknown challenge is 404; bad bodies are 400', async () => {
    expect((await request(app()).post('/v1/otp/otp_nope/check').send({ code: '1' })).status).toBe(404);
    expect((await postWithKey('/v1/otp/otp_nope/resend')).status).toBe(404);
    const ch = await sendOtp();
    expect((await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({})).status).toBe(400);
    expect((await request(app()).post(`/v1/otp/${ch.challengeId}/check`).send({ code: 123456 })).status).toBe(400);
    const badChannel = await postWithKey('/v1/customers/C1001/otp', { channel: 'fax' });
    expect(badChannel.status).toBe(400);
    expect((await postWithKey('/v1/customers/C9999/otp', { channel: 'sms' })).status).toBe(404);
  });

  it('limits new challenges per customer per hour', async () => {
    const limited = createSandboxApp({ now, otpSendsPerHour: 2 });
    const send = () =>
      request(limited).post('/v1/customers/C1001/otp').set('Idempotency-Key', key()).send({ channel: 'sms' });
    expect((await send()).status).toBe(201);
    expect((await send()).status).toBe(201);
    const third = await send();
    expect(third.status).toBe(429);
    expectError(third.body, 'rate_limited');
    clock.ms += 3_600_001;
    expect((await send()).status).toBe(201);
  });
});
