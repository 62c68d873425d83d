import type { Express } from 'express';
import type { Config } from '../bot/config.ts';
import type { Logger } from '../bot/logger.ts';
import type { Store } from '../bot/store/types.ts';
import type { Engine } from '../bot/types.ts';
import type { ServerPlugin } from '../bot/start.ts';
import { createBotFrameworkAdapter, type BotFrameworkAdapter, type BotFrameworkAdapterOptions } from './botframework/adapter.ts';
import { createTelegramAdapter, type TelegramAdapter, type TelegramAdapterOptions } from './telegram/adapter.ts';
import type { ChannelName, ReplySink } from './types.ts';
import { createWechatAdapter, type WechatAdapter, type WechatAdapterOptions } from './wechat/adapter.ts';

export interface ChannelDeps {
  config: Config;
  engine: Engine;
  store: Store;
  logger: Logger;
  /** The sink registry (bot/sink-router.ts): each channel registers itself for agent messages. */
  sinks: { register(channel: ChannelName, sink: ReplySink): void };
  /** Test and tuning overrides per channel. */
  telegram?: Partial<TelegramAdapterOptions>;
  wechat?: Partial<WechatAdapterOptions>;
  botframework?: Partial<BotFrameworkAdapterOptions>;
}

export interface MountedChannels {
  telegram?: TelegramAdapter;
  wechat?: WechatAdapter;
  botframework?: BotFrameworkAdapter;
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
  const mounted: { telegram?: TelegramAdapter; wechat?: WechatAdapter; botframework?: BotFrameworkAdapter } = {};
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

  if (config.WECHAT_TOKEN) {
    const wechat = createWechatAdapter({
      token: config.WECHAT_TOKEN,
      ...(config.WECHAT_APP_ID ? { appId: config.WECHAT_APP_ID } : {}),
      ...(config.WECHAT_APP_SECRET ? { appSecret: config.WECHAT_APP_SECRET } : {}),
      ...(config.WECHAT_ENCODING_AES_KEY ? { encodingAesKey: config.WECHAT_ENCODING_AES_KEY } : {}),
      ...(config.WECHAT_API_BASE ? { apiBase: config.WECHAT_API_BASE } : {}),
      passiveReplyTimeoutMs: config.WECHAT_PASSIVE_REPLY_TIMEOUT_MS,
      engine,
      store,
      logger,
      ...deps.wechat,
    });
    app.use(wechat.router());
    deps.sinks.register('wechat', wechat);
    mounted.wechat = wechat;
    enabled.push('wechat');
  }

  // Bot Framework: JWT-checked with MICROSOFT_APP_ID; anonymous only in local development (warned at start).
  const anonymousBotFramework = deps.botframework?.allowAnonymous ?? config.NODE_ENV === 'development';
  if (config.MICROSOFT_APP_ID || anonymousBotFramework) {
    const botframework = createBotFrameworkAdapter({
      ...(config.MICROSOFT_APP_ID ? { appId: config.MICROSOFT_APP_ID } : {}),
      ...(config.MICROSOFT_APP_PASSWORD ? { appPassword: config.MICROSOFT_APP_PASSWORD } : {}),
      ...(config.MICROSOFT_APP_TENANT_ID ? { tenantId: config.MICROSOFT_APP_TENANT_ID } : {}),
      engine,
      store,
      logger,
      ...deps.botframework,
      allowAnonymous: anonymousBotFramework && config.NODE_ENV !== 'production',
    });
    app.use(botframework.router());
    deps.sinks.register('botframework', botframework);
    mounted.botframework = botframework;
    enabled.push('botframework');
  }

  return {
    ...mounted,
    enabled,
    async close(): Promise<void> {
      await Promise.allSettled([mounted.telegram?.stop(), mounted.wechat?.idle()]);
    },
  };
}

/** Delay before the Bot Framework SDK is loaded in the background, so start-up and the first probes stay quick. */
const SDK_WARM_UP_DELAY_MS = 1000;

/**
 * Starts what needs starting after the server listens: Telegram registers its commands and
 * either sets its webhook or starts long polling; the Bot Framework SDK loads shortly after, in
 * the background (an activity arriving first loads it itself). A channel that fails to start is
 * logged and left off; the others keep running.
 */
export async function startChannels(channels: MountedChannels, logger: Logger): Promise<{ close(): Promise<void> }> {
  if (channels.telegram) {
    try {
      await channels.telegram.start();
    } catch (err) {
      logger.error({ err, channel: 'telegram' }, 'telegram channel failed to start');
    }
  }
  const botframework = channels.botframework;
  const warmUp = botframework
    ? setTimeout(() => {
        botframework.warmUp().catch((err: unknown) => logger.error({ err, channel: 'botframework' }, 'bot framework SDK failed to load'));
      }, SDK_WARM_UP_DELAY_MS).unref()
    : undefined;
  return {
    close: () => {
      clearTimeout(warmUp);
      return channels.close();
    },
  };
}

/** Channel options a caller may override (tests, tuning), per channel. */
export type ChannelOverrides = Pick<ChannelDeps, 'telegram' | 'wechat' | 'botframework'>;

/**
 * The channels as a server plugin (bot/start.ts `ServerPlugin`): mounts the configured webhooks
 * before the JSON parser, registers the sinks, starts Telegram once the server listens.
 */
export function createChannelsPlugin(overrides: ChannelOverrides = {}): ServerPlugin & { readonly channels: MountedChannels | undefined } {
  let channels: MountedChannels | undefined;
  let started: { close(): Promise<void> } | undefined;
  return {
    name: 'channels',
    get channels() {
      return channels;
    },
    mount(express, ctx) {
      channels = mountChannels(express, {
        config: ctx.config,
        engine: ctx.app.engine,
        store: ctx.app.store,
        logger: ctx.app.logger,
        sinks: ctx.sinks,
        ...overrides,
      });
    },
    async start(ctx) {
      if (channels) started = await startChannels(channels, ctx.app.logger);
    },
    async close() {
      await (started ?? channels)?.close();
    },
  };
}
