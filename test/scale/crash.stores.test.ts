import { afterAll, beforeAll, describe, it } from 'vitest';
import { startCountingWallet, type CountingWallet } from './wallet-proxy.ts';
import { crashBetweenWriteAndSave } from './crash-scenario.ts';
import { REDIS_URL } from './helpers.ts';

/** The stores the server processes share across the crash: their environment, made when the test runs. */
const stores: Array<[name: string, storeEnv: () => Record<string, string>]> = [
  ['one lowdb DATA_DIR', () => ({ DATA_DIR: `/tmp/upay-crash-${process.pid}-${Date.now()}` })],
  // Production key layout (prefix upay:); every id in the scenario is random, so runs never collide.
  ['Redis', () => ({ STORE_URL: REDIS_URL })],
];

describe.each(stores)('kill -9 in the middle of a flow (server processes on %s)', (_name, storeEnv) => {
  let wallet: CountingWallet;
  beforeAll(async () => {
    wallet = await startCountingWallet();
  });
  afterAll(async () => {
    await wallet?.close();
  });

  it('restarts on the same store, continues the conversation and repeats no wallet write', async () => {
    await crashBetweenWriteAndSave(wallet, storeEnv());
  }, 200_000);
});
