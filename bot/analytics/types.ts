/**
 * The shapes the support console's API returns (bot/console/) and `upay-bot report` prints, computed from
 * turn events (./turn-event.ts). Field names are the API's (snake_case where the issue names them).
 */
import type { Language } from '../../intents/types.ts';
import type { IntentSuggestion, TurnEvent } from './turn-event.ts';

/** Where turn events are kept: batches in the store, expiring after RETENTION_DAYS. */
export interface TurnEventLog {
  /** Queues one event; cheap and synchronous (a turn never waits for analytics). */
  record(event: TurnEvent): void;
  /** Writes what is queued. */
  flush(): Promise<void>;
  /** Every event with from ≤ at < to, oldest first, across instances. */
  read(from: Date, to: Date): Promise<TurnEvent[]>;
  /** Removes the events of these conversations (`upay-bot forget`); returns how many were removed. */
  forget(conversationIds: ReadonlySet<string>): Promise<number>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
}

export interface StatsFilter {
  from: Date;
  to: Date;
  channel?: string;
  language?: Language;
}

/**
 * How a contact (a conversation's turns with no gap of 30 min or more) ended; see docs/CONSOLE.md.
 * `resolved_confirmed` and `resolved_assumed` are contained.
 */
export type ContactOutcome = 'resolved_confirmed' | 'resolved_assumed' | 'handoff' | 'repeat_contact' | 'unanswered';

export interface Figures {
  conversations: number;
  turns: number;
  containment_rate: number | null;
  handoff_rate: number | null;
  handoffs_by_reason: Record<string, number>;
  csat_average: number | null;
  csat_responses: number;
  fallback_rate: number | null;
  /** Contacts counted as resolved whose 24 h window is still open (they may yet become repeat contacts). */
  provisional: number;
}

export interface Stats extends Figures {
  from: string;
  to: string;
  filter: { channel?: string; language?: Language };
  top_intents: { intent: string; count: number }[];
  by_channel: Record<string, Figures>;
  by_language: Record<string, Figures>;
  outcomes: Record<ContactOutcome, number>;
  /** One entry per UTC day in [from, to). */
  daily: ({ date: string } & Figures)[];
}

/** Why a message counts as missed. */
export type MissReason =
  'out_of_scope' | 'clarification_unresolved' | 'low_confidence' | 'not_helpful' | 'handoff_after_misunderstanding';

export interface UnansweredGroup {
  /** Stable while the group's first text is the same (a hash of it). */
  id: string;
  count: number;
  lastSeen: string;
  language: Language;
  /** A redacted example (the newest). */
  example: string;
  suggestions: IntentSuggestion[];
  reasons: Partial<Record<MissReason, number>>;
  /** Up to 10 distinct redacted texts of the group (newest first). */
  examples: string[];
  /** Every distinct text of the group (what assign/dismiss teach); not sent to the page in full. */
  texts: string[];
}

export interface ConversationFilter {
  from: Date;
  to: Date;
  channel?: string;
  language?: Language;
  intent?: string;
  outcome?: ContactOutcome;
}

export interface ConversationSummary {
  conversationId: string;
  channel: string;
  language: Language;
  startedAt: string;
  lastAt: string;
  turns: number;
  intents: string[];
  outcome: ContactOutcome;
}

export interface TranscriptTurn {
  at: string;
  from: 'customer' | 'bot';
  text: string;
  intent?: string;
  confidence?: number;
  flow?: string;
  flowStep?: string;
  replyId?: string;
}

export interface ConversationDetail {
  conversationId: string;
  channel: string;
  language: Language;
  turns: TranscriptTurn[];
}

export interface IntentReport {
  /** The changes version of the model measured (bot/teach/). */
  modelVersion: number;
  computedAt: string;
  accuracy: number;
  tests: number;
  intents: { intent: string; precision: number; recall: number; f1: number; support: number }[];
  /** The most confused (expected → predicted) pairs, most frequent first. */
  confusions: { expected: string; predicted: string; count: number }[];
  /** Confidence of the top intent, in ten buckets [0,0.1) … [0.9,1], split into right and wrong. */
  histogram: { from: number; to: number; correct: number; wrong: number }[];
}
