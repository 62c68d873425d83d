/**
 * The date range and filters the console's API and `upay-bot report` take alike: each surface parses its own
 * input and words its own errors (HTTP 400, exit code 2), the rules are these.
 */
export const DAY_MS = 24 * 3600_000;
/** The longest range one call computes over. */
export const MAX_RANGE_DAYS = 366;
/** A channel filter: a channel's name as conversation ids carry it (`webchat`, `telegram`). */
export const CHANNEL_FILTER = /^[a-z][a-z0-9_-]{0,31}$/;

export type RangeProblem = 'from_not_before_to' | 'too_long';

/**
 * [from, to): `to` defaults to now, `from` to `defaultDays` before `to`; `problem` says what is wrong with it (the
 * caller refuses the range, naming the dates it resolved to).
 */
export function resolveRange(
  given: { from?: Date | undefined; to?: Date | undefined },
  now: Date,
  defaultDays: number,
): { from: Date; to: Date; problem?: RangeProblem } {
  const to = given.to ?? now;
  const from = given.from ?? new Date(to.getTime() - defaultDays * DAY_MS);
  if (!(from.getTime() < to.getTime())) return { from, to, problem: 'from_not_before_to' };
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) return { from, to, problem: 'too_long' };
  return { from, to };
}
