import { afterAll, beforeAll, describe, it } from 'vitest';
import { startCountingWallet, type CountingWallet } from './wallet-proxy.ts';
import { crashBetweenWriteAndSave } from './crash-scenario.ts';
import { REDIS_URL } from './helpers.ts';

describe('kill -9 in the middle of a flow (server processes on Redis)', () => {
  let wallet: CountingWallet;
  beforeAll(async () => {
    wallet = await startCountingWallet();
  });
  afterAll(async () => {
    await wallet?.close();
  });

  it('restarts on the same store, continues the conversation and repeats no wallet write', async () => {
    // Production key layout (prefix upay:); every id in the scenario is random, so runs never collide.
    await crashBetweenWriteAndSave(wallet, { STORE_URL: REDIS_URL });
  }, 200_000);
});
