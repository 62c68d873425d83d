import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChannelPlugins, type ChannelOptions } from '../../adapters/registry.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { startServer } from '../../bot/start.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';

/**
 * The whole service (real engine, NLU, knowledge, in-process sandbox wallet with the fixed OTP
 * 123456, memory store) with the registry's channels (`overrides` per channel), listening on loopback.
 */
export async function startChannelServer(env: Record<string, string>, overrides: ChannelOptions = {}) {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'upay-channels-')),
    SANDBOX_FIXED_OTP: '123456',
    ...env,
  });
  const server = await startServer(config, {
    channels: createChannelPlugins(overrides),
    store: createMemoryStore(),
    logger: silentLogger,
  });
  return { server, channels: { enabled: server.channels } };
}
