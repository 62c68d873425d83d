import type { LocalLockTable } from './local-locks.ts';
import type { LocalPubSub } from './local-pubsub.ts';
import type { Store } from './types.ts';

/** The Store's locks and publish/subscribe for the single-process stores (memory, lowdb), refused once closed. */
export function localCoordination(locks: LocalLockTable, pubsub: LocalPubSub, ensureOpen: () => void): Pick<Store, 'lock' | 'publish' | 'subscribe'> {
  return {
    async lock(key, lockOpts) {
      ensureOpen();
      return locks.lock(key, lockOpts);
    },
    async publish(channel, message) {
      ensureOpen();
      pubsub.publish(channel, message);
    },
    async subscribe(channel, handler) {
      ensureOpen();
      return pubsub.subscribe(channel, handler);
    },
  };
}
