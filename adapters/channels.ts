import type { Express } from 'express';
import type { Config } from '../bot/config.ts';
import type { Logger } from '../bot/logger.ts';
import type { Store } from '../bot/store/types.ts';
import type { Engine } from '../bot/core/turn.ts';
import type { ServerPlugin } from '../bot/plugin/types.ts';
import type * as BotFrameworkModule from './botframework/adapter.ts';
import type { BotFrameworkAdapter, BotFrameworkAdapterOptions } from './botframework/adapter.ts';
import type * as TelegramModule from './telegram/adapter.ts';
import type { TelegramAdapter, TelegramAdapterOptions } from './telegram/adapter.ts';
import type { ChannelName, ReplySink } from '../bot/core/messages.ts';
import type * as WechatModule from './wechat/adapter.ts';
import type { WechatAdapter, WechatAdapterOptions } from './wechat/adapter.ts';

/**
 * The adapter modules of the enabled channels. Loaded with `loadChannelModules` so a channel that is
 * not configured costs no start-up time (telegraf, the XML parser, JWT code are not even imported).
 */
export interface ChannelModules {
  telegram?: typeof TelegramModule;
  wechat?: typeof WechatModule;
  botframework?: typeof BotFrameworkModule;
}

type BotFrameworkOverrides = { botframework?: Partial<BotFrameworkAdapterOptions> };

/**
 * Whether Bot Framework traffic without MICROSOFT_APP_ID is accepted: only when BOTFRAMEWORK_ANONYMOUS=true
 * (local emulator work; config refuses it in production) or a test says so, and never in production.
 */
function anonymousBotFramework(config: Config, overrides: BotFrameworkOverrides): boolean {
  if (config.NODE_ENV === 'production') return false;
  return overrides.botframework?.allowAnonymous ?? config.BOTFRAMEWORK_ANONYMOUS;
}

/** Which channels the configuration enables (Bot Framework: MICROSOFT_APP_ID, or BOTFRAMEWORK_ANONYMOUS outside production). */
export function enabledChannels(config: Config, overrides: BotFrameworkOverrides = {}): Record<'telegram' | 'wechat' | 'botframework', boolean> {
  return {
    telegram: Boolean(config.TELEGRAM_BOT_TOKEN),
    wechat: Boolean(config.WECHAT_TOKEN),
    botframework: Boolean(config.MICROSOFT_APP_ID) || anonymousBotFramework(config, overrides),
  };
}

/** Imports the adapter modules of the channels `config` enables, and only those. */
export async function loadChannelModules(config: Config, overrides: BotFrameworkOverrides = {}): Promise<ChannelModules> {
  const enabled = enabledChannels(config, overrides);
  const [telegram, wechat, botframework] = await Promise.all([
    enabled.telegram ? import('./telegram/adapter.ts') : undefined,
    enabled.wechat ? import('./wechat/adapter.ts') : undefined,
    enabled.botframework ? import('./botframework/adapter.ts') : undefined,
  ]);
  return { ...(telegram ? { telegram } : {}), ...(wechat ? { wechat } : {}), ...(botframework ? { botframework } : {}) };
}

function moduleOf<T>(module: T | undefined, channel: ChannelName): T {
  if (!module) throw new Error(`the ${channel} channel is enabled but its adapter module was not loaded: pass loadChannelModules(config)`);
  return module;
}

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
export function mountChannels(app: Express, deps: ChannelDeps, modules: ChannelModules): MountedChannels {
  const { config, engine, store, logger } = deps;
  const mounted: { telegram?: TelegramAdapter; wechat?: WechatAdapter; botframework?: BotFrameworkAdapter } = {};
  const enabled: ChannelName[] = [];

  if (config.TELEGRAM_BOT_TOKEN) {
    const telegram = moduleOf(modules.telegram, 'telegram').createTelegramAdapter({
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
    const wechat = moduleOf(modules.wechat, 'wechat').createWechatAdapter({
      token: config.WECHAT_TOKEN,
      ...(config.WECHAT_APP_ID ? { appId: config.WECHAT_APP_ID } : {}),
      ...(config.WECHAT_APP_SECRET ? { appSecret: config.WECHAT_APP_SECRET } : {}),
      ...(config.WECHAT_ENCODING_AES_KEY ? { encodingAesKey: config.WECHAT_ENCODING_AES_KEY } : {}),
      ...(config.WECHAT_ACCOUNT_ID ? { accountId: config.WECHAT_ACCOUNT_ID } : {}),
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

  // Bot Framework: JWT-checked with MICROSOFT_APP_ID; anonymous (loopback serviceUrls only, warned at start)
  // only with BOTFRAMEWORK_ANONYMOUS=true outside production. Not mounted at all otherwise.
  const anonymous = anonymousBotFramework(config, deps);
  if (config.MICROSOFT_APP_ID || anonymous) {
    const botframework = moduleOf(modules.botframework, 'botframework').createBotFrameworkAdapter({
      ...(config.MICROSOFT_APP_ID ? { appId: config.MICROSOFT_APP_ID } : {}),
      ...(config.MICROSOFT_APP_PASSWORD ? { appPassword: config.MICROSOFT_APP_PASSWORD } : {}),
      ...(config.MICROSOFT_APP_CERT_PEM_FILE ? { certPemFile: config.MICROSOFT_APP_CERT_PEM_FILE } : {}),
      ...(config.MICROSOFT_APP_CERT_KEY_FILE ? { certKeyFile: config.MICROSOFT_APP_CERT_KEY_FILE } : {}),
      ...(config.MICROSOFT_APP_TENANT_ID ? { tenantId: config.MICROSOFT_APP_TENANT_ID } : {}),
      allowedCallers: config.MICROSOFT_ALLOWED_CALLERS,
      engine,
      store,
      logger,
      ...deps.botframework,
      allowAnonymous: anonymous,
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
 * The channels as a server plugin (bot/start.ts `ServerPlugin`): loads the enabled channels' modules,
 * mounts their webhooks before the JSON parser, registers the sinks, starts Telegram once the server listens.
 */
export function createChannelsPlugin(overrides: ChannelOverrides = {}): ServerPlugin & { readonly channels: MountedChannels | undefined } {
  let channels: MountedChannels | undefined;
  let started: { close(): Promise<void> } | undefined;
  let modules: ChannelModules = {};
  return {
    name: 'channels',
    get channels() {
      return channels;
    },
    async prepare(ctx) {
      modules = await loadChannelModules(ctx.config, overrides);
    },
    mount(express, ctx) {
      channels = mountChannels(
        express,
        {
          config: ctx.config,
          engine: ctx.app.engine,
          store: ctx.app.store,
          logger: ctx.app.logger,
          sinks: ctx.sinks,
          ...overrides,
        },
        modules,
      );
    },
    async start(ctx) {
      if (channels) started = await startChannels(channels, ctx.app.logger);
    },
    async close() {
      await (started ?? channels)?.close();
    },
  };
}
