import { EventEmitter } from 'node:events';
import type { Unsubscribe } from './types.ts';

/**
 * In-process publish/subscribe (memory and journal-files stores). Each subscriber gets its own
 * parse of the message's JSON text, delivered asynchronously like a real broker, so a publisher
 * never runs subscriber code inline and a throwing handler cannot break the publisher or other handlers.
 */
export interface LocalPubSub {
  publish(channel: string, json: string): void;
  subscribe(channel: string, handler: (message: unknown) => void): Unsubscribe;
  clear(): void;
}

export function createLocalPubSub(
  opts: { onHandlerError?: (err: unknown, channel: string) => void } = {},
): LocalPubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(channel, json) {
      for (const listener of emitter.listeners(channel)) {
        setImmediate(() => {
          try {
            (listener as (m: unknown) => void)(JSON.parse(json));
          } catch (err) {
            opts.onHandlerError?.(err, channel);
          }
        });
      }
    },
    subscribe(channel, handler) {
      emitter.on(channel, handler);
      return async () => {
        emitter.off(channel, handler);
      };
    },
    clear() {
      emitter.removeAllListeners();
    },
  };
}
