import type { ConversationDetail, ConversationFilter, ConversationSummary } from './types.ts';
import type { TurnEvent } from './turn-event.ts';

/** PLACEHOLDER (contract commit): contacts matching the filter, newest first. */
export function searchConversations(
  _events: readonly TurnEvent[],
  _filter: ConversationFilter,
  _now: Date,
): ConversationSummary[] {
  throw new Error('not implemented yet');
}

/** PLACEHOLDER (contract commit): one conversation's redacted transcript with each turn's reading. */
export function openConversation(
  _events: readonly TurnEvent[],
  _conversationId: string,
): ConversationDetail | undefined {
  throw new Error('not implemented yet');
}
