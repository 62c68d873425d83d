import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { ServerPlugin } from './plugin/types.ts';
import { createChannelsPlugin, enabledChannels } from '../adapters/channels.ts';
import { createRetentionPlugin } from './privacy/plugin.ts';

/**
 * The customer channels (Telegram, WeChat, Bot Framework), the Slack desk and the retention
 * sweeper (RETENTION_DAYS). Each channel mounts only what the configuration enables, so with no
 * channel variables set the service runs the in-app chat alone. The channels come first so the
 * desk can deliver to all of them. Channel SDKs are loaded only when a channel can be enabled.
 */
export async function configuredPlugins(config: Config, _logger: Logger): Promise<ServerPlugin[]> {
  const plugins: ServerPlugin[] = [];
  // Bot Framework counts only with MICROSOFT_APP_ID, or BOTFRAMEWORK_ANONYMOUS=true outside production (adapters/channels.ts).
  if (Object.values(enabledChannels(config)).some(Boolean)) plugins.push(createChannelsPlugin());
  if (config.SLACK_BOT_TOKEN) plugins.push((await import('../adapters/slack/plugin.ts')).createSlackPlugin());
  plugins.push(createRetentionPlugin());
  return plugins;
}
