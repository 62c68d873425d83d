// Child process for the crash test: writes ever-growing values to a few keys as fast as it can
// until the parent kills it with SIGKILL. Checkpoints run every few milliseconds, so the kill
// often lands while key files are being written.
import { createJournalFilesStore } from '../../../bot/store/journal-files/store.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: writer-child.ts <dataDir>');
const store = await createJournalFilesStore({ dataDir, checkpointIntervalMs: 5 });
process.send?.('ready');
for (let round = 0; ; round++) {
  const big = {
    round,
    filler: 'x'.repeat(20_000 + (round % 50) * 1000),
    list: Array.from({ length: 200 }, (_, i) => i + round),
  };
  await Promise.all([
    store.set('crash:a', big),
    store.set('crash:b', big),
    store.set('crash:a', { ...big, second: true }),
  ]);
}
