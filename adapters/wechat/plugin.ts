import type { Config } from '../../bot/config.ts';
import type { ChannelPlugin } from '../../bot/plugin/types.ts';
import { lazyModule, sendThrough } from '../shared/plugin-support.ts';
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
  const module = lazyModule('wechat', () => import('./adapter.ts'));
  let adapter: WechatAdapter | undefined;
  return {
    name: 'wechat',
    enabled,
    get adapter() {
      return adapter;
    },
    prepare: () => module.load(),
    mount(routes, { config, app }) {
      const token = config.WECHAT_TOKEN;
      if (!token) return; // not enabled: the server never mounts it then
      adapter = module.get().createWechatAdapter({
        token,
        ...(config.WECHAT_APP_ID ? { appId: config.WECHAT_APP_ID } : {}),
        ...(config.WECHAT_APP_SECRET ? { appSecret: config.WECHAT_APP_SECRET } : {}),
        ...(config.WECHAT_ENCODING_AES_KEY ? { encodingAesKey: config.WECHAT_ENCODING_AES_KEY } : {}),
        ...(config.WECHAT_ACCOUNT_ID ? { accountId: config.WECHAT_ACCOUNT_ID } : {}),
        ...(config.WECHAT_API_BASE ? { apiBase: config.WECHAT_API_BASE } : {}),
        passiveReplyTimeoutMs: config.WECHAT_PASSIVE_REPLY_TIMEOUT_MS,
        engine: app.engine,
        store: app.store,
        logger: app.logger,
        ...options,
      });
      routes.webhooks.use(adapter.router());
    },
    async stop() {
      await adapter?.idle().catch(() => undefined);
    },
    send: (conversationId, replies) => sendThrough('wechat', adapter, conversationId, replies),
  };
}
