import type { IncomingEvent, Reply } from '../core/messages.ts';
import type { Language } from '../../intents/types.ts';
import { localeOf, text as catalogueText, type MessageId, type MessageParams } from '../i18n/messages.ts';
import type { HandoffReason } from '../core/turn.ts';
import type { Conversation } from './conversation.ts';
import type { Redactor } from './transcript.ts';
import type { EngineDeps, EngineMetrics, EngineOptions } from './types.ts';

/** Dependencies after defaults are filled in. */
export interface ResolvedDeps extends Omit<EngineDeps, 'metrics' | 'now' | 'newId' | 'options'> {
  metrics: EngineMetrics;
  now: () => Date;
  newId: () => string;
  options: EngineOptions;
  redact: Redactor;
}

/** One turn in progress: the conversation being edited and the replies collected so far. */
export interface Turn {
  deps: ResolvedDeps;
  event: IncomingEvent;
  conv: Conversation;
  at: Date;
  replies: Reply[];
  /** Top intent of this message (null for buttons/commands). */
  intent: string | null;
  /** The customer's input as the transcript stores it (redacted), once logged. */
  customerLine?: string;
  /** What the turn's analytics event records beyond the replies (bot/analytics/turn-record.ts); set as it happens. */
  trace?: TurnTrace;
}

/** Facts of one turn for its analytics event; no text (the customer's line is `customerLine`). */
export interface TurnTrace {
  /** The NLU's top intents of a typed message, best first (at most three). */
  ranking?: { intent: string; confidence: number }[];
  /** The engine-owned part of a pressed button (`intent:<id>`, `article:no`, `flow`; buttonForEvent()). */
  button?: string;
  handoffReason?: HandoffReason;
  rating?: number;
  helpful?: boolean;
}

/** The turn's trace, created on first use. */
export function traceOf(turn: Turn): TurnTrace {
  turn.trace ??= {};
  return turn.trace;
}

export function lang(turn: Turn): Language {
  return turn.conv.language;
}

/** A message's text in the customer's language, the contact channels filled in where it names them. */
export function text(turn: Turn, id: MessageId, params: MessageParams = {}): string {
  return catalogueText(turn.conv.language, id, { ...contactParams(turn), ...params });
}

/** Adds a reply: the message's text with its id (`Reply.id`). */
export function say(turn: Turn, id: MessageId, params: MessageParams = {}, buttons?: Reply['buttons']): void {
  turn.replies.push(replyOf(id, text(turn, id, params), buttons));
}

/** A reply with its id; buttons only when there are some. */
export function replyOf(id: string, text: string, buttons?: Reply['buttons']): Reply {
  return buttons?.length ? { text, buttons, id } : { text, id };
}

/** The contact channels from knowledge/values.yaml, and `contact`: the contact_us sentence they make. */
export function contactParams(turn: Turn): MessageParams {
  const c = turn.deps.knowledge.contact;
  const language = turn.conv.language;
  const locale = localeOf(language);
  const channels = {
    hotline: c.hotline,
    email: c.email,
    hours: c.hours[locale],
    social: c.social[locale],
    emailReplyHours: c.emailReplyHours,
  };
  return { ...channels, contact: catalogueText(language, 'contact_us', channels) };
}
