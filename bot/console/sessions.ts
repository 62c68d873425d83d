/**
 * Console sign-in sessions. The browser holds a random 32-byte token in an HttpOnly cookie; the store keeps
 * only its sha256 (`console-session:<hex>`), so a store dump grants no access. A session ends after 8 h
 * without use, 24 h after sign-in at the latest, at logout, and when its account is removed or its role
 * changes (checked by the caller against the account on every request).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/types.ts';
import { isStaffRole, type StaffIdentity, type StaffRole } from './staff.ts';

const KEY_PREFIX = 'console-session:';
export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_MAX_AGE_MS = 24 * 3600_000;
/** A session used again within this long is not rewritten (one store write a minute, not one per request). */
const REFRESH_AFTER_MS = 60_000;
/** A token is 32 bytes in base64url: 43 characters. Anything else is not looked up. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface ConsoleSession {
  name: string;
  role: StaffRole;
  csrfToken: string;
  createdAt: string;
  /** The account's random id: a removed and re-added name does not inherit the old sessions. */
  accountId: string;
  lastUsedAt: string;
}

export interface ConsoleSessions {
  /** A new session for a signed-in account; returns the cookie token (never stored). */
  create(account: StaffIdentity): Promise<{ token: string; session: ConsoleSession }>;
  /** The live session of a token, its idle time renewed; undefined when unknown, idle too long or too old. */
  open(token: string): Promise<ConsoleSession | undefined>;
  end(token: string): Promise<void>;
}

function keyOf(token: string): string {
  return KEY_PREFIX + createHash('sha256').update(token, 'utf8').digest('hex');
}

function isSession(value: unknown): value is ConsoleSession {
  const s = value as Partial<ConsoleSession> | undefined;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.name === 'string' &&
    isStaffRole(s.role) &&
    typeof s.csrfToken === 'string' &&
    typeof s.createdAt === 'string' &&
    typeof s.accountId === 'string' &&
    typeof s.lastUsedAt === 'string'
  );
}

export interface ConsoleSessionOptions {
  idleMs?: number;
  maxAgeMs?: number;
  now?: () => Date;
}

export function createConsoleSessions(store: Store, opts: ConsoleSessionOptions = {}): ConsoleSessions {
  const idleMs = opts.idleMs ?? SESSION_IDLE_MS;
  const maxAgeMs = opts.maxAgeMs ?? SESSION_MAX_AGE_MS;
  const now = opts.now ?? (() => new Date());

  /** Time left: idle time from now, never past the absolute end. */
  function ttlMs(session: ConsoleSession, nowMs: number): number {
    return Math.min(idleMs, Date.parse(session.createdAt) + maxAgeMs - nowMs);
  }

  return {
    async create(account) {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const session: ConsoleSession = {
        name: account.name,
        role: account.role,
        csrfToken: randomBytes(32).toString('base64url'),
        createdAt: at.toISOString(),
        accountId: account.id,
        lastUsedAt: at.toISOString(),
      };
      await store.set(keyOf(token), session, { ttlMs: ttlMs(session, at.getTime()) });
      return { token, session };
    },

    async open(token) {
      if (!TOKEN_PATTERN.test(token)) return undefined;
      const key = keyOf(token);
      const session = await store.get<unknown>(key);
      if (!isSession(session)) return undefined;
      const nowMs = now().getTime();
      // The store's TTL ends a session; these checks also hold for a store whose expiry is coarse.
      const left = ttlMs(session, nowMs);
      if (left <= 0 || nowMs - Date.parse(session.lastUsedAt) >= idleMs) {
        await store.delete(key);
        return undefined;
      }
      if (nowMs - Date.parse(session.lastUsedAt) >= REFRESH_AFTER_MS) {
        session.lastUsedAt = new Date(nowMs).toISOString();
        await store.set(key, session, { ttlMs: left });
      }
      return session;
    },

    async end(token) {
      if (TOKEN_PATTERN.test(token)) await store.delete(keyOf(token));
    },
  };
}
