import type { Store } from '../store/types.ts';
import type { TurnResult } from '../types.ts';

/**
 * At-most-once turns per `(channel, eventId)`: the first caller claims the event with setIfAbsent;
 * its TurnResult is kept under a result key so a retry of the same event gets the same replies
 * without running anything (waiting for the first attempt while it is still in progress).
 */
export function dedupeKey(channel: string, eventId: string): string {
  return `dedupe:${channel}:${eventId}`;
}

export function resultKey(channel: string, eventId: string): string {
  return `turn:${channel}:${eventId}`;
}

export async function claimEvent(store: Store, channel: string, eventId: string, ttlMs: number, at: Date): Promise<boolean> {
  return store.setIfAbsent(dedupeKey(channel, eventId), { at: at.toISOString() }, { ttlMs });
}

/** Lets a retry run again (used when the first attempt could not even start, e.g. lock timeout). */
export async function releaseEvent(store: Store, channel: string, eventId: string): Promise<void> {
  await store.delete(dedupeKey(channel, eventId));
}

export async function recordResult(store: Store, channel: string, eventId: string, result: TurnResult, ttlMs: number): Promise<void> {
  await store.set(resultKey(channel, eventId), result, { ttlMs });
}

/** Waits (polling) for the first attempt's result; undefined when it does not appear within waitMs. */
export async function awaitResult(
  store: Store,
  channel: string,
  eventId: string,
  waitMs: number,
  pollMs = 25,
): Promise<TurnResult | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const found = await store.get<TurnResult>(resultKey(channel, eventId));
    if (found) return found;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}
