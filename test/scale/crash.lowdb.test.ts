import { afterAll, beforeAll, describe, it } from 'vitest';
import { startCountingWallet, type CountingWallet } from './wallet-proxy.ts';
import { crashBetweenWriteAndSave } from './crash-scenario.ts';

describe('kill -9 in the middle of a flow (server processes on one lowdb DATA_DIR)', () => {
  let wallet: CountingWallet;
  beforeAll(async () => {
    wallet = await startCountingWallet();
  });
  afterAll(async () => {
    await wallet?.close();
  });

  it('restarts on the same data, continues the conversation and repeats no wallet write', async () => {
    await crashBetweenWriteAndSave(wallet, { DATA_DIR: `/tmp/upay-crash-${process.pid}-${Date.now()}` });
  }, 200_000);
});
