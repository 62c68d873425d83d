import { EventEmitter } from 'node:events';
import type { Unsubscribe } from './types.ts';
import { assertKey, encodeJson } from './validate.ts';

/**
 * In-process publish/subscribe (memory and lowdb stores). Messages are copied through JSON and
 * delivered asynchronously, like a real broker, so a publisher never runs subscriber code inline
 * and a throwing handler cannot break the publisher or other handlers.
 */
export interface LocalPubSub {
  publish(channel: string, message: unknown): void;
  subscribe(channel: string, handler: (message: unknown) => void): Unsubscribe;
  clear(): void;
}

export function createLocalPubSub(opts: { onHandlerError?: (err: unknown, channel: string) => void } = {}): LocalPubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(channel, message) {
      assertKey(channel, 'channel');
      const text = encodeJson(message, 'message');
      for (const listener of emitter.listeners(channel)) {
        setImmediate(() => {
          try {
            (listener as (m: unknown) => void)(JSON.parse(text));
          } catch (err) {
            opts.onHandlerError?.(err, channel);
          }
        });
      }
    },
    subscribe(channel, handler) {
      assertKey(channel, 'channel');
      if (typeof handler !== 'function') throw new TypeError('handler must be a function');
      // Wrap so the same handler subscribed twice can be unsubscribed independently.
      const listener = (m: unknown): void => handler(m);
      emitter.on(channel, listener);
      return async () => {
        emitter.off(channel, listener);
      };
    },
    clear() {
      emitter.removeAllListeners();
    },
  };
}
