/**
 * `npm start`: the whole service in one process on embedded defaults (lowdb under DATA_DIR,
 * in-process sandbox wallet, in-app chat at http://127.0.0.1:3000/).
 */
import { loadConfig } from './config.ts';
import { ConfigError } from './errors.ts';
import { createLogger } from './logger.ts';
import { startServer } from './start.ts';
import { configuredPlugins } from './plugins.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`upay-support: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const running = await startServer(config, { logger, plugins: await configuredPlugins(config, logger) });
  process.stdout.write(`upay-support is ready: open ${running.url}/ to chat\n`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'signal received');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`upay-support failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
