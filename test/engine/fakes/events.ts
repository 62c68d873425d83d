import type { EventInput, IncomingEvent } from '../../../bot/core/messages.ts';

/**
 * An incoming event as a channel adapter builds it, for tests that drive `engine.handle` directly (ids
 * they choose, several users or conversations). The channel is the conversation id's prefix, as in
 * `telegram:42`; a string input is a text message.
 */
export function eventIn(
  conversationId: string,
  userId: string,
  eventId: string,
  input: EventInput | string,
  extra: Partial<IncomingEvent> = {},
): IncomingEvent {
  return {
    eventId,
    channel: conversationId.slice(0, conversationId.indexOf(':')),
    conversationId,
    user: { id: userId },
    input: typeof input === 'string' ? { kind: 'text', text: input } : input,
    ...extra,
  };
}
