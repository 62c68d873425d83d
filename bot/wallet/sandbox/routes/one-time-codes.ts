import type { Express } from 'express';
import type { OtpRecord } from '../data.ts';
import { maskAddress, sameSecret } from '../format.ts';
import { ApiError, type HandlerResult } from '../http.ts';
import { otpText } from '../messages.ts';
import { CheckBody, EmptyBody, OtpBody, parseBody } from '../requests.ts';
import { addressFor, type SandboxState } from '../state.ts';

export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_MAX_RESENDS = 3;
const HOUR_MS = 3_600_000;

function challengeView(ch: OtpRecord): HandlerResult['body'] {
  return {
    challengeId: ch.challengeId,
    channel: ch.channel,
    sentTo: maskAddress(ch.channel, ch.to),
    expiresAt: ch.expiresAt,
    resendsLeft: OTP_MAX_RESENDS - ch.resends,
  };
}

/** One-time codes: send (rate limited per customer), resend (limited), check (5 attempts, 5 minutes). */
export function mountOneTimeCodeRoutes(app: Express, state: SandboxState): void {
  const { db, now } = state;

  function recordOtp(ch: OtpRecord, lang: 'zh' | 'en'): void {
    db.data.outbox.push({
      id: state.newId('M'),
      kind: 'otp',
      customerId: ch.customerId,
      channel: ch.channel,
      to: ch.to,
      text: otpText(lang, ch.code),
      code: ch.code,
      at: now().toISOString(),
    });
  }

  app.post(
    '/v1/customers/:id/otp',
    state.accountWrite(OtpBody, (body, c) => {
      const to = addressFor(c, body.channel);
      const since = now().getTime() - HOUR_MS;
      const recent = db.data.challenges.filter((x) => x.customerId === c.id && Date.parse(x.createdAt) >= since);
      if (recent.length >= state.otpSendsPerHour) {
        throw new ApiError(429, 'rate_limited', 'too many codes sent to this customer; try later');
      }
      const at = now();
      const ch: OtpRecord = {
        challengeId: state.newId('otp_'),
        customerId: c.id,
        channel: body.channel,
        to,
        code: state.newCode(),
        expiresAt: new Date(at.getTime() + OTP_TTL_MS).toISOString(),
        attempts: 0,
        resends: 0,
        verified: false,
        createdAt: at.toISOString(),
      };
      db.data.challenges.push(ch);
      recordOtp(ch, c.preferredLanguage);
      return { status: 201, body: challengeView(ch) };
    }),
  );

  app.post(
    '/v1/otp/:challengeId/resend',
    state.write(async (req) => {
      parseBody(EmptyBody, req);
      const ch = state.challengeOf(req);
      if (ch.verified) throw new ApiError(409, 'already_verified', 'the challenge is already verified');
      if (ch.attempts >= OTP_MAX_ATTEMPTS) {
        throw new ApiError(409, 'challenge_locked', 'too many wrong codes; start a new challenge');
      }
      if (ch.resends >= OTP_MAX_RESENDS) throw new ApiError(429, 'resend_limit', 'no resends left for this challenge');
      const c = state.customerOr404(ch.customerId);
      ch.resends += 1;
      ch.attempts = 0; // a new code gets its own five attempts
      ch.code = state.newCode();
      ch.expiresAt = new Date(now().getTime() + OTP_TTL_MS).toISOString();
      recordOtp(ch, c.preferredLanguage);
      return { status: 200, body: challengeView(ch) };
    }),
  );

  app.post('/v1/otp/:challengeId/check', async (req, res) => {
    const body = parseBody(CheckBody, req);
    const result = await state.exclusive(async () => {
      const ch = state.challengeOf(req);
      const expired = now().getTime() >= Date.parse(ch.expiresAt);
      if (ch.attempts >= OTP_MAX_ATTEMPTS) return { ok: false, reason: 'too_many_attempts', attemptsLeft: 0 };
      if (expired) return { ok: false, reason: 'expired', attemptsLeft: OTP_MAX_ATTEMPTS - ch.attempts };
      // A verified challenge answers ok again for the same code (a retried turn), until it expires.
      if (sameSecret(body.code.trim(), ch.code)) {
        ch.verified = true;
        await db.write();
        return { ok: true, customerId: ch.customerId };
      }
      ch.attempts += 1;
      await db.write();
      const attemptsLeft = OTP_MAX_ATTEMPTS - ch.attempts;
      return { ok: false, reason: attemptsLeft === 0 ? 'too_many_attempts' : 'wrong_code', attemptsLeft };
    });
    res.status(200).json(result);
  });
}
