/**
 * Contacts: a conversation's turns split where the customer was away for 30 minutes or more, each with how it ended
 * (docs/CONSOLE.md, "How the figures are defined"). Pure: the same events and `now` give the same contacts.
 */
import type { Language } from '../../intents/types.ts';
import type { HandoffState } from '../core/turn.ts';
import type { TurnEvent } from './turn-event.ts';
import type { ContactOutcome } from './types.ts';

/** A gap this long between two turns of a conversation starts a new contact. */
export const CONTACT_GAP_MS = 30 * 60_000;
/** A contact followed by another of the same conversation within this time was not resolved (a repeat contact). */
export const REPEAT_WINDOW_MS = 24 * 60 * 60_000;
/** A rating of at least this confirms the contact was resolved. */
export const CONFIRMING_RATING = 4;

/** While a person has (or is about to take) the conversation, the customer's silence does not end the contact. */
const HANDOFF_ACTIVE: ReadonlySet<HandoffState> = new Set(['requested', 'queued', 'claimed', 'relaying']);
/** Reply ids that are not an answer: the "not understood" move and the "which did you mean?" question. */
const NOT_AN_ANSWER: ReadonlySet<string> = new Set(['fallback', 'clarify']);
/** Small talk: a reply to it is not an answer a "thanks" can confirm. */
const SMALL_TALK: ReadonlySet<string> = new Set(['greeting', 'thanks', 'goodbye']);

export interface Contact {
  conversationId: string;
  /** The channel of its first turn. */
  channel: string;
  /** The reply language after its last turn. */
  language: Language;
  startMs: number;
  endMs: number;
  /** Its turns, oldest first. */
  events: TurnEvent[];
  outcome: ContactOutcome;
  /** `resolved_assumed` while its 24 h window is still open at `now`: it may yet become a repeat contact. */
  provisional: boolean;
}

/** Turn events by conversation, each list oldest first (stable for equal times); events without a valid time dropped. */
export function eventsByConversation(events: readonly TurnEvent[]): Map<string, TurnEvent[]> {
  const byConversation = new Map<string, TurnEvent[]>();
  for (const event of events) {
    if (!Number.isFinite(timeOf(event))) continue; // a damaged record: no place in time
    const list = byConversation.get(event.conversationId);
    if (list) list.push(event);
    else byConversation.set(event.conversationId, [event]);
  }
  for (const list of byConversation.values()) list.sort((a, b) => timeOf(a) - timeOf(b));
  return byConversation;
}

/** Every contact of these events with its outcome, oldest start first. */
export function splitContacts(events: readonly TurnEvent[], now: Date): Contact[] {
  const contacts: Contact[] = [];
  for (const turns of eventsByConversation(events).values()) contacts.push(...contactsOfConversation(turns, now));
  return contacts.sort((a, b) => a.startMs - b.startMs || compareText(a.conversationId, b.conversationId));
}

/** One conversation's contacts (its turns oldest first). */
function contactsOfConversation(turns: readonly TurnEvent[], now: Date): Contact[] {
  const groups: TurnEvent[][] = [];
  let current: TurnEvent[] = [];
  let previous: TurnEvent | undefined;
  for (const turn of turns) {
    if (previous && startsNewContact(previous, turn)) {
      groups.push(current);
      current = [];
    }
    current.push(turn);
    previous = turn;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group, i) => {
    const first = group[0] as TurnEvent;
    const last = group[group.length - 1] as TurnEvent;
    const endMs = timeOf(last);
    const next = groups[i + 1];
    const nextStartMs = next ? timeOf(next[0] as TurnEvent) : undefined;
    const outcome = outcomeOf(group, endMs, nextStartMs);
    return {
      conversationId: first.conversationId,
      channel: first.channel,
      language: last.language,
      startMs: timeOf(first),
      endMs,
      events: group,
      outcome,
      provisional: outcome === 'resolved_assumed' && endMs + REPEAT_WINDOW_MS > now.getTime(),
    };
  });
}

/**
 * A gap of 30 min or more starts a new contact, except while a person has the conversation (the customer waits for
 * or talks to an agent) and for the answer to the satisfaction question (asked when a case closes, possibly hours
 * later): both belong to the contact they follow, as long as the gap is under 24 h.
 */
function startsNewContact(previous: TurnEvent, turn: TurnEvent): boolean {
  const gapMs = timeOf(turn) - timeOf(previous);
  if (gapMs < CONTACT_GAP_MS) return false;
  if (gapMs >= REPEAT_WINDOW_MS) return true;
  return !(HANDOFF_ACTIVE.has(previous.handoff) || turn.rating !== undefined);
}

/** The first matching outcome of docs/CONSOLE.md: handoff, confirmed, repeat contact, unanswered, assumed. */
function outcomeOf(turns: readonly TurnEvent[], endMs: number, nextStartMs: number | undefined): ContactOutcome {
  if (turns.some((t) => t.handoffReason !== undefined)) return 'handoff';
  if (confirmed(turns)) return 'resolved_confirmed';
  if (nextStartMs !== undefined && nextStartMs - endMs <= REPEAT_WINDOW_MS) return 'repeat_contact';
  if (!turns.some(answeredOnTopic)) return 'unanswered';
  return 'resolved_assumed';
}

/** "This helped", a rating of 4 or 5, or a typed thanks after an answer. */
function confirmed(turns: readonly TurnEvent[]): boolean {
  let answered = false;
  for (const turn of turns) {
    if (turn.helpful === true) return true;
    if (turn.rating !== undefined && turn.rating >= CONFIRMING_RATING) return true;
    if (answered && turn.input === 'text' && turn.intent === 'thanks') return true;
    if (answeredOnTopic(turn) && !(turn.intent !== undefined && SMALL_TALK.has(turn.intent))) answered = true;
  }
  return false;
}

/**
 * The customer asked (typed, a command, a topic or flow button) and got something other than "not understood" or
 * "which did you mean?": an answer, an article, a flow's step, a small-talk reply.
 */
export function answeredOnTopic(turn: TurnEvent): boolean {
  const asked =
    turn.input === 'text' ||
    turn.input === 'command' ||
    (turn.input === 'button' &&
      turn.button !== undefined &&
      (turn.button.startsWith('intent:') || turn.button.startsWith('cmd:') || turn.button === 'flow'));
  return asked && turn.replyIds.some((id) => !NOT_AN_ANSWER.has(id));
}

/** A text turn answered with "not understood". */
export function isFallbackTurn(turn: TurnEvent): boolean {
  return turn.input === 'text' && turn.replyIds.includes('fallback');
}

export function timeOf(event: TurnEvent): number {
  return Date.parse(event.at);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
