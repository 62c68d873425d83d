import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJournalFilesStore } from '../../../bot/store/journal-files/store.ts';
import { fakeClock, persistentBackend, storeContract } from '../contract.ts';

storeContract('journal files', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'upay-store-lowdb-'));
  const clock = fakeClock();
  return persistentBackend({
    open: () => createJournalFilesStore({ dataDir, now: clock.now }),
    clock,
    drop: () => rm(dataDir, { recursive: true, force: true }),
    shared: false,
  });
});

storeContract('journal files (I/O thread)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'upay-store-lowdb-io-'));
  const clock = fakeClock();
  return persistentBackend({
    open: () => createJournalFilesStore({ dataDir, ioThread: true, now: clock.now }),
    clock,
    drop: () => rm(dataDir, { recursive: true, force: true }),
    shared: false,
  });
});
