/** What every channel plugin (adapters/<channel>/plugin.ts) needs: a lazily loaded adapter module, and sending through the mounted adapter. */
import type { Config } from '../../bot/config.ts';
import type { ChannelName, Reply } from '../../bot/core/messages.ts';
import type { App, ChannelPlugin, PluginContext, RouteStages } from '../../bot/plugin/types.ts';

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

/** What a customer channel's adapter offers its plugin: delivery to one of its conversations. */
export interface ChannelAdapter {
  send(conversationId: string, replies: Reply[]): Promise<void>;
}

/** What differs between the customer channels (Telegram, WeChat, Bot Framework); `customerChannel` does the rest. */
export interface CustomerChannelSpec<M, A extends ChannelAdapter> {
  name: ChannelName;
  enabled(config: Config): boolean;
  /** Imports the adapter module (and its SDK): called by `prepare` only. */
  load(): Promise<M>;
  /** Builds the adapter from the loaded module and mounts its routes; undefined when the configuration lacks what it needs. */
  mount(module: M, routes: RouteStages, ctx: PluginContext): A | undefined;
  start?(adapter: A | undefined, ctx: PluginContext): Promise<void>;
  stop?(adapter: A | undefined): Promise<void>;
}

/**
 * A customer channel's plugin: loads the adapter module in `prepare`, builds the adapter in `mount`, exposes it
 * (tests), and sends through it.
 */
export function customerChannel<M, A extends ChannelAdapter>(
  spec: CustomerChannelSpec<M, A>,
): ChannelPlugin & { readonly adapter: A | undefined } {
  const module = lazyModule(spec.name, spec.load);
  let adapter: A | undefined;
  const { start, stop } = spec;
  return {
    name: spec.name,
    enabled: spec.enabled,
    get adapter() {
      return adapter;
    },
    prepare: () => module.load(),
    mount(routes, ctx) {
      adapter = spec.mount(module.get(), routes, ctx);
    },
    ...(start ? { start: (ctx: PluginContext) => start(adapter, ctx) } : {}),
    ...(stop ? { stop: () => stop(adapter) } : {}),
    send: (conversationId, replies) => sendThrough(spec.name, adapter, conversationId, replies),
  };
}

/** The parts of the app every channel adapter talks through. */
export function adapterServices(app: App): Pick<App, 'engine' | 'store' | 'logger'> {
  return { engine: app.engine, store: app.store, logger: app.logger };
}

/**
 * The settings the configuration gives, without the unset (undefined or empty) ones, so that an adapter's own
 * default applies to those.
 */
export function setSettings<T extends Record<string, string | undefined>>(
  settings: T,
): Partial<Record<keyof T, string>> {
  const given: Partial<Record<keyof T, string>> = {};
  for (const key of Object.keys(settings) as (keyof T)[]) {
    const value = settings[key];
    if (value) given[key] = value;
  }
  return given;
}
