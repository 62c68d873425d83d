/**
 * The console's figures (GET /api/console/stats, `upay-bot report`) from turn events: contacts that start in
 * [from, to), their outcomes (./contacts.ts), rates, CSAT, top intents, and the same figures per channel, language
 * and UTC day. Definitions: docs/CONSOLE.md, "How the figures are defined".
 */
import { DAY_MS } from './range.ts';
import { isFallbackTurn, splitContacts, type Contact } from './contacts.ts';
import type { ContactOutcome, Figures, Stats, StatsFilter } from './types.ts';
import type { TurnEvent } from './turn-event.ts';

/** The longest range a daily series is built for (the API allows 366 days). */
export const STATS_MAX_DAYS = 3660;
export const TOP_INTENTS = 10;

export const CONTACT_OUTCOMES: readonly ContactOutcome[] = [
  'resolved_confirmed',
  'resolved_assumed',
  'handoff',
  'repeat_contact',
  'unanswered',
];

/** A range the figures cannot be computed for (to before from, or too long a daily series). */
export class StatsRangeError extends Error {
  readonly code = 'invalid_range';
  constructor(message: string) {
    super(message);
    this.name = 'StatsRangeError';
  }
}

/**
 * The events `computeStats` (and `searchConversations`) need for [from, to): a day before (a contact that began
 * earlier, or a handoff still running, is not split at `from`) and a day after (repeat contacts within 24 h).
 */
export function statsReadRange(filter: Pick<StatsFilter, 'from' | 'to'>): { from: Date; to: Date } {
  return { from: new Date(filter.from.getTime() - DAY_MS), to: new Date(filter.to.getTime() + DAY_MS) };
}

/**
 * The figures of the contacts starting in [from, to) that match the filter. `events` must cover [from, to + 24 h)
 * so that a contact's repeat within 24 h is seen; `now` says which 24 h windows are still open (provisional).
 */
export function computeStats(events: readonly TurnEvent[], filter: StatsFilter, now: Date): Stats {
  const fromMs = filter.from.getTime();
  const toMs = filter.to.getTime();
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs)
    throw new StatsRangeError('the range needs from ≤ to');
  if (toMs - fromMs > STATS_MAX_DAYS * DAY_MS) throw new StatsRangeError(`the range is over ${STATS_MAX_DAYS} days`);
  const contacts = splitContacts(events, now).filter(
    (c) =>
      c.startMs >= fromMs &&
      c.startMs < toMs &&
      (filter.channel === undefined || c.channel === filter.channel) &&
      (filter.language === undefined || c.language === filter.language),
  );
  return {
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    filter: {
      ...(filter.channel !== undefined && { channel: filter.channel }),
      ...(filter.language !== undefined && { language: filter.language }),
    },
    ...figuresOf(contacts),
    top_intents: topIntents(contacts),
    by_channel: figuresBy(contacts, (c) => c.channel),
    by_language: figuresBy(contacts, (c) => c.language),
    outcomes: outcomesOf(contacts),
    daily: dailyFigures(contacts, fromMs, toMs),
  };
}

/** The figures of a set of contacts (docs/CONSOLE.md). Rates are null when nothing was counted. */
export function figuresOf(contacts: readonly Contact[]): Figures {
  const outcomes = outcomesOf(contacts);
  const handoffsByReason: Record<string, number> = {};
  let turns = 0;
  let textTurns = 0;
  let fallbackTurns = 0;
  let ratingSum = 0;
  let ratings = 0;
  let provisional = 0;
  for (const contact of contacts) {
    turns += contact.events.length;
    if (contact.provisional) provisional++;
    // One reason per handed-off contact (its first), so that the reasons add up to the handoffs.
    const reason = contact.events.find((e) => e.handoffReason !== undefined)?.handoffReason;
    if (reason !== undefined) handoffsByReason[reason] = (handoffsByReason[reason] ?? 0) + 1;
    for (const event of contact.events) {
      if (event.input === 'text') {
        textTurns++;
        if (isFallbackTurn(event)) fallbackTurns++;
      }
      if (event.rating !== undefined && Number.isFinite(event.rating)) {
        ratingSum += event.rating;
        ratings++;
      }
    }
  }
  const n = contacts.length;
  return {
    conversations: n,
    turns,
    containment_rate: ratio(outcomes.resolved_confirmed + outcomes.resolved_assumed, n),
    handoff_rate: ratio(outcomes.handoff, n),
    handoffs_by_reason: handoffsByReason,
    csat_average: ratio(ratingSum, ratings),
    csat_responses: ratings,
    fallback_rate: ratio(fallbackTurns, textTurns),
    provisional,
  };
}

function outcomesOf(contacts: readonly Contact[]): Record<ContactOutcome, number> {
  const outcomes = Object.fromEntries(CONTACT_OUTCOMES.map((o) => [o, 0])) as Record<ContactOutcome, number>;
  for (const contact of contacts) outcomes[contact.outcome]++;
  return outcomes;
}

function figuresBy(contacts: readonly Contact[], keyOf: (c: Contact) => string): Record<string, Figures> {
  const groups = new Map<string, Contact[]>();
  for (const contact of contacts) {
    const key = keyOf(contact);
    const list = groups.get(key);
    if (list) list.push(contact);
    else groups.set(key, [contact]);
  }
  const sorted = [...groups.keys()].sort();
  return Object.fromEntries(sorted.map((key) => [key, figuresOf(groups.get(key) ?? [])]));
}

/** What customers typed about most (the NLU's reading of text turns; out of scope is not a topic). */
function topIntents(contacts: readonly Contact[]): { intent: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const contact of contacts)
    for (const event of contact.events)
      if (event.input === 'text' && event.intent !== undefined && event.intent !== 'out_of_scope')
        counts.set(event.intent, (counts.get(event.intent) ?? 0) + 1);
  return [...counts.entries()]
    .map(([intent, count]) => ({ intent, count }))
    .sort((a, b) => b.count - a.count || (a.intent < b.intent ? -1 : a.intent > b.intent ? 1 : 0))
    .slice(0, TOP_INTENTS);
}

/** One entry per UTC day that [from, to) touches, zero-filled; a contact counts on the day it started. */
function dailyFigures(contacts: readonly Contact[], fromMs: number, toMs: number): Stats['daily'] {
  const firstDayMs = Math.floor(fromMs / DAY_MS) * DAY_MS;
  const byDay = new Map<number, Contact[]>();
  for (const contact of contacts) {
    const dayMs = Math.floor(contact.startMs / DAY_MS) * DAY_MS;
    const list = byDay.get(dayMs);
    if (list) list.push(contact);
    else byDay.set(dayMs, [contact]);
  }
  const daily: Stats['daily'] = [];
  for (let dayMs = firstDayMs; dayMs < toMs; dayMs += DAY_MS)
    daily.push({ date: new Date(dayMs).toISOString().slice(0, 10), ...figuresOf(byDay.get(dayMs) ?? []) });
  return daily;
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
