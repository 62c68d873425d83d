import type { RunningServer } from '../../bot/start.ts';
import type { Store } from '../../bot/store/types.ts';
import { sharedNlu, startInstance, testConfig } from './helpers.ts';
import { startCountingWallet, type CountingWallet } from './wallet-proxy.ts';

export interface ServersOnWallet {
  wallet: CountingWallet;
  servers: RunningServer[];
  /** Stops the servers, closes the stores given, then the wallet. */
  close(): Promise<void>;
}

/**
 * One counting sandbox wallet and an in-process server on each store given (the one the
 * configuration names where a store is undefined), all on the NLU trained once per file.
 */
export async function startServersOnWallet(
  stores: (Store | undefined)[],
  env: Record<string, string> = {},
): Promise<ServersOnWallet> {
  await sharedNlu();
  const wallet = await startCountingWallet();
  const servers: RunningServer[] = [];
  async function close(): Promise<void> {
    await Promise.allSettled(servers.map((s) => s.stop()));
    await Promise.allSettled(stores.map((s) => s?.close()));
    await wallet.close();
  }
  try {
    for (const store of stores)
      servers.push(await startInstance(testConfig({ WALLET_API_URL: wallet.url, ...env }), store ? { store } : {}));
  } catch (error) {
    await close();
    throw error;
  }
  return { wallet, servers, close };
}
