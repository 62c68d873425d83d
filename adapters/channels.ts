import type { Express } from 'express';
import type { Config } from '../bot/config.ts';
import type { Logger } from '../bot/logger.ts';
import type { Store } from '../bot/store/types.ts';
import type { Engine } from '../bot/types.ts';
import { createTelegramAdapter, type TelegramAdapter, type TelegramAdapterOptions } from './telegram/adapter.ts';
import type { ChannelName, ReplySink } from './types.ts';

export interface ChannelDeps {
  config: Config;
  engine: Engine;
  store: Store;
  logger: Logger;
  /** The sink registry (bot/sink-router.ts): each channel registers itself for agent messages. */
  sinks: { register(channel: ChannelName, sink: ReplySink): void };
  /** Test and tuning overrides per channel. */
  telegram?: Partial<TelegramAdapterOptions>;
}

export interface MountedChannels {
  telegram?: TelegramAdapter;
  /** Names of the channels that are configured. */
  readonly enabled: ChannelName[];
  close(): Promise<void>;
}

/**
 * Builds the configured channels, mounts their webhooks on `app` (call it before any JSON body
 * parser: the webhooks verify raw bodies) and registers each as a reply sink.
 */
export function mountChannels(app: Express, deps: ChannelDeps): MountedChannels {
  const { config, engine, store, logger } = deps;
  const mounted: { telegram?: TelegramAdapter } = {};
  const enabled: ChannelName[] = [];

  if (config.TELEGRAM_BOT_TOKEN) {
    const telegram = createTelegramAdapter({
      token: config.TELEGRAM_BOT_TOKEN,
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
      ...(config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
        ? { webhook: { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET } }
        : {}),
      engine,
      store,
      logger,
      ...deps.telegram,
    });
    const router = telegram.webhookRouter();
    if (router) app.use(router);
    deps.sinks.register('telegram', telegram);
    mounted.telegram = telegram;
    enabled.push('telegram');
  }

  return {
    ...mounted,
    enabled,
    async close(): Promise<void> {
      await Promise.allSettled([mounted.telegram?.stop()]);
    },
  };
}

/**
 * Starts what needs starting after the server listens: Telegram registers its commands and
 * either sets its webhook or starts long polling. A channel that fails to start is logged and
 * left off; the others keep running.
 */
export async function startChannels(channels: MountedChannels, logger: Logger): Promise<{ close(): Promise<void> }> {
  if (channels.telegram) {
    try {
      await channels.telegram.start();
    } catch (err) {
      logger.error({ err, channel: 'telegram' }, 'telegram channel failed to start');
    }
  }
  return { close: () => channels.close() };
}
