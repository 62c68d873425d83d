import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Lock, LockOptions } from './types.ts';
import { assertKey, assertTtlMs, assertWaitMs } from './validate.ts';
import { retryUntil } from './wait.ts';

/**
 * In-process locks with owner tokens and expiry (memory and lowdb stores: one process by design).
 * A waiter is woken as soon as the lock is released, and otherwise re-checks every `pollMs`
 * so that a lock left behind by a crashed holder is taken over once it expires.
 */
export interface LocalLockTable {
  lock(key: string, opts: LockOptions): Promise<Lock | null>;
  /** Drops all locks (close). */
  clear(): void;
}

interface Held {
  token: string;
  expiresAtMs: number;
}

export function createLocalLockTable(opts: { now: () => number; pollMs?: number }): LocalLockTable {
  const { now } = opts;
  const pollMs = opts.pollMs ?? 10;
  const held = new Map<string, Held>();
  const released = new EventEmitter();
  released.setMaxListeners(0);

  function tryAcquire(key: string, ttlMs: number): Lock | null {
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
  }

  return {
    async lock(key, lockOpts) {
      assertKey(key);
      assertTtlMs(lockOpts?.ttlMs, 'lock ttlMs');
      assertWaitMs(lockOpts.waitMs);
      const waitMs = lockOpts.waitMs ?? 0;
      return retryUntil(async () => tryAcquire(key, lockOpts.ttlMs), {
        waitMs,
        pollMs,
        wake: (cb) => {
          released.once(key, cb);
          return () => released.off(key, cb);
        },
      });
    },
    clear() {
      held.clear();
    },
  };
}
