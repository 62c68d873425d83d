import type { Request } from 'express';
import { z } from 'zod';
import { TransactionStatusSchema } from '../schemas.ts';
import { ApiError } from './http.ts';

/** Checks a request part with zod; a mismatch is 400 invalid_request naming where. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const where = r.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ');
    throw new ApiError(400, 'invalid_request', `invalid ${what}: ${where}`);
  }
  return r.data;
}

export function parseBody<T>(schema: z.ZodType<T>, req: Request): T {
  return parse(schema, req.body ?? {}, 'body');
}

const Channel = z.enum(['sms', 'email']);

export const LookupBody = z
  .object({ phone: z.string().max(40).optional(), email: z.string().max(254).optional() })
  .strict()
  .refine((b) => Boolean(b.phone || b.email), 'give a phone or an email');
export const OtpBody = z.object({ channel: Channel }).strict();
export const CheckBody = z.object({ code: z.string().max(32) }).strict();
export const ResetLinkBody = z.object({ channel: Channel.optional() }).strict();
export const LockBody = z.object({ reason: z.enum(['suspected_fraud', 'customer_request']) }).strict();
export const DisputeBody = z.object({ reason: z.enum(['unrecognized', 'failed_but_debited']) }).strict();
export const EmptyBody = z.object({}).strict();
export const TxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  cursor: z.string().max(200).optional(),
  status: TransactionStatusSchema.optional(),
});
export const OutboxQuery = z.object({
  customerId: z.string().optional(),
  to: z.string().optional(),
  kind: z.enum(['otp', 'password_reset_link']).optional(),
});
