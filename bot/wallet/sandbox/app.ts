import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';
import type { Customer, Transaction } from '../types.ts';
import {
  createSeedData,
  SELF_SERVICE_FREEZE_REASONS,
  type OtpRecord,
  type SandboxCustomer,
  type SandboxData,
  type SandboxTransaction,
} from './data.ts';
import { faultMiddleware, parseFaults, type Faults, type FaultsInput } from './faults.ts';
import { maskEmail, maskPhone, normalizeEmail, normalizePhone } from './format.ts';
import { ApiError, createMutex, errorBody, errorHandler, idempotent, plain, type HandlerResult } from './http.ts';

export interface SandboxOptions {
  /** Every one-time code is this (six digits) instead of a random one. */
  fixedOtp?: string;
  /** Persist to this JSON file (seeded when missing); in memory otherwise. */
  dataFile?: string;
  now?: () => Date;
  /** When set, /v1/* and /sandbox/* require `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Initial fault injection (also settable with POST /sandbox/faults). */
  faults?: FaultsInput;
  /** New OTP challenges per customer per rolling hour. Default 10. */
  otpSendsPerHour?: number;
}

export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_MAX_RESENDS = 3;
const HOUR_MS = 3_600_000;

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const where = r.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ');
    throw new ApiError(400, 'invalid_request', `invalid ${what}: ${where}`);
  }
  return r.data;
}

const LookupBody = z
  .object({ phone: z.string().max(40).optional(), email: z.string().max(254).optional() })
  .strict()
  .refine((b) => Boolean(b.phone || b.email), 'give a phone or an email');
const OtpBody = z.object({ channel: z.enum(['sms', 'email']) }).strict();
const CheckBody = z.object({ code: z.string().max(32) }).strict();
const ResetLinkBody = z.object({ channel: z.enum(['sms', 'email']).optional() }).strict();
const LockBody = z.object({ reason: z.enum(['suspected_fraud', 'customer_request']) }).strict();
const DisputeBody = z.object({ reason: z.enum(['unrecognized', 'failed_but_debited']) }).strict();
const EmptyBody = z.object({}).strict();
const TxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  cursor: z.string().max(200).optional(),
  status: z.enum(['success', 'failed', 'pending', 'reversed']).optional(),
});
const OutboxQuery = z.object({
  customerId: z.string().optional(),
  to: z.string().optional(),
  kind: z.enum(['otp', 'password_reset_link']).optional(),
});

function toCustomer(c: SandboxCustomer): Customer {
  const frozen = c.status === 'frozen';
  return {
    customerId: c.id,
    maskedPhone: maskPhone(c.phone),
    maskedEmail: c.email ? maskEmail(c.email) : undefined,
    name: c.name,
    status: c.status,
    freezeReason: frozen ? c.freezeReason : undefined,
    selfServiceUnfreeze: frozen && c.freezeReason !== undefined && SELF_SERVICE_FREEZE_REASONS.includes(c.freezeReason),
    currency: c.currency,
    preferredLanguage: c.preferredLanguage,
  };
}

function toTransaction(t: SandboxTransaction): Transaction {
  const { customerId: _customerId, ...rest } = t;
  return rest;
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m?.[1]) throw new ApiError(400, 'invalid_cursor', 'cursor is not one this wallet issued');
  return Number(m[1]);
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function otpText(lang: 'zh' | 'en', code: string): string {
  return lang === 'zh'
    ? `【upay】您的验证码是 ${code}，5分钟内有效。请勿告诉任何人，upay 员工不会向您索要验证码。`
    : `upay: your verification code is ${code}. It expires in 5 minutes. Never share it — upay staff will never ask for it.`;
}

function resetText(lang: 'zh' | 'en', link: string): string {
  return lang === 'zh'
    ? `【upay】请点击链接重置支付密码：${link}（30分钟内有效）。如非本人操作请忽略。`
    : `upay: reset your password here: ${link} (valid for 30 minutes). If this wasn't you, ignore this message.`;
}

/**
 * The sandbox wallet as an express app implementing bot/wallet/openapi.yaml (for supertest or
 * startSandboxWallet). The data loads lazily on the first request.
 */
