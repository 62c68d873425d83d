import type { StoreBackend } from './backend.ts';
import { createLocalLockTable } from './local-locks.ts';
import { createLocalPubSub } from './local-pubsub.ts';

/** How often a waiting lock() re-checks an in-process lock (a release wakes it at once anyway). */
const LOCAL_LOCK_POLL_MS = 10;

export type LocalCoordination = Pick<StoreBackend, 'tryLock' | 'lockPollMs' | 'onUnlock' | 'publish' | 'subscribe'> & {
  /** Drops every lock and subscription (close). */
  clear(): void;
};

/** Locks and publish/subscribe of the single-process backends (memory, journal files): in this process only. */
export function localCoordination(opts: {
  now: () => number;
  onHandlerError?: (err: unknown, channel: string) => void;
}): LocalCoordination {
  const locks = createLocalLockTable({ now: opts.now });
  const pubsub = createLocalPubSub(opts.onHandlerError ? { onHandlerError: opts.onHandlerError } : {});
  return {
    tryLock: async (key, ttlMs) => locks.tryLock(key, ttlMs),
    lockPollMs: LOCAL_LOCK_POLL_MS,
    onUnlock: (key, wake) => locks.onUnlock(key, wake),
    publish: async (channel, json) => pubsub.publish(channel, json),
    subscribe: async (channel, handler) => pubsub.subscribe(channel, handler),
    clear() {
      locks.clear();
      pubsub.clear();
    },
  };
}
