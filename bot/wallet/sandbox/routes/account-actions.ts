import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { SELF_SERVICE_FREEZE_REASONS } from '../data.ts';
import { maskAddress } from '../format.ts';
import { ApiError } from '../http.ts';
import { resetText } from '../messages.ts';
import { EmptyBody, LockBody, ResetLinkBody, parseBody } from '../requests.ts';
import { addressFor, type SandboxState } from '../state.ts';
import { toCustomer } from '../views.ts';

/** Password reset links, self-service unfreeze and the protective lock. */
export function mountAccountActionRoutes(app: Express, state: SandboxState): void {
  const { db, now } = state;

  app.post(
    '/v1/customers/:id/password-reset-link',
    state.accountWrite(ResetLinkBody, (body, c) => {
      if (c.status === 'locked') throw new ApiError(409, 'account_locked', 'the account is locked; an agent must help');
      const channel = body.channel ?? 'sms';
      const to = addressFor(c, channel);
      const link = `https://pay.upay.example/reset/${randomBytes(12).toString('base64url')}`;
      db.data.outbox.push({
        id: state.newId('M'),
        kind: 'password_reset_link',
        customerId: c.id,
        channel,
        to,
        text: resetText(c.preferredLanguage, link),
        link,
        at: now().toISOString(),
      });
      return { status: 200, body: { sentTo: maskAddress(channel, to), channel } };
    }),
  );

  app.post(
    '/v1/customers/:id/unfreeze',
    state.write(async (req) => {
      parseBody(EmptyBody, req);
      const c = state.customerOf(req);
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
    state.accountWrite(LockBody, (body, c) => {
      c.status = 'locked';
      c.lockReason = body.reason;
      return { status: 200, body: toCustomer(c) };
    }),
  );
}
