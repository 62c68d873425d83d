/**
 * Sign-in lock-out per account name, shared by every instance through the store: 5 failed passwords within
 * 15 min lock the name for 15 min. Each failure takes one of 5 numbered slots with `setIfAbsent` (atomic on
 * every backend), so parallel guesses cannot overwrite each other's count; a slot expires 15 min after its
 * failure. Names are hashed into the keys (a guessed name may hold any character).
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/types.ts';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_LOCK_MS = 15 * 60_000;

export interface LoginLockout {
  /** Seconds until the name may try again, or 0 when it may now. */
  lockedForSeconds(name: string): Promise<number>;
  /** Records a failure; returns true when this one locked the name. */
  fail(name: string): Promise<boolean>;
  /** A successful sign-in clears the failures. */
  clear(name: string): Promise<void>;
}

function nameHash(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 32);
}

export function createLoginLockout(store: Store, now: () => Date = () => new Date()): LoginLockout {
  const lockKey = (name: string) => `console-login-lock:${nameHash(name)}`;
  const slotKey = (name: string, slot: number) => `console-login-fail:${nameHash(name)}:${slot}`;

  return {
    async lockedForSeconds(name) {
      const until = await store.get<number>(lockKey(name));
      const leftMs = typeof until === 'number' ? until - now().getTime() : 0;
      return leftMs > 0 ? Math.ceil(leftMs / 1000) : 0;
    },

    async fail(name) {
      for (let slot = 0; slot < LOGIN_MAX_FAILURES; slot++) {
        const won = await store.setIfAbsent(slotKey(name, slot), now().toISOString(), { ttlMs: LOGIN_WINDOW_MS });
        if (won && slot < LOGIN_MAX_FAILURES - 1) return false;
        if (won) break;
      }
      // Every slot is taken: this was the fifth failure within the window (or a later one racing it).
      const until = now().getTime() + LOGIN_LOCK_MS;
      await store.set(lockKey(name), until, { ttlMs: LOGIN_LOCK_MS });
      for (let slot = 0; slot < LOGIN_MAX_FAILURES; slot++) await store.delete(slotKey(name, slot));
      return true;
    },

    async clear(name) {
      for (let slot = 0; slot < LOGIN_MAX_FAILURES; slot++) await store.delete(slotKey(name, slot));
    },
  };
}
