import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLowdbStore } from '../../bot/store/lowdb.ts';
import type { Store } from '../../bot/store/types.ts';
import { storeContract } from './contract.ts';

storeContract('lowdb', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'upay-store-lowdb-'));
  const opened: Store[] = [];
  const openStore = async (): Promise<Store> => {
    const s = await createLowdbStore({ dataDir });
    opened.push(s);
    return s;
  };
  let current = await openStore();
  return {
    store: current,
    restart: async () => {
      await current.close();
      current = await openStore();
      return current;
    },
    cleanup: async () => {
      for (const s of opened) await s.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
