import { conversationLockKey } from '../engine/callbacks.ts';
import type { Store } from '../store/types.ts';
import type { TurnEventLog } from '../analytics/types.ts';
import { RECORD_KINDS, type RecordFacts, type RecordKind } from './records.ts';

export interface ForgetCounts {
  conversations: number;
  cases: number;
  sessions: number;
  logs: number;
  tickets: number;
  other: number;
}

export interface ForgetResult {
  customerId: string;
  counts: ForgetCounts;
  /** Every key deleted (for an audit trail; contains ids, never content). */
  deletedKeys: string[];
  /** Turn events (analytics) removed from the event log, when one was given. */
  turnEvents: number;
}

export interface ForgetOptions {
  lockWaitMs?: number;
  /** The turn-event log on the same store (bot/analytics/event-log.ts): the conversations' events go too. */
  events?: Pick<TurnEventLog, 'forget'>;
}

export class PrivacyError extends Error {
  constructor(
    readonly code: 'invalid_customer_id',
    message: string,
  ) {
    super(message);
    this.name = 'PrivacyError';
  }
}

const CUSTOMER_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface Found {
  key: string;
  kind: RecordKind;
  facts: RecordFacts;
}

async function scan(store: Store): Promise<Found[]> {
  const found: Found[] = [];
  for (const kind of RECORD_KINDS) {
    for await (const key of store.keys(kind.prefix)) {
      const value = await store.get(key);
      if (value === undefined) continue;
      found.push({ key, kind, facts: kind.facts(key, value) });
    }
  }
  return found;
}

/**
 * Erases everything the store keeps about one customer: their conversations (state and redacted
 * transcript), engine and desk cases, in-app sessions and chat logs, email tickets, desk pointers
 * and queued Slack posts, cached turn results of their in-app conversations, and the index.
 *
 * A conversation is the customer's when its identity or pending verification names them, when an
 * in-app session signed for them opened it, when the customer index links it, or when a desk
 * case or ticket names them. Each conversation is deleted under its lock so a turn in flight
 * cannot write it back half-forgotten. With `opts.events`, the turn events of those conversations are removed
 * too. Not a hot path: it scans the store by key prefix.
 */
export async function forgetCustomer(
  store: Store,
  customerId: string,
  opts: ForgetOptions = {},
): Promise<ForgetResult> {
  if (typeof customerId !== 'string' || !CUSTOMER_ID.test(customerId)) {
    throw new PrivacyError('invalid_customer_id', 'customer id must be 1–64 of A-Z a-z 0-9 _ -');
  }
  const records = await scan(store);

  const conversations = new Set<string>();
  for (const r of records) {
    if (r.facts.customerId === customerId && r.facts.conversationId) conversations.add(r.facts.conversationId);
  }
  const cases = new Set<string>();
  for (const r of records) {
    if (r.facts.caseId && r.facts.conversationId && conversations.has(r.facts.conversationId))
      cases.add(r.facts.caseId);
    if (r.facts.caseId && r.facts.customerId === customerId) cases.add(r.facts.caseId);
  }

  const doomed = records.filter(
    (r) =>
      r.facts.customerId === customerId ||
      (r.facts.conversationId !== undefined && conversations.has(r.facts.conversationId)) ||
      // a case's pointers and queued posts, never another conversation that mentions the case
      (r.facts.caseId !== undefined && cases.has(r.facts.caseId) && r.kind.prefix !== 'conv:'),
  );

  const counts: ForgetCounts = { conversations: 0, cases: 0, sessions: 0, logs: 0, tickets: 0, other: 0 };
  const deletedKeys: string[] = [];
  const byConversation = new Map<string, Found[]>();
  const loose: Found[] = [];
  for (const r of doomed) {
    const id = r.facts.conversationId;
    if (id && conversations.has(id)) byConversation.set(id, [...(byConversation.get(id) ?? []), r]);
    else loose.push(r);
  }

  async function remove(r: Found): Promise<void> {
    await store.delete(r.key);
    counts[r.kind.label] += 1;
    deletedKeys.push(r.key);
  }

  for (const conversationId of conversations) {
    const lock = await store.lock(conversationLockKey(conversationId), {
      ttlMs: 30_000,
      waitMs: opts.lockWaitMs ?? 10_000,
    });
    try {
      for (const r of byConversation.get(conversationId) ?? []) await remove(r);
      // Cached turn results (dedupe:<conversationId>:<eventId>, on every channel), and the keys of older
      // releases that scoped them by channel (in-app event id = `<conversationId>:<clientMessageId>`).
      for (const prefix of [
        `dedupe:${conversationId}:`,
        `turn:webchat:${conversationId}:`,
        `dedupe:webchat:${conversationId}:`,
      ]) {
        for await (const key of store.keys(prefix)) {
          await store.delete(key);
          counts.other += 1;
          deletedKeys.push(key);
        }
      }
    } finally {
      await lock?.release().catch(() => false);
    }
  }
  for (const r of loose) await remove(r);
  const turnEvents = opts.events && conversations.size > 0 ? await opts.events.forget(conversations) : 0;
  return { customerId, counts, deletedKeys, turnEvents };
}

export function describeCounts(counts: ForgetCounts): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return `${total} records (${counts.conversations} conversations, ${counts.cases} cases, ${counts.sessions} in-app sessions, ${counts.logs} chat logs, ${counts.tickets} tickets, ${counts.other} other)`;
}
