import { expect } from 'vitest';
import type { Store } from '../../bot/store/types.ts';

/** Expects the promise to reject with a typed store error of this code. */
export async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ code });
}

/** Expects every call on a closed store to be refused with store_closed (keys() on its first next()). */
export async function expectEveryCallClosed(store: Store): Promise<void> {
  await expectCode(store.get('k'), 'store_closed');
  await expectCode(store.set('k', 1), 'store_closed');
  await expectCode(store.setIfAbsent('k', 1, { ttlMs: 1000 }), 'store_closed');
  await expectCode(store.delete('k'), 'store_closed');
  await expectCode(store.keys('')[Symbol.asyncIterator]().next(), 'store_closed');
  await expectCode(store.lock('k', { ttlMs: 1000 }), 'store_closed');
  await expectCode(store.publish('chan', 1), 'store_closed');
  await expectCode(
    store.subscribe('chan', () => undefined),
    'store_closed',
  );
  await expectCode(store.ping(), 'store_closed');
}
