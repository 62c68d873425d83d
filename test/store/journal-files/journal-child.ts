// Child process for the journal crash test: 8 workers, each with its own 10 keys, set (and now and
// then delete) them one after another as fast as they can, printing every acknowledged operation on
// stdout ("<worker> <op> <key> set|del <n>"), until the parent kills the process with SIGKILL. Checkpoints run
// every few milliseconds, so a kill also lands in the middle of one.
import { createJournalFilesStore } from '../../../bot/store/journal-files/store.ts';
import { isDelete, opKey, WORKERS } from './journal-ops.ts';

const [dataDir, firstN, io] = process.argv.slice(2);
if (!dataDir || firstN === undefined) throw new Error('usage: journal-child.ts <dataDir> <firstN> [io]');
// `io`: the journal and key-file writes go through the store's I/O thread (the service's default).
const store = await createJournalFilesStore({
  dataDir,
  checkpointIntervalMs: 5,
  journalMaxBytes: 64 * 1024,
  ioThread: io === 'io',
});
process.send?.('ready');
let n = Number(firstN);
const filler = 'z'.repeat(3000);
await Promise.all(
  Array.from({ length: WORKERS }, async (_, w) => {
    for (let op = 0; ; op++) {
      const key = opKey(w, op);
      const mine = n++;
      if (isDelete(op)) {
        await store.delete(key);
        // Pipes are written synchronously on Linux: a line the parent reads was acknowledged.
        process.stdout.write(`${w} ${op} ${key} del ${mine}\n`);
      } else {
        await store.set(key, { n: mine, filler });
        process.stdout.write(`${w} ${op} ${key} set ${mine}\n`);
      }
    }
  }),
);
