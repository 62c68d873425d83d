/**
 * What the engine records about every turn, for the support console (bot/console/) and `upay-bot report`.
 * No message text beyond the redacted form the transcript stores; kept RETENTION_DAYS (bot/analytics/event-log.ts).
 */
import type { Language } from '../../intents/types.ts';
import type { HandoffReason, HandoffState } from '../core/turn.ts';

export const TURN_EVENT_VERSION = 1;

/** The longest customer text and reply text an event keeps (characters). */
export const EVENT_TEXT_MAX_CHARS = 500;
export const EVENT_REPLY_MAX_CHARS = 300;

export interface IntentSuggestion {
  intent: string;
  confidence: number;
}

export interface TurnEvent {
  v: typeof TURN_EVENT_VERSION;
  /** ISO time of the turn. */
  at: string;
  conversationId: string;
  channel: string;
  /** The conversation's reply language after the turn. */
  language: Language;
  /** What the customer sent. */
  input: 'text' | 'button' | 'command' | 'start' | 'contact' | 'other';
  /** The customer's line as the transcript stores it (passwords, cards, ids, codes, contacts redacted), capped. */
  text?: string;
  /**
   * The engine-owned part of a pressed button: `intent:<id>`, `clarify:none`, `article:yes|no`, `rating:<n>`,
   * `cmd:<name>`; a flow's own button only as its prefix (`flow`), never its value.
   */
  button?: string;
  /** The NLU's reading of a typed message. */
  intent?: string;
  confidence?: number;
  /** The top three intents (the first is `intent`). */
  ranking?: IntentSuggestion[];
  /** Reply ids in order: catalogue id, `answer:<intent>`, `article:<id>`, `fallback`, `desk.*`. */
  replyIds: string[];
  /** Reply texts in order, each capped. */
  replies: string[];
  /** The active flow and its step after the turn. */
  flow?: string;
  flowStep?: string;
  /** Handoff state after the turn. */
  handoff: HandoffState;
  /** Set on the turn that asked for a person. */
  handoffReason?: HandoffReason;
  /** 1–5, on the turn that answered the satisfaction question. */
  rating?: number;
  /** On the turn that pressed "did this help?" under a help article. */
  helpful?: boolean;
  /** The turn failed (the customer got the apology). */
  error?: boolean;
  /** Wall time of the turn. */
  ms: number;
}
