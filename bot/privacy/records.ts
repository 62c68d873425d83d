/**
 * Where customer data lives in the store, and how to tell whose it is and how old it is.
 * One catalogue shared by `forgetCustomer` and `sweepRetention`, so a new kind of record is
 * added in one place. Key layouts belong to their owners (engine, in-app chat, desk); they are
 * read here only, never written except to delete.
 */

import { CUSTOMER_INDEX_PREFIX } from '../core/customer-index.ts';
import { conversationOfLogPage, LOG_KEY_PREFIX, LOG_PAGE_KEY_PREFIX, SESSION_KEY_PREFIX } from '../core/inapp-keys.ts';
import { conversationOfTranscriptPage, TRANSCRIPT_PAGE_KEY_PREFIX } from '../engine/transcript-pages.ts';

/** What a stored record says about its owner and age. */
export interface RecordFacts {
  conversationId?: string;
  customerId?: string;
  caseId?: string;
  /** Last activity (ms since epoch): retention deletes records older than the cut-off. */
  lastActivityMs?: number;
}

export interface RecordKind {
  /** Label used in counts: conversations, cases, sessions, logs, tickets, other. */
  label: 'conversations' | 'cases' | 'sessions' | 'logs' | 'tickets' | 'other';
  prefix: string;
  facts(key: string, value: unknown): RecordFacts;
}

function obj(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The latest `at` of a list of entries or lines (undefined when it is not a list or none has one). */
function latestAt(items: unknown): number | undefined {
  return Array.isArray(items) ? timeMs(...items.map((item) => obj(item).at)) : undefined;
}

function timeMs(...values: unknown[]): number | undefined {
  let latest: number | undefined;
  for (const v of values) {
    const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    if (Number.isFinite(ms) && (latest === undefined || ms > latest)) latest = ms;
  }
  return latest;
}

function compact(facts: RecordFacts): RecordFacts {
  const out: RecordFacts = {};
  if (facts.conversationId !== undefined) out.conversationId = facts.conversationId;
  if (facts.customerId !== undefined) out.customerId = facts.customerId;
  if (facts.caseId !== undefined) out.caseId = facts.caseId;
  if (facts.lastActivityMs !== undefined) out.lastActivityMs = facts.lastActivityMs;
  return out;
}

export const RECORD_KINDS: readonly RecordKind[] = [
  {
    // bot/engine/conversation.ts — the conversation state, transcript (redacted) and identity.
    label: 'conversations',
    prefix: 'conv:',
    facts(key, value) {
      const v = obj(value);
      const identity = obj(v.identity);
      const verification = obj(v.verification);
      return compact({
        conversationId: str(v.conversationId) ?? key.slice('conv:'.length),
        customerId: str(identity.customerId) ?? str(verification.customerId),
        caseId: str(obj(v.handoff).caseId),
        lastActivityMs: timeMs(v.updatedAt, v.createdAt),
      });
    },
  },
  {
    // bot/engine/conversation.ts — older transcript lines of a conversation, archived in pages (redacted).
    label: 'conversations',
    prefix: TRANSCRIPT_PAGE_KEY_PREFIX,
    facts(key, value) {
      return compact({ conversationId: conversationOfTranscriptPage(key), lastActivityMs: latestAt(obj(value).lines) });
    },
  },
  {
    // bot/engine/handoff.ts — the engine's case record.
    label: 'cases',
    prefix: 'case:',
    facts(_key, value) {
      const v = obj(value);
      return compact({
        conversationId: str(v.conversationId),
        caseId: str(v.caseId),
        lastActivityMs: timeMs(v.openedAt, v.closedAt, v.ratedAt),
      });
    },
  },
  {
    // bot/handoff/case-record.ts — the desk's case (carries the redacted transcript and profile).
    label: 'cases',
    prefix: 'handoff:case:',
    facts(_key, value) {
      const v = obj(value);
      const customer = obj(obj(v.handoffCase).customer);
      const history = Array.isArray(v.history) ? v.history.map((h) => obj(h).at) : [];
      return compact({
        conversationId: str(v.conversationId),
        customerId: str(customer.customerId),
        caseId: str(v.caseId),
        lastActivityMs: timeMs(v.openedAt, ...history),
      });
    },
  },
  {
    // adapters/webchat/sessions.ts (layout in bot/core/inapp-keys.ts) — under a hash of the session id (older ones under the raw id); the value names the conversation.
    label: 'sessions',
    prefix: SESSION_KEY_PREFIX,
    facts(_key, value) {
      const v = obj(value);
      return compact({
        conversationId: str(v.conversationId),
        customerId: str(v.customerId),
        lastActivityMs: timeMs(v.expiresAt, v.createdAt),
      });
    },
  },
  {
    // adapters/webchat/conversation-log.ts (layout in bot/core/inapp-keys.ts) — what the customer sees (redacted texts).
    label: 'logs',
    prefix: LOG_KEY_PREFIX,
    facts(key, value) {
      return compact({
        conversationId: key.slice(LOG_KEY_PREFIX.length),
        lastActivityMs: latestAt(obj(value).entries),
      });
    },
  },
  {
    // adapters/webchat/conversation-log.ts — older entries of a chat log, archived in pages.
    label: 'logs',
    prefix: LOG_PAGE_KEY_PREFIX,
    facts(key, value) {
      return compact({ conversationId: conversationOfLogPage(key), lastActivityMs: latestAt(obj(value).entries) });
    },
  },
  {
    // bot/handoff/tickets.ts — email tickets (may hold the address the customer typed).
    label: 'tickets',
    prefix: 'ticket:',
    facts(_key, value) {
      const v = obj(value);
      return compact({
        conversationId: str(v.conversationId),
        customerId: str(v.customerId),
        caseId: str(v.caseId),
        lastActivityMs: timeMs(v.createdAt),
      });
    },
  },
  {
    label: 'other',
    prefix: 'handoff:ticket-offer:',
    facts(key, value) {
      const v = obj(value);
      return compact({
        conversationId: str(v.conversationId) ?? key.slice('handoff:ticket-offer:'.length),
        customerId: str(v.customerId),
        caseId: str(v.caseId),
        lastActivityMs: timeMs(v.expiresAt),
      });
    },
  },
  {
    // The desk's conversation → open case pointer.
    label: 'other',
    prefix: 'handoff:conv:',
    facts(key, value) {
      return compact({ conversationId: key.slice('handoff:conv:'.length), caseId: str(value) });
    },
  },
  {
    // The desk's Slack thread → case pointer.
    label: 'other',
    prefix: 'handoff:thread:',
    facts(_key, value) {
      return compact({ caseId: str(value) });
    },
  },
  {
    // The desk's retry queue for a case (carries texts to post).
    label: 'other',
    prefix: 'handoff:outbox:',
    facts(key) {
      return compact({ caseId: key.slice('handoff:outbox:'.length) });
    },
  },
  {
    // The customer → conversation index the engine writes when it saves a conversation with a newly verified customer (bot/core/customer-index.ts).
    label: 'other',
    prefix: CUSTOMER_INDEX_PREFIX,
    facts(key, value) {
      const rest = key.slice(CUSTOMER_INDEX_PREFIX.length);
      const cut = rest.indexOf(':');
      return compact({
        customerId: cut > 0 ? rest.slice(0, cut) : undefined,
        conversationId: cut > 0 ? rest.slice(cut + 1) : undefined,
        lastActivityMs: timeMs(obj(value).at),
      });
    },
  },
];
