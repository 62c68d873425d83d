/** What every channel plugin (adapters/<channel>/plugin.ts) needs: a lazily loaded adapter module, and sending through the mounted adapter. */
import type { Reply } from '../../bot/core/messages.ts';

/**
 * A channel's adapter module, imported by the plugin's `prepare` only: a channel the configuration
 * leaves off is never prepared, so its SDK (telegraf, the XML parser, the Bot Framework JWT code) is
 * never loaded and costs no start-up time.
 */
export interface LazyModule<T> {
  load(): Promise<void>;
  /** The loaded module; throws when `load` has not finished (mount before prepare). */
  get(): T;
}

export function lazyModule<T>(channel: string, load: () => Promise<T>): LazyModule<T> {
  let loaded: T | undefined;
  return {
    async load() {
      loaded ??= await load();
    },
    get() {
      if (!loaded)
        throw new Error(
          `the ${channel} channel is enabled but its adapter module was not loaded: prepare the plugin before mounting it`,
        );
      return loaded;
    },
  };
}

/** A channel's `send` before its adapter exists (not mounted, or disabled): nothing to deliver with. */
export function sendThrough(
  channel: string,
  adapter: { send(conversationId: string, replies: Reply[]): Promise<void> } | undefined,
  conversationId: string,
  replies: Reply[],
): Promise<void> {
  if (!adapter)
    return Promise.reject(new Error(`the ${channel} channel is not mounted: it cannot deliver to ${conversationId}`));
  return adapter.send(conversationId, replies);
}
