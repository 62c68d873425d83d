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

export interface CustomerIndexOptions {
  /** How long an association is kept; default 90 days (refreshed at most once per `refreshMs`). */
  ttlMs?: number;
  /** Re-write an association already written by this process after this long. Default 1 day. */
  refreshMs?: number;
  /** Associations remembered in memory to skip repeated writes. Default 10,000. */
  maxCached?: number;
}

function customerOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as { identity?: { customerId?: unknown }; verification?: { customerId?: unknown } };
  const id = v.identity?.customerId ?? v.verification?.customerId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Wraps a store so every saved conversation (`conv:<id>`) that names a customer also records the
 * index entry. Costs one extra write per new (customer, conversation) pair, none on later turns.
 * Wire it where the store is created: `store = withCustomerIndex(await createStore(...))`.
 */
export function withCustomerIndex(store: Store, opts: CustomerIndexOptions = {}): Store {
  const ttlMs = opts.ttlMs ?? 90 * 24 * 3600_000;
  const refreshMs = opts.refreshMs ?? 24 * 3600_000;
  const maxCached = opts.maxCached ?? 10_000;
  const written = new Map<string, number>();

  async function note(key: string, value: unknown): Promise<void> {
    if (!key.startsWith('conv:')) return;
    const customerId = customerOf(value);
    if (!customerId) return;
    const conversationId = key.slice('conv:'.length);
    const indexKey = customerIndexKey(customerId, conversationId);
    const seen = written.get(indexKey);
    if (seen !== undefined && Date.now() - seen < refreshMs) return;
    await rememberCustomerConversation(store, customerId, conversationId, { ttlMs });
    written.delete(indexKey);
    written.set(indexKey, Date.now());
    if (written.size > maxCached) written.delete(written.keys().next().value as string);
  }

  return {
    async set<T>(key: string, value: T, setOpts?: { ttlMs?: number }): Promise<void> {
      await store.set(key, value, setOpts);
      await note(key, value);
    },
    get: store.get.bind(store),
    setIfAbsent: store.setIfAbsent.bind(store),
    delete: store.delete.bind(store),
    keys: store.keys.bind(store),
    lock: store.lock.bind(store),
    publish: store.publish.bind(store),
    subscribe: store.subscribe.bind(store),
    ping: store.ping.bind(store),
    close: store.close.bind(store),
  };
}
