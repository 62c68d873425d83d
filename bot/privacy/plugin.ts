import type { PluginContext, ServerPlugin } from '../plugin/types.ts';
import { startRetentionSweeper, type RetentionSweeperOptions } from './retention.ts';

/**
 * The retention sweeper as a server plugin: starts once the server listens (RETENTION_DAYS from
 * the config), stops on shutdown. Listed in `configuredPlugins` (bot/plugins.ts).
 */
export function createRetentionPlugin(opts: RetentionSweeperOptions = {}): ServerPlugin {
  let stop: (() => Promise<void>) | undefined;
  return {
    name: 'retention',
    async start(ctx: PluginContext) {
      stop = startRetentionSweeper(ctx.app.store, ctx.config, ctx.app.logger, opts);
    },
    async stop() {
      await stop?.();
      stop = undefined;
    },
  };
}
