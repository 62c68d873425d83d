import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../../bot/store/types.ts';
import { SESSION_KEY_PREFIX } from '../../bot/core/inapp-keys.ts';

/**
 * One in-app chat session: a phone's web view or a browser tab talking to one conversation.
 *
 * The session id is the session's only credential, so it appears nowhere but in the customer's
 * requests: the record is stored under a hash of it, without it, and the conversation has its own
 * random id (logged, used in store keys, shown on desk cases), from which the session id cannot be
 * recovered.
 */
export interface InAppSession {
  /** As presented by the caller; never stored. */
  sessionId: string;
  conversationId: string;
  customerId?: string;
  locale?: 'zh' | 'en';
  createdAt: string;
  expiresAt: string;
}

/** What the store keeps: the session without its id. */
type StoredSession = Omit<InAppSession, 'sessionId'>;

/** A record written before sessions were keyed by hash: under the raw id, carrying it. */
interface LegacySession extends StoredSession {
  sessionId: string;
}

export type SessionLookup = { status: 'ok'; session: InAppSession } | { status: 'expired' } | { status: 'unknown' };

export interface SessionRegistryOptions {
  /** How long a session accepts messages. */
  sessionTtlMs: number;
  /** How long an expired session is remembered, so callers get 410 rather than 404. */
  expiredGraceMs?: number;
  now?: () => number;
}

// Every session record (hashed and legacy) starts with SESSION_KEY_PREFIX, declared in the core so `forget` and retention find it.
export { SESSION_KEY_PREFIX };
/** `:` cannot occur in a session id, so no presented id ever names a hashed record as a legacy one. */
const HASHED_PREFIX = `${SESSION_KEY_PREFIX}sha256:`;

const SESSION_ID = /^[A-Za-z0-9_-]{22,64}$/;

/** ≥ 128 random bits, URL-safe. */
export function newSessionId(): string {
  return randomBytes(24).toString('base64url');
}

/** `webchat:` + 144 random bits: names the conversation in logs and keys without granting access. */
export function newConversationId(): string {
  return `webchat:${randomBytes(18).toString('base64url')}`;
}

/**
 * The record's key: sha256 of the id. The id has ≥ 128 random bits, so an unkeyed hash cannot be
 * reversed or guessed, and it stays stable across instances and restarts without a shared secret.
 */
export function sessionKey(sessionId: string): string {
  return `${HASHED_PREFIX}${createHash('sha256').update(sessionId).digest('base64url')}`;
}

function legacyKey(sessionId: string): string {
  return `${SESSION_KEY_PREFIX}${sessionId}`;
}

export function createSessionRegistry(store: Store, opts: SessionRegistryOptions) {
  const now = opts.now ?? Date.now;
  const graceMs = opts.expiredGraceMs ?? 7 * 24 * 3600_000;
  const ttlOf = (s: StoredSession) => Math.max(Date.parse(s.expiresAt) - now() + graceMs, 1000);

  function stored(session: StoredSession): StoredSession {
    return {
      conversationId: session.conversationId,
      ...(session.customerId ? { customerId: session.customerId } : {}),
      ...(session.locale ? { locale: session.locale } : {}),
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
    };
  }

  /**
   * Sessions created before the hashed keys keep working until they expire (at most
   * INAPP_SESSION_TTL_MINUTES after the upgrade): on first use the record moves to the hashed key.
   * Their conversation keeps its old id (`webchat:<sessionId>`: its state, log and cases are
   * stored under it), so until they expire their log lines still carry that id, as they did before.
   */
  async function migrateLegacy(sessionId: string): Promise<StoredSession | undefined> {
    const legacy = await store.get<LegacySession>(legacyKey(sessionId));
    // Only a record that names this very id (what the old code wrote) stands for it.
    if (!legacy || legacy.sessionId !== sessionId) return undefined;
    const record = stored(legacy);
    await store.set(sessionKey(sessionId), record, { ttlMs: ttlOf(record) });
    await store.delete(legacyKey(sessionId));
    return record;
  }

  return {
    async create(input: { customerId?: string; locale?: 'zh' | 'en'; tokenExpiresAt?: Date }): Promise<InAppSession> {
      const sessionId = newSessionId();
      const createdMs = now();
      let expiresMs = createdMs + opts.sessionTtlMs;
      if (input.tokenExpiresAt) expiresMs = Math.min(expiresMs, input.tokenExpiresAt.getTime());
      // One conversation per session: a customer on two phones has two independent chats, and a
      // reload (same session) keeps its history.
      const record = stored({
        conversationId: newConversationId(),
        ...(input.customerId ? { customerId: input.customerId } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
        createdAt: new Date(createdMs).toISOString(),
        expiresAt: new Date(expiresMs).toISOString(),
      });
      await store.set(sessionKey(sessionId), record, { ttlMs: expiresMs - createdMs + graceMs });
      return { sessionId, ...record };
    },

    async lookup(sessionId: string): Promise<SessionLookup> {
      if (!SESSION_ID.test(sessionId)) return { status: 'unknown' };
      const record = (await store.get<StoredSession>(sessionKey(sessionId))) ?? (await migrateLegacy(sessionId));
      if (!record) return { status: 'unknown' };
      if (Date.parse(record.expiresAt) <= now()) return { status: 'expired' };
      return { status: 'ok', session: { sessionId, ...stored(record) } };
    },

    async setLocale(session: InAppSession, locale: 'zh' | 'en'): Promise<void> {
      const record = stored({ ...session, locale });
      await store.set(sessionKey(session.sessionId), record, { ttlMs: ttlOf(record) });
    },
  };
}

export type SessionRegistry = ReturnType<typeof createSessionRegistry>;
