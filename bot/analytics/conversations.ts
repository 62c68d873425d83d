/**
 * Conversation review (GET /api/console/conversations[/:id]): contacts found by date, channel, language, intent
 * and outcome, and one conversation's redacted transcript with each turn's reading.
 */
import { eventsByConversation, splitContacts } from './contacts.ts';
import type { ConversationDetail, ConversationFilter, ConversationSummary, TranscriptTurn } from './types.ts';
import type { TurnEvent } from './turn-event.ts';

/** The most contacts a search returns. */
export const MAX_CONVERSATIONS = 200;

/**
 * Contacts starting in [from, to) that match the filter, newest first (at most MAX_CONVERSATIONS). An intent
 * matches when any turn of the contact was read as it. Events should cover [from, to + 24 h) (outcomes).
 */
export function searchConversations(
  events: readonly TurnEvent[],
  filter: ConversationFilter,
  now: Date,
): ConversationSummary[] {
  const fromMs = filter.from.getTime();
  const toMs = filter.to.getTime();
  const found: ConversationSummary[] = [];
  const contacts = splitContacts(events, now);
  for (let i = contacts.length - 1; i >= 0 && found.length < MAX_CONVERSATIONS; i--) {
    const contact = contacts[i];
    if (!contact || contact.startMs < fromMs || contact.startMs >= toMs) continue;
    if (filter.channel !== undefined && contact.channel !== filter.channel) continue;
    if (filter.language !== undefined && contact.language !== filter.language) continue;
    if (filter.outcome !== undefined && contact.outcome !== filter.outcome) continue;
    const intents = [...new Set(contact.events.flatMap((e) => (e.intent === undefined ? [] : [e.intent])))];
    if (filter.intent !== undefined && !intents.includes(filter.intent)) continue;
    found.push({
      conversationId: contact.conversationId,
      channel: contact.channel,
      language: contact.language,
      startedAt: new Date(contact.startMs).toISOString(),
      lastAt: new Date(contact.endMs).toISOString(),
      turns: contact.events.length,
      intents,
      outcome: contact.outcome,
    });
  }
  return found;
}

/**
 * One conversation's transcript, oldest first: per turn the customer's line (with the NLU's reading), then each
 * reply of the assistant (with its id and the flow step after the turn). Undefined when no event names it.
 */
export function openConversation(events: readonly TurnEvent[], conversationId: string): ConversationDetail | undefined {
  const turns = eventsByConversation(events.filter((e) => e.conversationId === conversationId)).get(conversationId);
  const first = turns?.[0];
  const last = turns?.[turns.length - 1];
  if (!turns || !first || !last) return undefined;
  return {
    conversationId,
    channel: first.channel,
    language: last.language,
    turns: turns.flatMap(transcriptOf),
  };
}

function transcriptOf(event: TurnEvent): TranscriptTurn[] {
  const lines: TranscriptTurn[] = [
    {
      at: event.at,
      from: 'customer',
      text: customerLine(event),
      ...(event.intent !== undefined && { intent: event.intent }),
      ...(event.confidence !== undefined && { confidence: event.confidence }),
    },
  ];
  event.replies.forEach((reply, i) => {
    const replyId = event.replyIds[i];
    lines.push({
      at: event.at,
      from: 'bot',
      text: reply,
      ...(event.flow !== undefined && { flow: event.flow }),
      ...(event.flowStep !== undefined && { flowStep: event.flowStep }),
      ...(replyId !== undefined && { replyId }),
    });
  });
  return lines;
}

/** The redacted text, else what was pressed or sent (`[button intent:fees]`, `[start]`). */
function customerLine(event: TurnEvent): string {
  if (event.text !== undefined && event.text !== '') return event.text;
  if (event.button !== undefined) return `[button ${event.button}]`;
  if (event.rating !== undefined) return `[rating ${event.rating}]`;
  return `[${event.input}]`;
}
