import type { Store } from '../store/types.ts';
import type { TurnResult } from '../core/turn.ts';

/**
 * At-most-once turns per `(conversationId, eventId)`, with ONE store key per event:
 *
 *   dedupe:<conversationId>:<eventId> = { state: 'running', owner, leaseUntil }   while the turn runs
 *                              = { state: 'done', result }                  once it has answered
 *
 * The first caller claims the event with `setIfAbsent` (atomic on every backend). A retry of the
 * same event finds the record and either returns the stored result (done), waits while the owner's
 * lease is live (running), or — when the lease has expired because the owner died mid-turn (kill -9,
 * OOM) — takes the claim over and runs the turn itself. Re-running is safe: flows checkpoint their
 * idempotency keys in the conversation before every wallet write, so a replayed write repeats
 * nothing, and the conversation lock serialises turns of one conversation anyway.
 *
 * The owner keeps its lease alive while its turn runs (a heartbeat every leaseMs/3, only for turns
 * slower than that), so the lease can be short and a dead owner is noticed within `leaseMs`.
 *
 * The store has no compare-and-set, so the takeover is done under a per-event lock
 * (`lock:evt:<conversationId>:<eventId>`): only one waiter re-reads the expired claim and replaces it. The
 * owner's own writes (heartbeat, final result) are plain `set`s: if a slow-but-alive owner lost its
 * lease, its final write and the taker's are last-writer-wins — both turns ran one after the other
 * under the conversation lock, and either result is a valid answer to the event.
 */
// Scoped to the conversation, not the channel: event ids are unique per platform only in theory
// (Bot Framework activity ids come from the caller, client message ids from the app), and two users'
// colliding ids must never make one of them lose a message. The conversation id starts with the channel.
export type EventRecord =
  { state: 'running'; owner: string; leaseUntil: number } | { state: 'done'; result: TurnResult };

export function dedupeKey(conversationId: string, eventId: string): string {
  return `dedupe:${conversationId}:${eventId}`;
}

function takeoverLockKey(conversationId: string, eventId: string): string {
  return `lock:evt:${conversationId}:${eventId}`;
}

export interface ClaimOptions {
  /** How long the event is remembered (claim and result). */
  ttlMs: number;
  /** How long a claim stays owned without a heartbeat. */
  leaseMs: number;
  /** This attempt's random owner token. */
  owner: string;
  now: () => number;
}

function running(opts: ClaimOptions): EventRecord {
  return { state: 'running', owner: opts.owner, leaseUntil: opts.now() + opts.leaseMs };
}

/** True = this caller owns the event and must run the turn. */
export async function claimEvent(
  store: Store,
  conversationId: string,
  eventId: string,
  opts: ClaimOptions,
): Promise<boolean> {
  return store.setIfAbsent(dedupeKey(conversationId, eventId), running(opts), { ttlMs: opts.ttlMs });
}

/** Lets a retry run again (used when the first attempt could not even start, e.g. lock timeout). */
export async function releaseEvent(store: Store, conversationId: string, eventId: string): Promise<void> {
  await store.delete(dedupeKey(conversationId, eventId));
}

/** Replaces the claim by the answer (kept `ttlMs` for retries). */
export async function recordResult(
  store: Store,
  conversationId: string,
  eventId: string,
  result: TurnResult,
  ttlMs: number,
): Promise<void> {
  const done: EventRecord = { state: 'done', result };
  await store.set(dedupeKey(conversationId, eventId), done, { ttlMs });
}

/**
 * Renews the owner's lease every leaseMs/3 while the turn runs. `stop()` cancels the timer and waits
 * for a renewal in flight, so it can never land after the final result.
 */
export function keepLease(
  store: Store,
  conversationId: string,
  eventId: string,
  opts: ClaimOptions,
): { stop(): Promise<void> } {
  const key = dedupeKey(conversationId, eventId);
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(
    () => {
      inFlight = inFlight.then(async () => {
        if (stopped) return;
        const current = await store.get<EventRecord>(key).catch(() => undefined);
        // Someone took the claim over (our lease had expired): leave it to them.
        if (stopped || current?.state !== 'running' || current.owner !== opts.owner) return;
        await store.set(key, running(opts), { ttlMs: opts.ttlMs }).catch(() => undefined);
      });
    },
    Math.max(10, Math.floor(opts.leaseMs / 3)),
  );
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}

export type RetryOutcome = { kind: 'done'; result: TurnResult } | { kind: 'claimed' } | { kind: 'timeout' };

/**
 * A retry of a claimed event: polls until the first attempt's result appears (`done`), the claim can
 * be taken (`claimed`: the owner's lease expired, or the claim was released/forgotten — the caller
 * now owns the event and runs the turn), or waitMs passes (`timeout`).
 */
export async function awaitOrTakeOver(
  store: Store,
  conversationId: string,
  eventId: string,
  opts: ClaimOptions & { waitMs: number; pollMs?: number },
): Promise<RetryOutcome> {
  const key = dedupeKey(conversationId, eventId);
  const pollMs = opts.pollMs ?? 25;
  const deadline = Date.now() + opts.waitMs;
  for (;;) {
    const found = await store.get<EventRecord>(key);
    if (found?.state === 'done') return { kind: 'done', result: found.result };
    if (found === undefined || found === null) {
      // Released (the first attempt never started) or forgotten (store restart): claim it afresh.
      if (await claimEvent(store, conversationId, eventId, opts)) return { kind: 'claimed' };
    } else if (!isLiveClaim(found, opts.now())) {
      if (await takeOver(store, conversationId, eventId, opts)) return { kind: 'claimed' };
    }
    if (Date.now() >= deadline) return { kind: 'timeout' };
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}

/** A running claim whose owner still holds its lease. Records of an older format count as live. */
function isLiveClaim(record: EventRecord | Record<string, unknown>, nowMs: number): boolean {
  if (record.state !== 'running') return true;
  const leaseUntil = (record as { leaseUntil?: unknown }).leaseUntil;
  return typeof leaseUntil !== 'number' || leaseUntil > nowMs;
}

async function takeOver(store: Store, conversationId: string, eventId: string, opts: ClaimOptions): Promise<boolean> {
  const lock = await store.lock(takeoverLockKey(conversationId, eventId), {
    ttlMs: Math.max(1000, opts.leaseMs),
    waitMs: 0,
  });
  if (!lock) return false; // another retry is taking it over right now
  try {
    const current = await store.get<EventRecord>(dedupeKey(conversationId, eventId));
    if (current === undefined) return claimEvent(store, conversationId, eventId, opts);
    if (current.state !== 'running' || isLiveClaim(current, opts.now())) return false;
    await store.set(dedupeKey(conversationId, eventId), running(opts), { ttlMs: opts.ttlMs });
    return true;
  } finally {
    await lock.release().catch(() => false);
  }
}
