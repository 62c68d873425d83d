import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { ServerPlugin } from './start.ts';

/** The channel adapters and the desk that the configuration enables. */
export async function configuredPlugins(_config: Config, _logger: Logger): Promise<ServerPlugin[]> {
  return [];
}
