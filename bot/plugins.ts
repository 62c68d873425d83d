import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { ServerPlugin } from './start.ts';
import { createChannelsPlugin } from '../adapters/channels.ts';
import { createSlackPlugin } from '../adapters/slack/plugin.ts';
import { createRetentionPlugin } from './privacy/plugin.ts';

/**
 * The customer channels (Telegram, WeChat, Bot Framework), the Slack desk and the retention
 * sweeper (RETENTION_DAYS). Each channel mounts only what the configuration enables, so with no
 * channel variables set the service runs the in-app chat alone. The channels come first so the
 * desk can deliver to all of them.
 */
export async function configuredPlugins(_config: Config, _logger: Logger): Promise<ServerPlugin[]> {
  return [createChannelsPlugin(), createSlackPlugin(), createRetentionPlugin()];
}
