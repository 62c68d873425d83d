import type { Store } from '../store/types.ts';
import { customerIndexKey } from './records.ts';

/**
 * The customer → conversation index `privacy:customer:<customerId>:<conversationId>`.
 *
 * A conversation forgets who the customer was once an OTP verification expires (the engine resets
 * `identity`), but its transcript still holds what that customer said. `forget` must find it, so
 * the association is written down the first time it is seen and kept as long as conversations are.
 * One key per association (no read-modify-write), so several instances never race on it.
 */
export async function rememberCustomerConversation(
  store: Store,
  customerId: string,
  conversationId: string,
  opts: { ttlMs: number; now?: Date },
): Promise<void> {
  const at = (opts.now ?? new Date()).toISOString();
  await store.set(customerIndexKey(customerId, conversationId), { at }, { ttlMs: opts.ttlMs });
}
