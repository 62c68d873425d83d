/**
 * Every channel the service can run, in mount order: the only place that lists them. A new channel is
 * a folder under adapters/ whose plugin.ts implements ChannelPlugin (bot/plugin/types.ts), plus one line
 * here. The server runs those the configuration enables; the others are never prepared, so their SDKs
 * are never loaded. The customer channels come before the Slack desk, so the desk delivers to all of them.
 */
import type { ChannelPlugin } from '../bot/plugin/types.ts';
import { createBotFrameworkChannel } from './botframework/plugin.ts';
import { createSlackChannel } from './slack/plugin.ts';
import { createTelegramChannel } from './telegram/plugin.ts';
import { createWebchatChannel } from './webchat/plugin.ts';
import { createWechatChannel } from './wechat/plugin.ts';

const CHANNELS = {
  webchat: createWebchatChannel,
  telegram: createTelegramChannel,
  wechat: createWechatChannel,
  botframework: createBotFrameworkChannel,
  slack: createSlackChannel,
} satisfies Record<string, (options?: never) => ChannelPlugin>;

/** Options per channel (tests, tuning): what each channel's factory takes. */
export type ChannelOptions = { [Name in keyof typeof CHANNELS]?: Parameters<(typeof CHANNELS)[Name]>[0] };

/** One plugin per channel, each with its options; the server keeps those `enabled(config)` accepts. */
export function createChannelPlugins(options: ChannelOptions = {}): ChannelPlugin[] {
  return Object.entries(CHANNELS).map(([name, create]) =>
    (create as (options?: unknown) => ChannelPlugin)(options[name as keyof ChannelOptions]),
  );
}
