import type { Config } from '../../bot/config.ts';
import type { ChannelPlugin } from '../../bot/plugin/types.ts';
import { adapterServices, customerChannel, setSettings } from '../shared/plugin-support.ts';
import type { BotFrameworkAdapter, BotFrameworkAdapterOptions } from './adapter.ts';

export type BotFrameworkChannelOptions = Partial<BotFrameworkAdapterOptions>;

/** Delay before the Bot Framework SDK is loaded in the background, so start-up and the first probes stay quick. */
const SDK_WARM_UP_DELAY_MS = 1000;

/**
 * Whether Bot Framework traffic without MICROSOFT_APP_ID is accepted: only when BOTFRAMEWORK_ANONYMOUS=true
 * (local emulator work; config refuses it in production) or a test says so, and never in production.
 */
function anonymous(config: Config, options: BotFrameworkChannelOptions): boolean {
  if (config.NODE_ENV === 'production') return false;
  return options.allowAnonymous ?? config.BOTFRAMEWORK_ANONYMOUS;
}

/**
 * Microsoft Bot Framework (Teams, Web Chat, the emulator) as a channel: on with MICROSOFT_APP_ID (JWT-checked),
 * or anonymous (loopback serviceUrls only, warned at start) with BOTFRAMEWORK_ANONYMOUS=true outside
 * production; not mounted at all otherwise. The SDK loads shortly after the server listens, in the
 * background (an activity arriving first loads it itself). `options` override the adapter's (tests).
 */
export function createBotFrameworkChannel(
  options: BotFrameworkChannelOptions = {},
): ChannelPlugin & { readonly adapter: BotFrameworkAdapter | undefined } {
  let warmUp: NodeJS.Timeout | undefined;
  return customerChannel({
    name: 'botframework',
    enabled: (config) => Boolean(config.MICROSOFT_APP_ID) || anonymous(config, options),
    load: () => import('./adapter.ts'),
    mount(module, routes, { config, app }) {
      const adapter = module.createBotFrameworkAdapter({
        ...setSettings({
          appId: config.MICROSOFT_APP_ID,
          appPassword: config.MICROSOFT_APP_PASSWORD,
          certPemFile: config.MICROSOFT_APP_CERT_PEM_FILE,
          certKeyFile: config.MICROSOFT_APP_CERT_KEY_FILE,
          tenantId: config.MICROSOFT_APP_TENANT_ID,
        }),
        allowedCallers: config.MICROSOFT_ALLOWED_CALLERS,
        ...adapterServices(app),
        ...options,
        allowAnonymous: anonymous(config, options),
      });
      routes.webhooks.use(adapter.router());
      return adapter;
    },
    async start(mounted, { app }) {
      if (!mounted) return;
      warmUp = setTimeout(() => {
        mounted
          .warmUp()
          .catch((err: unknown) =>
            app.logger.error({ err, channel: 'botframework' }, 'bot framework SDK failed to load'),
          );
      }, SDK_WARM_UP_DELAY_MS).unref();
    },
    async stop() {
      clearTimeout(warmUp);
    },
  });
}
