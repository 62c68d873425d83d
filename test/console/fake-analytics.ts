/**
 * Canned analytics for the console API tests (buildConsoleApp passes them to the plugin as its `analytics`): the
 * tests check the API's authorisation, validation and shapes, not the figures (test/analytics/ does those).
 */
import type {
  ConversationDetail,
  ConversationSummary,
  IntentReport,
  Stats,
  StatsFilter,
  UnansweredGroup,
} from '../../bot/analytics/types.ts';
import type { UnansweredOptions } from '../../bot/analytics/unanswered.ts';

export const calls = {
  stats: [] as StatsFilter[],
  unanswered: [] as UnansweredOptions[],
  intentReports: 0,
};

const figures = {
  conversations: 3,
  turns: 9,
  containment_rate: 0.5,
  handoff_rate: 0.25,
  handoffs_by_reason: { asked: 1 },
  csat_average: 4.5,
  csat_responses: 2,
  fallback_rate: 0.1,
  provisional: 0,
};

/** The real read range (a pure date computation), so the routes read what they will in production. */
export function statsReadRange(range: { from: Date; to: Date }): { from: Date; to: Date } {
  const dayMs = 86_400_000;
  return { from: new Date(range.from.getTime() - dayMs), to: new Date(range.to.getTime() + dayMs) };
}

export function computeStats(_events: unknown, filter: StatsFilter, _now: Date): Stats {
  calls.stats.push(filter);
  return {
    ...figures,
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    filter: {
      ...(filter.channel ? { channel: filter.channel } : {}),
      ...(filter.language ? { language: filter.language } : {}),
    },
    top_intents: [{ intent: 'payment_failed', count: 2 }],
    by_channel: { webchat: figures },
    by_language: { zh: figures },
    outcomes: { resolved_confirmed: 1, resolved_assumed: 1, handoff: 1, repeat_contact: 0, unanswered: 0 },
    daily: [],
  };
}

export const GROUPS: UnansweredGroup[] = [
  {
    id: 'g1',
    count: 2,
    lastSeen: '2030-01-01T00:00:00.000Z',
    language: 'en',
    example: 'where is my parcel',
    suggestions: [],
    reasons: { out_of_scope: 2 },
    examples: ['where is my parcel'],
    texts: ['where is my parcel', 'where is my parcel now'],
  },
  {
    id: 'g2',
    count: 1,
    lastSeen: '2029-12-31T00:00:00.000Z',
    language: 'zh',
    example: '快递在哪',
    suggestions: [],
    reasons: { low_confidence: 1 },
    examples: ['快递在哪'],
    texts: ['快递在哪'],
  },
];

export function findUnanswered(_events: unknown, opts: UnansweredOptions): UnansweredGroup[] {
  calls.unanswered.push(opts);
  return GROUPS.filter((g) => !opts.handled.has(g.texts[0] as string)).map((g) => ({
    ...g,
    suggestions: opts.suggest(g.example, g.language),
  }));
}

export function normalizeMissedText(text: string): string {
  return text.toLowerCase();
}

export const SUMMARY: ConversationSummary = {
  conversationId: 'webchat:abc',
  channel: 'webchat',
  language: 'zh',
  startedAt: '2030-01-01T00:00:00.000Z',
  lastAt: '2030-01-01T00:01:00.000Z',
  turns: 2,
  intents: ['payment_failed'],
  outcome: 'resolved_assumed',
};

export function searchConversations(): ConversationSummary[] {
  return Array.from({ length: 250 }, (_, i) => ({ ...SUMMARY, conversationId: `webchat:c${i}` }));
}

export function openConversation(_events: unknown, id: string): ConversationDetail | undefined {
  if (id !== 'webchat:abc') return undefined;
  return {
    conversationId: id,
    channel: 'webchat',
    language: 'zh',
    turns: [{ at: SUMMARY.startedAt, from: 'customer', text: '付款失败', intent: 'payment_failed', confidence: 0.9 }],
  };
}

export function computeIntentReport(_nlu: unknown, _knowledge: unknown, modelVersion: number, now: Date): IntentReport {
  calls.intentReports++;
  return {
    modelVersion,
    computedAt: now.toISOString(),
    accuracy: 0.9,
    tests: 10,
    intents: [],
    confusions: [],
    histogram: [],
  };
}
