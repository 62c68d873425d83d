import type { Config } from '../../bot/config.ts';
import type { ChannelPlugin } from '../../bot/plugin/types.ts';
import { adapterServices, customerChannel } from '../shared/plugin-support.ts';
import type { TelegramAdapter, TelegramAdapterOptions } from './adapter.ts';

export type TelegramChannelOptions = Partial<TelegramAdapterOptions>;

const enabled = (config: Config): boolean => Boolean(config.TELEGRAM_BOT_TOKEN);

/**
 * Telegram (telegraf) as a channel: on with TELEGRAM_BOT_TOKEN. Webhook mode with TELEGRAM_WEBHOOK_URL
 * and _SECRET (the route is mounted before the body parser), long polling otherwise. Once the server
 * listens it registers its commands and sets the webhook or starts polling; a failure there is logged
 * and leaves the other channels running. `options` override the adapter's (tests, tuning).
 */
export function createTelegramChannel(
  options: TelegramChannelOptions = {},
): ChannelPlugin & { readonly adapter: TelegramAdapter | undefined } {
  return customerChannel({
    name: 'telegram',
    enabled,
    load: () => import('./adapter.ts'),
    mount(module, routes, { config, app }) {
      const token = config.TELEGRAM_BOT_TOKEN;
      if (!token) return undefined; // not enabled: the server never mounts it then
      const adapter = module.createTelegramAdapter({
        token,
        ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
        ...(config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
          ? { webhook: { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET } }
          : {}),
        ...adapterServices(app),
        ...options,
      });
      const router = adapter.webhookRouter();
      if (router) routes.webhooks.use(router);
      return adapter;
    },
    async start(adapter, { app }) {
      try {
        await adapter?.start();
      } catch (err) {
        app.logger.error({ err, channel: 'telegram' }, 'telegram channel failed to start');
      }
    },
    async stop(adapter) {
      // Stopping is best effort: polling that fails to stop must not keep the others from closing.
      await adapter?.stop().catch(() => undefined);
    },
  });
}
