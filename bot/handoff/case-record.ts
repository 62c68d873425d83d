import type { Store } from '../store/types.ts';
import type { HandoffState } from '../core/turn.ts';
import type { HandoffCase } from './types.ts';

export type DeskOutcome = 'resolved' | 'returned_to_bot' | 'expired' | 'customer_left';

export interface AgentRef {
  id: string;
  name: string;
}

/** What the desk keeps per case at `handoff:case:<caseId>`; every transition is appended to `history`. */
export interface DeskCase {
  version: 1;
  caseId: string;
  conversationId: string;
  /** The case as the engine opened it (texts redacted again by the desk). */
  handoffCase: HandoffCase;
  state: HandoffState;
  outcome?: DeskOutcome;
  urgent: boolean;
  openedAt: string;
  /** An unclaimed case expires at this time (restart-safe: the sweeper reads it from the store). */
  deadlineAt: string;
  /** Opened outside business hours: no agent will take it; an email ticket is offered. */
  outsideHours?: boolean;
  slack?: { channel: string; ts: string };
  claimedBy?: AgentRef;
  closedBy?: AgentRef;
  history: { state: HandoffState; at: string; by?: string; outcome?: DeskOutcome }[];
  ticketRef?: string;
}

export const OPEN_STATES: ReadonlySet<HandoffState> = new Set(['requested', 'queued', 'claimed', 'relaying']);
export const CLOSED_STATES: ReadonlySet<HandoffState> = new Set(['resolved', 'expired', 'returned_to_bot']);

export const keys = {
  case: (caseId: string) => `handoff:case:${caseId}`,
  caseLock: (caseId: string) => `handoff:case-lock:${caseId}`,
  thread: (ts: string) => `handoff:thread:${ts}`,
  conversation: (conversationId: string) => `handoff:conv:${conversationId}`,
  /** Open unclaimed cases in queue order (urgent first). */
  queue: 'handoff:queue',
  queueLock: 'handoff:queue-lock',
  outbox: (caseId: string) => `handoff:outbox:${caseId}`,
  outboxLock: (caseId: string) => `handoff:outbox-lock:${caseId}`,
  /** Case ids with pending outbox operations. */
  outboxPending: 'handoff:outbox-pending',
  outboxPendingLock: 'handoff:outbox-pending-lock',
  slackEvent: (eventId: string) => `slack:event:${eventId}`,
  slackAction: (key: string) => `slack:action:${key}`,
};

export class CaseLockError extends Error {
  readonly code = 'handoff_lock_timeout';
  constructor(key: string) {
    super(`could not lock ${key} in time`);
    this.name = 'CaseLockError';
  }
}

/** Runs `fn` while holding a store lock (several instances may share the store). */
export async function withLock<T>(
  store: Store,
  key: string,
  fn: () => Promise<T>,
  opts = { ttlMs: 15_000, waitMs: 10_000 },
): Promise<T> {
  const lock = await store.lock(key, opts);
  if (!lock) throw new CaseLockError(key);
  try {
    return await fn();
  } finally {
    await lock.release().catch(() => false);
  }
}

export interface QueueEntry {
  caseId: string;
  urgent: boolean;
  openedAt: string;
  deadlineAt: string;
}

/** Adds a case to the waiting queue (urgent cases go before non-urgent ones) and returns how many are ahead. */
export async function enqueue(store: Store, entry: QueueEntry): Promise<number> {
  return withLock(store, keys.queueLock, async () => {
    const queue = (await store.get<QueueEntry[]>(keys.queue)) ?? [];
    const existing = queue.findIndex((e) => e.caseId === entry.caseId);
    if (existing >= 0) return existing;
    let at = queue.length;
    if (entry.urgent) {
      at = queue.findIndex((e) => !e.urgent);
      if (at < 0) at = queue.length;
    }
    queue.splice(at, 0, entry);
    await store.set(keys.queue, queue);
    return at;
  });
}

export async function dequeue(store: Store, caseId: string): Promise<void> {
  await withLock(store, keys.queueLock, async () => {
    const queue = (await store.get<QueueEntry[]>(keys.queue)) ?? [];
    const next = queue.filter((e) => e.caseId !== caseId);
    if (next.length !== queue.length) await store.set(keys.queue, next);
  });
}

export async function readQueue(store: Store): Promise<QueueEntry[]> {
  return (await store.get<QueueEntry[]>(keys.queue)) ?? [];
}
