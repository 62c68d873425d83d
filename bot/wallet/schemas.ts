import { z } from 'zod';
import {
  CUSTOMER_STATUSES,
  FAILURE_REASONS,
  FREEZE_REASONS,
  TRANSACTION_STATUSES,
  type Balance,
  type Customer,
  type CustomerRef,
  type Dispute,
  type OtpChallenge,
  type OtpCheck,
  type Transaction,
  type TransactionPage,
} from './types.ts';

/**
 * zod schemas for every wallet response (bot/wallet/openapi.yaml). Each is annotated with the
 * matching type from types.ts, so a drift between the two fails the type-check.
 * Unknown extra fields are stripped (the backend may add fields without breaking the bot).
 */

const money = z.string().regex(/^-?\d+\.\d{2}$/, 'a decimal string with two places');
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
const isoDateTime = z.iso.datetime({ offset: true });

export const CustomerStatusSchema = z.enum(CUSTOMER_STATUSES);
export const FreezeReasonSchema = z.enum(FREEZE_REASONS);
export const TransactionStatusSchema = z.enum(TRANSACTION_STATUSES);
export const FailureReasonSchema = z.enum(FAILURE_REASONS);

export const CustomerRefSchema: z.ZodType<CustomerRef> = z.object({
  customerId: z.string().min(1),
  maskedPhone: z.string().optional(),
  maskedEmail: z.string().optional(),
});

export const CustomerSchema: z.ZodType<Customer> = z.object({
  customerId: z.string().min(1),
  maskedPhone: z.string().optional(),
  maskedEmail: z.string().optional(),
  name: z.string(),
  status: CustomerStatusSchema,
  freezeReason: FreezeReasonSchema.optional(),
  selfServiceUnfreeze: z.boolean(),
  currency,
  preferredLanguage: z.enum(['zh', 'en']).optional(),
});

export const BalanceSchema: z.ZodType<Balance> = z.object({
  amount: money,
  currency,
  asOf: isoDateTime,
});

export const RefundSchema = z.object({
  status: z.enum(['none', 'pending', 'completed']),
  expectedBy: z.iso.date().optional(),
  businessDays: z.number().int().nonnegative().optional(),
  amount: money.optional(),
});

export const TransactionSchema: z.ZodType<Transaction> = z.object({
  id: z.string().min(1),
  type: z.enum(['payment', 'transfer', 'topup', 'withdrawal', 'refund']),
  status: TransactionStatusSchema,
  amount: money,
  currency,
  counterparty: z.string(),
  createdAt: isoDateTime,
  failureReason: FailureReasonSchema.optional(),
  debited: z.boolean(),
  refund: RefundSchema.optional(),
  disputeId: z.string().optional(),
});

export const TransactionPageSchema: z.ZodType<TransactionPage> = z.object({
  items: z.array(TransactionSchema),
  nextCursor: z.string().min(1).optional(),
});

export const OtpChallengeSchema: z.ZodType<OtpChallenge> = z.object({
  challengeId: z.string().min(1),
  channel: z.enum(['sms', 'email']),
  sentTo: z.string(),
  expiresAt: isoDateTime,
  resendsLeft: z.number().int().nonnegative(),
});

export const OtpCheckSchema: z.ZodType<OtpCheck> = z.union([
  z.object({ ok: z.literal(true), customerId: z.string().min(1) }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(['wrong_code', 'expired', 'too_many_attempts']),
    attemptsLeft: z.number().int().nonnegative(),
  }),
]);

export const ResetLinkSentSchema: z.ZodType<{ sentTo: string; channel: 'sms' | 'email' }> = z.object({
  sentTo: z.string(),
  channel: z.enum(['sms', 'email']),
});

export const DisputeSchema: z.ZodType<Dispute> = z.object({
  disputeId: z.string().min(1),
  transactionId: z.string().min(1),
  status: z.enum(['open', 'investigating', 'resolved']),
});

export const HealthSchema = z.object({ status: z.literal('ok') });

/** The error body every non-2xx wallet response carries. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