export function createSandboxApp(opts: SandboxOptions = {}): Express {
  if (opts.fixedOtp !== undefined && !/^\d{6}$/.test(opts.fixedOtp)) {
    throw new TypeError('createSandboxApp: fixedOtp must be six digits');
  }
  const now = opts.now ?? (() => new Date());
  const otpSendsPerHour = opts.otpSendsPerHour ?? 10;
  const db = new Low<SandboxData>(
    opts.dataFile ? new JSONFile<SandboxData>(opts.dataFile) : new Memory<SandboxData>(),
    createSeedData(now()),
  );
  const ready = (async () => {
    try {
      await db.read();
    } catch (err) {
      throw new Error(`sandbox wallet: cannot read ${opts.dataFile}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    // lowdb keeps the default data when the file is missing or empty.
    if (!db.data || db.data.version !== 1) db.data = createSeedData(now());
    await db.write();
  })();
  const exclusive = createMutex();
  let faults: Faults = parseFaults(opts.faults);

  const newCode = (): string => opts.fixedOtp ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
  const newId = (prefix: string): string => `${prefix}${randomBytes(8).toString('hex')}`;

  function customerOr404(id: string): SandboxCustomer {
    const c = db.data.customers.find((x) => x.id === id);
    if (!c) throw new ApiError(404, 'not_found', 'no such customer');
    return c;
  }
  function transactionOr404(customerId: string, txId: string): SandboxTransaction {
    customerOr404(customerId);
    const t = db.data.transactions.find((x) => x.id === txId && x.customerId === customerId);
    if (!t) throw new ApiError(404, 'not_found', 'no such transaction');
    return t;
  }
  function challengeOr404(challengeId: string): OtpRecord {
    const ch = db.data.challenges.find((x) => x.challengeId === challengeId);
    if (!ch) throw new ApiError(404, 'not_found', 'no such challenge');
    return ch;
  }
  function challengeView(ch: OtpRecord): HandlerResult['body'] {
    return {
      challengeId: ch.challengeId,
      channel: ch.channel,
      sentTo: ch.channel === 'sms' ? maskPhone(ch.to) : maskEmail(ch.to),
      expiresAt: ch.expiresAt,
      resendsLeft: OTP_MAX_RESENDS - ch.resends,
    };
  }
  function recordOtp(ch: OtpRecord, lang: 'zh' | 'en'): void {
    db.data.outbox.push({
      id: newId('M'),
      kind: 'otp',
      customerId: ch.customerId,
      channel: ch.channel,
      to: ch.to,
      text: otpText(lang, ch.code),
      code: ch.code,
      at: now().toISOString(),
    });
  }
  const write = (fn: (req: Request) => Promise<HandlerResult> | HandlerResult) => idempotent(db, exclusive, now, fn);

  const app = express();
  app.disable('x-powered-by');
  // Every answer is computed per request (and the bot calls it in-process): no ETag to hash for each.
  app.set('etag', false);
  // startSandboxWallet awaits this so a broken data file fails start-up, not every request.
  app.locals.sandboxReady = ready;
  ready.catch(() => undefined);
  app.use(async (_req: Request, _res: Response, next: NextFunction) => {
    await ready;
    next();
  });
  app.use(express.json({ limit: '16kb' }));

  // Fault injection applies to the contract, not to the sandbox controls.
  const injectFaults = faultMiddleware(() => faults);
  app.use('/v1', injectFaults);
  app.use('/healthz', injectFaults);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  if (opts.apiKey) {
    const expected = `Bearer ${opts.apiKey}`;
    const requireKey = (req: Request, _res: Response, next: NextFunction): void => {
      if (!sameCode(req.get('authorization') ?? '', expected)) {
        throw new ApiError(401, 'unauthorized', 'a valid API key is required');
      }
      next();
    };
    app.use('/v1', requireKey);
    app.use('/sandbox', requireKey);
  }

  // ---- customers -------------------------------------------------------------------------
  app.post(
    '/v1/customers/lookup',
    plain((req) => {
      const body = parse(LookupBody, req.body ?? {}, 'body');
      let found: SandboxCustomer | undefined;
      if (body.phone) {
        const phone = normalizePhone(body.phone);
        if (!phone) throw new ApiError(400, 'invalid_request', 'phone is not a phone number');
        found = db.data.customers.find((c) => c.phone === phone);
      } else if (body.email) {
        const email = normalizeEmail(body.email);
        if (!email) throw new ApiError(400, 'invalid_request', 'email is not an email address');
        found = db.data.customers.find((c) => c.email === email);
      }
      if (!found) throw new ApiError(404, 'not_found', 'no customer matches');
      const c = toCustomer(found);
      return { status: 200, body: { customerId: c.customerId, maskedPhone: c.maskedPhone, maskedEmail: c.maskedEmail } };
    }),
  );

  app.get(
    '/v1/customers/:id',
    plain((req) => ({ status: 200, body: toCustomer(customerOr404(String(req.params.id))) })),
  );

  // ---- one-time codes --------------------------------------------------------------------
  app.post(
    '/v1/customers/:id/otp',
    write(async (req) => {
      const body = parse(OtpBody, req.body ?? {}, 'body');
      const c = customerOr404(String(req.params.id));
      if (c.status === 'closed') throw new ApiError(409, 'account_closed', 'the account is closed');
      const to = body.channel === 'sms' ? c.phone : c.email;
      if (!to) throw new ApiError(409, 'channel_unavailable', 'the customer has no address for that channel');
      const since = now().getTime() - HOUR_MS;
      const recent = db.data.challenges.filter((x) => x.customerId === c.id && Date.parse(x.createdAt) >= since);
      if (recent.length >= otpSendsPerHour) {
        throw new ApiError(429, 'rate_limited', 'too many codes sent to this customer; try later');
      }
      const at = now();
      const ch: OtpRecord = {
        challengeId: newId('otp_'),
        customerId: c.id,
        channel: body.channel,
        to,
        code: newCode(),
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
    write(async (req) => {
      parse(EmptyBody, req.body ?? {}, 'body');
      const ch = challengeOr404(String(req.params.challengeId));
      if (ch.verified) throw new ApiError(409, 'already_verified', 'the challenge is already verified');
      if (ch.attempts >= OTP_MAX_ATTEMPTS) {
        throw new ApiError(409, 'challenge_locked', 'too many wrong codes; start a new challenge');
      }
      if (ch.resends >= OTP_MAX_RESENDS) throw new ApiError(429, 'resend_limit', 'no resends left for this challenge');
      const c = customerOr404(ch.customerId);
      ch.resends += 1;
      ch.attempts = 0; // a new code gets its own five attempts
      ch.code = newCode();
      ch.expiresAt = new Date(now().getTime() + OTP_TTL_MS).toISOString();
      recordOtp(ch, c.preferredLanguage);
      return { status: 200, body: challengeView(ch) };
    }),
  );

  app.post('/v1/otp/:challengeId/check', async (req, res) => {
    const body = parse(CheckBody, req.body ?? {}, 'body');
    const result = await exclusive(async () => {
      const ch = challengeOr404(String(req.params.challengeId));
      const expired = now().getTime() >= Date.parse(ch.expiresAt);
      if (ch.attempts >= OTP_MAX_ATTEMPTS) return { ok: false, reason: 'too_many_attempts', attemptsLeft: 0 };
      if (expired) return { ok: false, reason: 'expired', attemptsLeft: OTP_MAX_ATTEMPTS - ch.attempts };
      // A verified challenge answers ok again for the same code (a retried turn), until it expires.
      if (sameCode(body.code.trim(), ch.code)) {
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

  // ---- account actions -------------------------------------------------------------------
  app.post(
    '/v1/customers/:id/password-reset-link',
    write(async (req) => {
      const body = parse(ResetLinkBody, req.body ?? {}, 'body');
      const c = customerOr404(String(req.params.id));
      if (c.status === 'closed') throw new ApiError(409, 'account_closed', 'the account is closed');
      if (c.status === 'locked') throw new ApiError(409, 'account_locked', 'the account is locked; an agent must help');
      const channel = body.channel ?? 'sms';
      const to = channel === 'sms' ? c.phone : c.email;
      if (!to) throw new ApiError(409, 'channel_unavailable', 'the customer has no address for that channel');
      const link = `https://pay.upay.example/reset/${randomBytes(12).toString('base64url')}`;
      db.data.outbox.push({
        id: newId('M'),
        kind: 'password_reset_link',
        customerId: c.id,
        channel,
        to,
        text: resetText(c.preferredLanguage, link),
        link,
        at: now().toISOString(),
      });
      return { status: 200, body: { sentTo: channel === 'sms' ? maskPhone(to) : maskEmail(to), channel } };
    }),
  );

  app.post(
    '/v1/customers/:id/unfreeze',
    write(async (req) => {
      parse(EmptyBody, req.body ?? {}, 'body');
      const c = customerOr404(String(req.params.id));
      if (c.status !== 'frozen') throw new ApiError(409, 'not_frozen', 'the account is not frozen');
      if (!c.freezeReason || !SELF_SERVICE_FREEZE_REASONS.includes(c.freezeReason)) {
        throw new ApiError(409, 'unfreeze_not_allowed', 'this freeze cannot be lifted by the customer');
      }
      c.status = 'active';
      delete c.freezeReason;
      return { status: 200, body: toCustomer(c) };
    }),
  );

  app.post(
    '/v1/customers/:id/lock',
    write(async (req) => {
      const body = parse(LockBody, req.body ?? {}, 'body');
      const c = customerOr404(String(req.params.id));
      if (c.status === 'closed') throw new ApiError(409, 'account_closed', 'the account is closed');
      c.status = 'locked';
      c.lockReason = body.reason;
      return { status: 200, body: toCustomer(c) };
    }),
  );

  // ---- money -----------------------------------------------------------------------------
  app.get(
    '/v1/customers/:id/balance',
    plain((req) => {
      const c = customerOr404(String(req.params.id));
      return { status: 200, body: { amount: c.balance, currency: c.currency, asOf: now().toISOString() } };
    }),
  );

  app.get(
    '/v1/customers/:id/transactions',
    plain((req) => {
      const q = parse(TxQuery, req.query, 'query');
      const c = customerOr404(String(req.params.id));
      const offset = q.cursor ? decodeCursor(q.cursor) : 0;
      const all = db.data.transactions
        .filter((t) => t.customerId === c.id && (!q.status || t.status === q.status))
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      const items = all.slice(offset, offset + q.limit).map(toTransaction);
      const next = offset + q.limit < all.length ? encodeCursor(offset + q.limit) : undefined;
      return { status: 200, body: { items, nextCursor: next } };
    }),
  );

  app.get(
    '/v1/customers/:id/transactions/:txId',
    plain((req) => ({
      status: 200,
      body: toTransaction(transactionOr404(String(req.params.id), String(req.params.txId))),
    })),
  );

  app.post(
    '/v1/customers/:id/transactions/:txId/disputes',
    write(async (req) => {
      const body = parse(DisputeBody, req.body ?? {}, 'body');
      const t = transactionOr404(String(req.params.id), String(req.params.txId));
      const existing = db.data.disputes.find((d) => d.transactionId === t.id);
      if (existing) {
        return {
          status: 200,
          body: { disputeId: existing.disputeId, transactionId: existing.transactionId, status: existing.status },
        };
      }
      const disputeId = `D${String(db.data.disputes.length + 1).padStart(5, '0')}`;
      db.data.disputes.push({
        disputeId,
        transactionId: t.id,
        customerId: t.customerId,
        status: 'open',
        reason: body.reason,
        openedAt: now().toISOString(),
      });
      t.disputeId = disputeId;
      return { status: 201, body: { disputeId, transactionId: t.id, status: 'open' } };
    }),
  );

  // ---- sandbox controls (not part of a real wallet) ---------------------------------------
  app.get(
    '/sandbox/outbox',
    plain((req) => {
      const q = parse(OutboxQuery, req.query, 'query');
      const phone = q.to ? normalizePhone(q.to) : null;
      const email = q.to ? normalizeEmail(q.to) : null;
      const items = db.data.outbox.filter(
        (m) =>
          (!q.customerId || m.customerId === q.customerId) &&
          (!q.kind || m.kind === q.kind) &&
          (!q.to || m.to === phone || m.to === email),
      );
      return { status: 200, body: { items } };
    }),
  );

  app.get(
    '/sandbox/disputes',
    plain(() => ({ status: 200, body: { items: db.data.disputes } })),
  );

  app.post('/sandbox/reset', async (_req, res) => {
    await exclusive(async () => {
      db.data = createSeedData(now());
      faults = parseFaults({});
      await db.write();
    });
    res.json({ status: 'reset' });
  });

  app.get('/sandbox/faults', (_req, res) => {
    res.json(faults);
  });

  app.post('/sandbox/faults', (req, res) => {
    const r = z.object({}).passthrough().safeParse(req.body ?? {});
    if (!r.success) throw new ApiError(400, 'invalid_request', 'body must be an object');
    try {
      faults = parseFaults(r.data);
    } catch (err) {
      const message = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : 'invalid faults';
      throw new ApiError(400, 'invalid_request', message);
    }
    res.json(faults);
  });

  app.use((_req: Request, res: Response) => {
    res.status(404).json(errorBody('not_found', 'no such route'));
  });
  app.use(errorHandler);
  return app;
}
