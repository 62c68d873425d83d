import type { WalletFetch } from '../../bot/wallet/http-transport.ts';

/** The request options a wallet transport is called with: a GET with a 2 s timeout unless `extra` says otherwise. */
export function transportInit(extra: Partial<Parameters<WalletFetch>[1]> = {}): Parameters<WalletFetch>[1] {
  return { method: 'GET', headers: {}, signal: AbortSignal.timeout(2000), ...extra };
}
