import type { Express } from 'express';
import { createChannelPlugins, type ChannelOptions } from '../../adapters/registry.ts';
import type { Config } from '../../bot/config.ts';
import type { ReplySink } from '../../bot/core/messages.ts';
import type { Engine } from '../../bot/core/turn.ts';
import { silentLogger, type Logger } from '../../bot/logger.ts';
import { createMetrics } from '../../bot/metrics.ts';
import { createPluginHost } from '../../bot/plugin/host.ts';
import { createSinkRouter } from '../../bot/plugin/sink-router.ts';
import type { App, ChannelPlugin, PluginContext } from '../../bot/plugin/types.ts';
import { createHttpApp } from '../../bot/server.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { fakeNlu, fakeWallet } from '../webchat/helpers.ts';

export interface MountedChannels {
  app: Express;
  /** The channels that run, in registry order. */
  enabled: readonly string[];
  /** Channels whose adapter module was loaded (prepared), in order. */
  prepared: string[];
  /** Channels registered with the sink router, in order. */
  registered: Map<string, ReplySink>;
  ctx: PluginContext;
  stop(): Promise<void>;
}

/** A plugin context around a scripted engine (no NLU training, no wallet): what channel plugins read. */
export function channelContext(config: Config, engine: Engine, logger: Logger = silentLogger): PluginContext {
  const store = createMemoryStore();
  const app = {
    config,
    logger,
    engine,
    store,
    nlu: fakeNlu,
    wallet: fakeWallet(),
    sandboxInUse: false,
  } as unknown as App;
  return { app, config, sinks: createSinkRouter(logger), metrics: createMetrics({ defaultMetrics: false }) };
}

/**
 * The registry's channels mounted as the server mounts them (bot/plugin/host.ts, bot/server.ts) around a
 * scripted engine: only the enabled ones, webhooks before the body parser, each registered as a sink.
 */
export async function mountChannels(
  config: Config,
  engine: Engine,
  options: ChannelOptions = {},
  logger: Logger = silentLogger,
): Promise<MountedChannels> {
  const ctx = channelContext(config, engine, logger);
  const prepared: string[] = [];
  const registered = new Map<string, ReplySink>();
  const register = ctx.sinks.register.bind(ctx.sinks);
  ctx.sinks.register = (channel, sink) => {
    registered.set(channel, sink);
    register(channel, sink);
  };
  const channels = createChannelPlugins(options).map((channel): ChannelPlugin => {
    const prepare = channel.prepare?.bind(channel);
    if (!prepare) return channel;
    return {
      ...channel,
      prepare(c) {
        prepared.push(channel.name);
        return prepare(c);
      },
    };
  });
  const host = createPluginHost(channels, [], ctx);
  await host.prepare();
  const app = createHttpApp({
    store: ctx.app.store,
    nlu: ctx.app.nlu,
    wallet: ctx.app.wallet,
    logger,
    metrics: ctx.metrics,
    apiPrefixes: host.apiPrefixes,
    mountRoutes: (routes) => host.mount(routes),
  });
  return { app, enabled: host.channels, prepared, registered, ctx, stop: () => host.stop(logger) };
}
