import type { IncomingEvent, Reply } from './messages.ts';

/** Handoff lifecycle (see docs/ARCHITECTURE.md). `none` = the bot owns the conversation. */
export type HandoffState =
  'none' | 'requested' | 'queued' | 'claimed' | 'relaying' | 'resolved' | 'expired' | 'returned_to_bot';

export type HandoffReason =
  | 'customer_request'
  | 'repeated_misunderstanding'
  | 'flow_failed'
  | 'fraud'
  | 'wallet_outage'
  | 'not_self_service'
  | 'customer_disagrees'
  /** The customer files a complaint: a person handles it (knowledge intent `complaint`). */
  | 'complaint';

/** What one turn produced; the same shape as `upay-bot chat --jsonl` and the in-app messages API. */
export interface TurnResult {
  replies: Reply[];
  /** Top intent of this message, or null for button presses and commands. */
  intent: string | null;
  /** The active flow after the turn, or null. */
  flow: string | null;
  handoff: HandoffState;
  /** True when the event id was already handled: nothing ran, `replies` repeats the first answer when known. */
  duplicate?: boolean;
  /**
   * The customer's message as stored in the transcript — passwords, card and ID numbers, codes and
   * contact details already redacted — for a channel that keeps its own history (the in-app log).
   */
  customerText?: string;
}

export interface Engine {
  handle(event: IncomingEvent): Promise<TurnResult>;
}
