/**
 * The service as `npm start` builds it (bot/main.ts), for bench:server's event-recording A/B: with
 * BENCH_EVENTS=off the engine's turn events go to a log that discards them; otherwise to the real store log
 * (bot/analytics/event-log.ts). Prints its URL as main.ts does and runs until SIGTERM.
 */
import type { TurnEventLog } from '../bot/analytics/types.ts';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/logger.ts';
import { configuredPlugins } from '../bot/plugins.ts';
import { startServer } from '../bot/start.ts';

const discard: TurnEventLog = {
  record: () => undefined,
  flush: async () => undefined,
  read: async () => [],
  forget: async () => 0,
  close: async () => undefined,
};

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL });
const running = await startServer(config, {
  logger,
  plugins: await configuredPlugins(config, logger),
  ...(process.env.BENCH_EVENTS === 'off' ? { events: discard } : {}),
});
process.stdout.write(`upay-support is ready: open ${running.url}/ to chat\n`);
process.once('SIGTERM', () => {
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
