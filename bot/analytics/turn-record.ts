/**
 * Builds the analytics event of one turn (./turn-event.ts) from what the engine knows after it: pure and
 * cheap, so that recording costs the turn a few object allocations. Texts are the redacted forms the
 * transcript stores, capped; a button keeps only its engine-owned part (a flow's value may name a transaction).
 */
import type { Language } from '../../intents/types.ts';
import type { HandoffReason, HandoffState } from '../core/turn.ts';
import type { EventInput } from '../core/messages.ts';
import {
  EVENT_REPLY_MAX_CHARS,
  EVENT_TEXT_MAX_CHARS,
  TURN_EVENT_VERSION,
  type IntentSuggestion,
  type TurnEvent,
} from './turn-event.ts';

/** What `buildTurnEvent` reads; the engine fills it from the turn, the conversation and the result. */
export interface TurnFacts {
  at: Date;
  conversationId: string;
  channel: string;
  language: Language;
  input: EventInput;
  /** The customer's line as the transcript stores it (already redacted). */
  customerLine?: string;
  /** Top intent of a typed message (null for buttons and commands). */
  intent: string | null;
  ranking?: readonly { intent: string; confidence: number }[];
  /** Already reduced by `buttonForEvent`. */
  button?: string;
  replies: readonly { id?: string; text: string }[];
  flow?: { id: string; step?: unknown };
  handoff: HandoffState;
  handoffReason?: HandoffReason;
  rating?: number;
  helpful?: boolean;
  error?: boolean;
  ms: number;
}

const RANKING_SIZE = 3;
const ID_MAX_CHARS = 64;
const SIMPLE_ID = /^[A-Za-z0-9_.-]{1,64}$/u;
const PREFIX = /^([a-z_]{1,32}):/u;
const COMMANDS: ReadonlySet<string> = new Set(['start', 'help', 'cancel', 'human', 'lang']);
const LANGS: ReadonlySet<string> = new Set(['zh', 'en', 'auto']);

/**
 * The engine-owned part of a pressed button's value (values come back from the client: never trusted):
 * `intent:<id>`, `clarify:none`, `article:yes|no` (without the article id), `rating:<1-5>`, `cmd:<name>`,
 * `lang:<x>`; anything else only its prefix before ':' (`flow`, `pay`, `verify`), or `other`.
 */
export function buttonForEvent(value: string): string {
  const prefix = PREFIX.exec(value)?.[1];
  if (prefix === undefined) return 'other';
  const rest = value.slice(prefix.length + 1);
  switch (prefix) {
    case 'intent':
      return SIMPLE_ID.test(rest) ? value : prefix;
    case 'clarify':
      return rest === 'none' ? value : prefix;
    case 'article': {
      const answer = /^(yes|no)(?::|$)/u.exec(rest)?.[1];
      return answer ? `article:${answer}` : prefix;
    }
    case 'rating':
      return /^[1-5]$/u.test(rest) ? value : prefix;
    case 'cmd':
      return COMMANDS.has(rest) ? value : prefix;
    case 'lang':
      return LANGS.has(rest) ? value : prefix;
    default:
      return prefix;
  }
}

/** What kind of input the customer sent, in the event's terms. */
export function inputKind(input: EventInput): TurnEvent['input'] {
  switch (input.kind) {
    case 'text':
      return 'text';
    case 'action':
      return 'button';
    case 'command':
      return 'command';
    case 'start':
      return 'start';
    case 'contact':
      return 'contact';
    default:
      return 'other';
  }
}

/** Cuts to `max` characters, never inside a surrogate pair. */
export function capChars(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** The analytics event of one turn; optional fields only when they say something. */
export function buildTurnEvent(facts: TurnFacts): TurnEvent {
  const replyIds: string[] = [];
  const replies: string[] = [];
  for (const reply of facts.replies) {
    replyIds.push(reply.id ?? 'unknown');
    replies.push(capChars(reply.text, EVENT_REPLY_MAX_CHARS));
  }
  const event: TurnEvent = {
    v: TURN_EVENT_VERSION,
    at: facts.at.toISOString(),
    conversationId: facts.conversationId,
    channel: facts.channel,
    language: facts.language,
    input: inputKind(facts.input),
    replyIds,
    replies,
    handoff: facts.handoff,
    ms: Math.round(facts.ms * 10) / 10,
  };
  // A button's line in the transcript is its whole value (a flow's may name a transaction): `button` says it instead.
  if (facts.customerLine !== undefined && facts.input.kind !== 'action')
    event.text = capChars(facts.customerLine, EVENT_TEXT_MAX_CHARS);
  if (facts.button !== undefined) event.button = facts.button;
  if (facts.input.kind === 'text' && facts.intent !== null) {
    const ranking: IntentSuggestion[] = (facts.ranking ?? [])
      .slice(0, RANKING_SIZE)
      .map((r) => ({ intent: capChars(r.intent, ID_MAX_CHARS), confidence: round3(r.confidence) }));
    event.intent = facts.intent;
    const top = ranking.find((r) => r.intent === facts.intent);
    if (top) event.confidence = top.confidence;
    if (ranking.length) event.ranking = ranking;
  }
  if (facts.flow) {
    event.flow = facts.flow.id;
    if (typeof facts.flow.step === 'string') event.flowStep = capChars(facts.flow.step, ID_MAX_CHARS);
  }
  if (facts.handoffReason !== undefined) event.handoffReason = facts.handoffReason;
  if (facts.rating !== undefined) event.rating = facts.rating;
  if (facts.helpful !== undefined) event.helpful = facts.helpful;
  if (facts.error) event.error = true;
  return event;
}

function round3(n: number): number {
  return Number.isFinite(n) ? Math.round(n * 1000) / 1000 : 0;
}
