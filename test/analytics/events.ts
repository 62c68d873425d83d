/**
 * Turn-event fixtures that read like a story: `ev({ who: 'webchat:anna', at: '03-10 09:00', text: 'how do I top up',
 * intent: 'top_up', replyIds: ['answer:top_up'] })`. Times are 2025, UTC, "MM-DD HH:MM" (or "MM-DD HH:MM:SS").
 */
import type { TurnEvent } from '../../bot/analytics/turn-event.ts';

export type EventSketch = Partial<Omit<TurnEvent, 'at' | 'conversationId'>> & {
  /** The conversation id; its channel is the part before the colon. */
  who: string;
  at: string;
};

/** "03-10 09:00" → 2025-03-10T09:00:00.000Z; a full ISO time is kept. */
export function time(at: string): string {
  if (at.includes('T')) return new Date(at).toISOString();
  const [day, clock] = at.split(' ');
  const seconds = clock?.length === 5 ? `${clock}:00` : clock;
  return new Date(`2025-${day}T${seconds}Z`).toISOString();
}

export function date(at: string): Date {
  return new Date(time(at));
}

export function ev(sketch: EventSketch): TurnEvent {
  const { who, at, ...rest } = sketch;
  const replyIds = rest.replyIds ?? [];
  const input = rest.input ?? (rest.text !== undefined ? 'text' : rest.button !== undefined ? 'button' : 'start');
  return {
    v: 1,
    at: time(at),
    conversationId: who,
    channel: who.split(':')[0] ?? 'webchat',
    language: 'en',
    handoff: 'none',
    ms: 4,
    ...rest,
    input,
    replyIds,
    replies: rest.replies ?? replyIds.map((id) => `(reply ${id})`),
  };
}

/** A typed message answered from the knowledge base (`at` as in `time`). */
export function answered(who: string, at: string, text: string, intent: string, extra: Partial<TurnEvent> = {}) {
  return ev({ who, at, text, intent, confidence: 0.9, replyIds: [`answer:${intent}`], ...extra });
}

/** A typed message the assistant did not understand. */
export function notUnderstood(who: string, at: string, text: string, extra: Partial<TurnEvent> = {}) {
  return ev({ who, at, text, intent: 'out_of_scope', confidence: 0.7, replyIds: ['fallback'], ...extra });
}

/** A typed "thank you". */
export function thanks(who: string, at: string, extra: Partial<TurnEvent> = {}) {
  return ev({ who, at, text: 'thank you!', intent: 'thanks', confidence: 0.95, replyIds: ['answer:thanks'], ...extra });
}
