import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { ServerPlugin } from './plugin/types.ts';
import { createConsolePlugin } from './console/plugin.ts';
import { createRetentionPlugin } from './privacy/plugin.ts';

/**
 * The server plugins besides the channels (those come from adapters/registry.ts, each on when the
 * configuration enables it): the retention sweeper (RETENTION_DAYS) and the support console (off until
 * a staff account exists: `upay-bot staff add`).
 */
export async function configuredPlugins(_config: Config, _logger: Logger): Promise<ServerPlugin[]> {
  return [createRetentionPlugin(), createConsolePlugin()];
}
