/**
 * Query and body checks shared by the console routes: date ranges, filters, and the one way a bad input
 * becomes a 400 (`invalid_request`, naming the field).
 */
import type { Request } from 'express';
import { z } from 'zod';
import { INTENT_ID_PATTERN } from '../../intents/types.ts';
import { CHANNEL_FILTER, MAX_RANGE_DAYS, resolveRange } from '../analytics/range.ts';
import { HttpError } from '../http/errors.ts';
import { describeZodError } from '../http/zod-error.ts';

/** `2024-05-01` (00:00 UTC) or a full ISO time with `Z` or an offset. */
const IsoTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const RangeQuery = z.object({ from: IsoTime.optional(), to: IsoTime.optional() });
export const Channel = z.string().regex(CHANNEL_FILTER, 'must be a channel name such as webchat');
export const LanguageParam = z.enum(['zh', 'en']);
export const LocaleParam = z.enum(['zh-CN', 'en']);
export const IntentParam = z.string().max(60).regex(INTENT_ID_PATTERN, 'must be an intent id such as payment_failed');
export const OutcomeParam = z.enum([
  'resolved_confirmed',
  'resolved_assumed',
  'handoff',
  'repeat_contact',
  'unanswered',
]);

/** The parsed value, or a 400 naming what is wrong. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, code = 'invalid_request'): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new HttpError(400, code, describeZodError(parsed.error));
  return parsed.data;
}

export function parseQuery<T>(schema: z.ZodType<T>, req: Request): T {
  return parseOr400(schema, req.query);
}

/** [from, to): defaults to the `defaultDays` before now; from < to, at most 366 days. */
export function rangeOf(
  query: { from?: string; to?: string },
  now: Date,
  defaultDays: number,
): { from: Date; to: Date } {
  const range = resolveRange(
    { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined },
    now,
    defaultDays,
  );
  if (range.problem)
    throw new HttpError(
      400,
      'invalid_request',
      range.problem === 'too_long' ? `to: the range is at most ${MAX_RANGE_DAYS} days` : 'from: must be before to',
    );
  return { from: range.from, to: range.to };
}
