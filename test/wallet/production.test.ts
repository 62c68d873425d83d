import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { ConfigError } from '../../bot/errors.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createWallet } from '../../bot/wallet/index.ts';

describe('createWallet in production', () => {
  it('never starts the sandbox wallet, even for a configuration that bypassed loadConfig', async () => {
    const config = { ...loadConfig({}), NODE_ENV: 'production' as const };
    const attempt = createWallet(config, silentLogger);
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow('WALLET_API_URL');
  });
});
