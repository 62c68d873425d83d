import type { Store } from '../store/types.ts';

/**
 * The customer → conversation index `privacy:customer:<customerId>:<conversationId>`.
 *
 * A conversation forgets who the customer was once an OTP verification expires (the engine resets
 * `identity`), but its transcript still holds what that customer said. `forget` must find it, so
 * the association is written down the first time it is seen and kept as long as conversations are.
 * One key per association (no read-modify-write), so several instances never race on it.
 *
 * Here, below both, because the engine writes it and the privacy catalogue (bot/privacy/records.ts)
 * reads it: privacy imports the engine's key layouts, so the engine must not import privacy.
 */
export const CUSTOMER_INDEX_PREFIX = 'privacy:customer:';

export function customerIndexKey(customerId: string, conversationId: string): string {
  return `${CUSTOMER_INDEX_PREFIX}${customerId}:${conversationId}`;
}

export async function rememberCustomerConversation(
  store: Store,
  customerId: string,
  conversationId: string,
  opts: { ttlMs: number; now?: Date },
): Promise<void> {
  const at = (opts.now ?? new Date()).toISOString();
  await store.set(customerIndexKey(customerId, conversationId), { at }, { ttlMs: opts.ttlMs });
}
