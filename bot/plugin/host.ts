import type { Logger } from '../logger.ts';
import type { ChannelPlugin, PluginContext, PrefixBodyLimit, RouteStages, ServerPlugin } from './types.ts';

/**
 * Runs a server's plugins through their lifecycle: the channels the configuration enables (in the
 * registry's order), then the other plugins. A channel that is off is dropped before anything else, so
 * it is never prepared and its SDK never loaded. Each channel that can reach its customers is registered
 * with the sink router once mounted, so proactive replies go to the customer's own channel.
 */
export interface PluginHost {
  /** The names of the channels that run. */
  readonly channels: readonly string[];
  /** Every plugin that runs, channels first. */
  readonly plugins: readonly ServerPlugin[];
  /** Path prefixes of the plugins' own API (see ServerPlugin.apiPrefixes). */
  readonly apiPrefixes: readonly string[];
  /** The JSON body limits the plugins declare for their API prefixes (see ServerPlugin.bodyBytes). */
  readonly bodyLimits: readonly PrefixBodyLimit[];
  prepare(): Promise<void>;
  mount(routes: RouteStages): void;
  start(): Promise<void>;
  /** Stops in reverse order; a plugin that fails to stop is logged and the others still stop. */
  stop(logger: Logger): Promise<void>;
}

export function createPluginHost(
  channels: readonly ChannelPlugin[],
  others: readonly ServerPlugin[],
  ctx: PluginContext,
): PluginHost {
  const running = channels.filter((channel) => channel.enabled(ctx.config));
  const plugins: readonly ServerPlugin[] = [...running, ...others];
  return {
    channels: running.map((channel) => channel.name),
    plugins,
    apiPrefixes: plugins.flatMap((plugin) => plugin.apiPrefixes ?? []),
    bodyLimits: plugins.flatMap(({ apiPrefixes, bodyBytes }) =>
      bodyBytes === undefined ? [] : (apiPrefixes ?? []).map((prefix) => ({ prefix, bytes: bodyBytes })),
    ),
    async prepare() {
      for (const plugin of plugins) await plugin.prepare?.(ctx);
    },
    mount(routes) {
      for (const plugin of plugins) plugin.mount?.(routes, ctx);
      for (const channel of running) {
        const send = channel.send?.bind(channel);
        if (send) ctx.sinks.register(channel.name, { send });
      }
    },
    async start() {
      for (const plugin of plugins) await plugin.start?.(ctx);
    },
    async stop(logger) {
      for (const plugin of plugins.slice().reverse()) {
        try {
          await plugin.stop?.();
        } catch (error) {
          logger.warn({ plugin: plugin.name, err: String(error) }, 'plugin did not close cleanly');
        }
      }
    },
  };
}
