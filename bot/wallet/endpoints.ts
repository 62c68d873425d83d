import type { z } from 'zod';
import {
  BalanceSchema,
  CustomerRefSchema,
  CustomerSchema,
  DisputeSchema,
  HealthSchema,
  OtpChallengeSchema,
  OtpCheckSchema,
  ResetLinkSentSchema,
  TransactionPageSchema,
  TransactionSchema,
} from './schemas.ts';
import type { WalletOp } from './client-errors.ts';

/** How one WalletApi method calls the wallet contract (bot/wallet/openapi.yaml). */
export interface Endpoint<T> {
  method: 'GET' | 'POST';
  /** Path template, also used in logs, e.g. /v1/customers/{id}/balance. */
  route: string;
  /** Read-only: safe to retry. */
  safe: boolean;
  /** A write: refuse to send it without a usable idempotency key. */
  needsKey: boolean;
  schema: z.ZodType<T>;
}

const read = <T>(route: string, schema: z.ZodType<T>): Endpoint<T> => ({
  method: 'GET',
  route,
  safe: true,
  needsKey: false,
  schema,
});
const write = <T>(route: string, schema: z.ZodType<T>): Endpoint<T> => ({
  method: 'POST',
  route,
  safe: false,
  needsKey: true,
  schema,
});

export const ENDPOINTS = {
  // A read, even though it is a POST (keeps phone/email out of URLs).
  findCustomer: {
    method: 'POST',
    route: '/v1/customers/lookup',
    safe: true,
    needsKey: false,
    schema: CustomerRefSchema,
  },
  getCustomer: read('/v1/customers/{id}', CustomerSchema),
  sendOtp: write('/v1/customers/{id}/otp', OtpChallengeSchema),
  resendOtp: write('/v1/otp/{challengeId}/resend', OtpChallengeSchema),
  // Not safe to retry, and no key: each check uses up an attempt.
  checkOtp: {
    method: 'POST',
    route: '/v1/otp/{challengeId}/check',
    safe: false,
    needsKey: false,
    schema: OtpCheckSchema,
  },
  sendPasswordResetLink: write('/v1/customers/{id}/password-reset-link', ResetLinkSentSchema),
  unfreeze: write('/v1/customers/{id}/unfreeze', CustomerSchema),
  getBalance: read('/v1/customers/{id}/balance', BalanceSchema),
  listTransactions: read('/v1/customers/{id}/transactions', TransactionPageSchema),
  getTransaction: read('/v1/customers/{id}/transactions/{txId}', TransactionSchema),
  lockAccount: write('/v1/customers/{id}/lock', CustomerSchema),
  openDispute: write('/v1/customers/{id}/transactions/{txId}/disputes', DisputeSchema),
  ping: read('/healthz', HealthSchema),
} satisfies Record<WalletOp, Endpoint<unknown>>;

/** The route with its `{placeholders}` replaced, in order, by the URI-encoded `params`. */
export function fillRoute(route: string, params: readonly string[]): string {
  let i = 0;
  return route.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(params[i++])));
}
