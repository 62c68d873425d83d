import { describe, expect, it } from 'vitest';
import type { Store } from '../../bot/store/types.ts';
import { persistentBackend, storeContract } from './contract.ts';

/**
 * The contract suite for a backend on a shared server (Redis, PostgreSQL), plus what every such
 * backend does at open: each test gets a fresh namespace (key prefix, schema) on the shared server,
 * removed after it; an unreachable server fails with `store_unavailable`, a URL of another scheme
 * with `store_invalid_argument`. These suites need the local servers (CI starts them) and FAIL when
 * they are absent: never skipped.
 */
export function serverStoreContract<Namespace>(
  name: string,
  backend: {
    newNamespace: () => Namespace;
    open: (namespace: Namespace) => Promise<Store>;
    drop: (namespace: Namespace) => Promise<unknown>;
    /** Opens against a port where nothing listens (with a short timeout). */
    openUnreachable: () => Promise<Store>;
    /** Opens with a URL of another scheme. */
    openWrongScheme: () => Promise<Store>;
  },
): void {
  storeContract(name, async () => {
    const namespace = backend.newNamespace();
    return persistentBackend({
      open: () => backend.open(namespace),
      drop: () => backend.drop(namespace),
      shared: true,
    });
  });

  describe(`${name} store: opening`, () => {
    it('throws store_unavailable for an unreachable server', async () => {
      await expect(backend.openUnreachable()).rejects.toMatchObject({ code: 'store_unavailable' });
    });

    it('rejects a url of another scheme', async () => {
      await expect(backend.openWrongScheme()).rejects.toMatchObject({ code: 'store_invalid_argument' });
    });
  });
}
