import type { Button, EventInput, IncomingEvent } from '../../bot/core/messages.ts';

/** The parts of a Bot Framework activity the adapter reads (plain JSON, as on the wire). */
export interface ActivityLike {
  type?: string;
  id?: string;
  channelId?: string;
  serviceUrl?: string;
  text?: string;
  value?: unknown;
  locale?: string;
  timestamp?: string | Date;
  from?: { id?: string; name?: string };
  recipient?: { id?: string; name?: string };
  conversation?: { id?: string; isGroup?: boolean };
  membersAdded?: { id?: string; name?: string }[];
  attachments?: unknown[];
  channelData?: unknown;
}

export function botFrameworkConversationId(activity: ActivityLike): string | undefined {
  if (!activity.channelId || !activity.conversation?.id) return undefined;
  return `botframework:${activity.channelId}:${activity.conversation.id}`;
}

/** The parts of an activity's conversation id: channel and the platform's conversation id. */
export function splitConversationId(conversationId: string): { channelId: string; conversationId: string } | undefined {
  const m = /^botframework:([^:]+):(.+)$/.exec(conversationId);
  return m?.[1] && m[2] ? { channelId: m[1], conversationId: m[2] } : undefined;
}

/**
 * A message or conversationUpdate activity as a neutral event, or null when there is nothing to
 * answer. `lastButtons` are the buttons last offered in this conversation: a suggested action comes
 * back as a message whose text is the button's value (Web Chat) or label (some channels).
 */
export function parseActivity(activity: ActivityLike, lastButtons: Button[] = []): IncomingEvent | null {
  const conversationId = botFrameworkConversationId(activity);
  if (!conversationId || !activity.from?.id) return null;
  const eventId = activity.id ?? `${activity.conversation?.id}:${String(activity.timestamp ?? '')}`;
  let input: EventInput | null = null;

  if (activity.type === 'conversationUpdate') {
    const botId = activity.recipient?.id;
    const someoneElseJoined = (activity.membersAdded ?? []).some((m) => m.id && m.id !== botId);
    if (!someoneElseJoined) return null;
    input = { kind: 'start' };
  } else if (activity.type === 'message') {
    if (activity.from.id === activity.recipient?.id) return null;
    input = messageInput(activity, lastButtons);
  }
  if (!input) return null;
  const user =
    activity.type === 'conversationUpdate'
      ? ((activity.membersAdded ?? []).find((m) => m.id !== activity.recipient?.id) ?? activity.from)
      : activity.from;
  return {
    eventId: activity.type === 'conversationUpdate' ? `welcome:${eventId}` : eventId,
    channel: 'botframework',
    conversationId,
    user: {
      id: user.id ?? activity.from.id,
      ...(user.name ? { name: user.name } : {}),
      ...(activity.locale ? { locale: activity.locale } : {}),
    },
    input,
    ...(activity.conversation?.isGroup ? { isGroup: true } : {}),
    receivedAt: new Date().toISOString(),
  };
}

function messageInput(activity: ActivityLike, lastButtons: Button[]): EventInput | null {
  const value = activity.value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { upayAction?: unknown }).upayAction === 'string'
  ) {
    return { kind: 'action', value: (value as { upayAction: string }).upayAction };
  }
  const text = (activity.text ?? '').replace(/<at>[^<]*<\/at>/gu, '').trim();
  if (text) {
    const pressed = lastButtons.find((b) => b.value === text) ?? lastButtons.find((b) => b.label === text);
    if (pressed) return { kind: 'action', value: pressed.value };
    return { kind: 'text', text };
  }
  if (activity.attachments?.length) return { kind: 'unsupported', what: 'attachment' };
  return null;
}
