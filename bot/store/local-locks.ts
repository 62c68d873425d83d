import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Lock } from './types.ts';

/**
 * In-process locks with owner tokens and expiry (memory and journal-files stores: one process by
 * design). `onUnlock` lets a waiter (validating-store.ts retries lock() for `waitMs`) take the lock as
 * soon as it is released; it otherwise re-checks every poll, so that a lock left behind by a crashed
 * holder is taken over once it expires.
 */
export interface LocalLockTable {
  tryLock(key: string, ttlMs: number): Lock | null;
  onUnlock(key: string, wake: () => void): () => void;
  /** Drops all locks (close). */
  clear(): void;
}

interface Held {
  token: string;
  expiresAtMs: number;
}

export function createLocalLockTable(opts: { now: () => number }): LocalLockTable {
  const { now } = opts;
  const held = new Map<string, Held>();
  const released = new EventEmitter();
  released.setMaxListeners(0);

  return {
    tryLock(key, ttlMs) {
      const current = held.get(key);
      if (current && current.expiresAtMs > now()) return null;
      const token = randomUUID();
      held.set(key, { token, expiresAtMs: now() + ttlMs });
      return {
        token,
        release: async () => {
          const entry = held.get(key);
          if (!entry || entry.token !== token) return false;
          held.delete(key);
          // A holder whose lock expired but nobody took it still "releases" it: report the loss honestly.
          const stillValid = entry.expiresAtMs > now();
          released.emit(key);
          return stillValid;
        },
      };
    },
    onUnlock(key, wake) {
      released.once(key, wake);
      return () => released.off(key, wake);
    },
    clear() {
      held.clear();
    },
  };
}
