import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLowdbStore } from '../../bot/store/lowdb.ts';
import { persistentBackend, storeContract } from './contract.ts';

storeContract('lowdb', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'upay-store-lowdb-'));
  return persistentBackend({
    open: () => createLowdbStore({ dataDir }),
    drop: () => rm(dataDir, { recursive: true, force: true }),
    shared: false,
  });
});

storeContract('lowdb (I/O thread)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'upay-store-lowdb-io-'));
  return persistentBackend({
    open: () => createLowdbStore({ dataDir, ioThread: true }),
    drop: () => rm(dataDir, { recursive: true, force: true }),
    shared: false,
  });
});
