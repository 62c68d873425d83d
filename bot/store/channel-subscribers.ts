import type { Logger } from '../logger.ts';
import type { Unsubscribe } from './types.ts';

/**
 * The subscribers of a shared-server store (Redis, PostgreSQL): handlers per channel, one
 * server-side subscription per channel however many handlers (concurrent subscribers share it; the
 * last unsubscribe drops it), and delivery of a received message to each handler — its own copy, and
 * a throwing handler is logged without stopping the others. The backend says how to listen.
 */
export interface ChannelSubscribers {
  subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe>;
  /** True when the channel has handlers (a backend can skip parsing other messages). */
  has(channel: string): boolean;
  deliver(channel: string, message: unknown): void;
  /** The connection was lost: forgets what was listened to and listens again to every channel with handlers. */
  relisten(): Promise<void>;
  clear(): void;
}

export function createChannelSubscribers(opts: {
  /** Subscribes on the server (SUBSCRIBE, LISTEN); failures reject with a StoreError. */
  listen(channel: string): Promise<void>;
  /** Unsubscribes on the server, when the connection is still there. */
  unlisten(channel: string): Promise<void>;
  log?: Logger | undefined;
}): ChannelSubscribers {
  const handlers = new Map<string, Set<(message: unknown) => void>>();
  const listening = new Map<string, Promise<void>>();

  function listen(channel: string): Promise<void> {
    let ready = listening.get(channel);
    if (!ready) {
      ready = opts.listen(channel);
      listening.set(channel, ready);
      ready.catch(() => listening.delete(channel));
    }
    return ready;
  }

  return {
    async subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(handler);
      try {
        await listen(channel);
      } catch (err) {
        set.delete(handler);
        if (set.size === 0) handlers.delete(channel);
        throw err;
      }
      return async () => {
        const current = handlers.get(channel);
        if (!current?.delete(handler) || current.size > 0) return;
        handlers.delete(channel);
        listening.delete(channel);
        await opts.unlisten(channel);
      };
    },
    has: (channel) => (handlers.get(channel)?.size ?? 0) > 0,
    deliver(channel, message) {
      for (const handler of handlers.get(channel) ?? []) {
        try {
          handler(structuredClone(message));
        } catch (err) {
          opts.log?.error({ err, channel }, 'store subscriber threw');
        }
      }
    },
    async relisten() {
      listening.clear();
      await Promise.all([...handlers.keys()].map(listen));
    },
    clear() {
      handlers.clear();
      listening.clear();
    },
  };
}
