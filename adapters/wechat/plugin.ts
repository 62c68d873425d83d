import type { Config } from '../../bot/config.ts';
import type { ChannelPlugin } from '../../bot/plugin/types.ts';
import { adapterServices, customerChannel, setSettings } from '../shared/plugin-support.ts';
import type { WechatAdapter, WechatAdapterOptions } from './adapter.ts';

export type WechatChannelOptions = Partial<WechatAdapterOptions>;

const enabled = (config: Config): boolean => Boolean(config.WECHAT_TOKEN);

/**
 * A WeChat official account (公众号) as a channel: on with WECHAT_TOKEN; safe mode with
 * WECHAT_ENCODING_AES_KEY; late replies and agent messages through the customer-service API with
 * WECHAT_APP_ID and _SECRET. Its push route verifies signatures over the raw body. On shutdown it
 * waits for late deliveries in flight. `options` override the adapter's (tests, tuning).
 */
export function createWechatChannel(
  options: WechatChannelOptions = {},
): ChannelPlugin & { readonly adapter: WechatAdapter | undefined } {
  return customerChannel({
    name: 'wechat',
    enabled,
    load: () => import('./adapter.ts'),
    mount(module, routes, { config, app }) {
      const token = config.WECHAT_TOKEN;
      if (!token) return undefined; // not enabled: the server never mounts it then
      const adapter = module.createWechatAdapter({
        token,
        ...setSettings({
          appId: config.WECHAT_APP_ID,
          appSecret: config.WECHAT_APP_SECRET,
          encodingAesKey: config.WECHAT_ENCODING_AES_KEY,
          accountId: config.WECHAT_ACCOUNT_ID,
          apiBase: config.WECHAT_API_BASE,
        }),
        passiveReplyTimeoutMs: config.WECHAT_PASSIVE_REPLY_TIMEOUT_MS,
        ...adapterServices(app),
        ...options,
      });
      routes.webhooks.use(adapter.router());
      return adapter;
    },
    async stop(adapter) {
      await adapter?.idle().catch(() => undefined);
    },
  });
}
