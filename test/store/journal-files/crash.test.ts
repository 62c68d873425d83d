import { fork } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJournalFilesStore } from '../../../bot/store/journal-files/store.ts';
import { isDelete, KEYS_PER_WORKER, opKey, WORKERS } from './journal-ops.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'upay-store-lowdb-crash-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Ack {
  op: 'set' | 'del';
  n: number;
}

interface RunResult {
  /** The last acknowledged operation per key. */
  last: Map<string, Ack>;
  /** Per worker, the number of its last acknowledged operation (its next one was in flight at the kill). */
  lastOp: Map<number, number>;
}

/** Runs the writer child until it has acknowledged `minAcks` operations, then SIGKILLs it. */
async function runAndKill(firstN: number, minAcks: number, ioThread: boolean): Promise<RunResult> {
  const child = fileURLToPath(new URL('./journal-child.ts', import.meta.url));
  const proc = fork(child, [dataDir, String(firstN), ...(ioThread ? ['io'] : [])], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  let out = '';
  let acks = 0;
  const last = new Map<string, Ack>();
  const lastOp = new Map<number, number>();
  const exited = new Promise((r) => proc.once('exit', r));
  await new Promise<void>((resolve, reject) => {
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? ''; // an incomplete line is not an acknowledgement yet
      for (const line of lines) {
        const [w, op, key, kind, n] = line.split(' ');
        if (!key || (kind !== 'set' && kind !== 'del')) throw new Error(`bad child line: ${line}`);
        last.set(key, { op: kind, n: Number(n) });
        lastOp.set(Number(w), Number(op));
        acks++;
      }
      if (acks >= minAcks) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`writer exited early (${String(code)}): ${stderr}`)));
  });
  proc.kill('SIGKILL');
  await exited;
  return { last, lastOp };
}

describe('journal-files store: kill -9 of a process writing through the journal', () => {
  it('every acknowledged set or delete survives with its latest value, whatever moment the kill hits', async () => {
    let replayedSegments = 0;
    for (let round = 0; round < 4; round++) {
      // Each round continues on the data the previous crash left (replay, lock takeover); odd rounds
      // write through the store's I/O thread, so each kind of writer's leftovers are replayed by the other.
      const { last, lastOp } = await runAndKill(
        round * 10_000_000,
        300 + Math.floor(Math.random() * 1500),
        round % 2 === 1,
      );
      expect(last.size).toBe(WORKERS * KEYS_PER_WORKER);
      // Each worker's one operation in flight at the kill may or may not have happened.
      const inFlight = new Map<string, 'set' | 'del'>();
      for (const [w, op] of lastOp) inFlight.set(opKey(w, op + 1), isDelete(op + 1) ? 'del' : 'set');
      replayedSegments += (await readdir(join(dataDir, 'store', 'journal'))).length;
      const store = await createJournalFilesStore({ dataDir });
      for (const [key, ack] of last) {
        const value = await store.get<{ n: number }>(key);
        const pending = inFlight.get(key);
        const asAcked = ack.op === 'set' ? value?.n === ack.n : value === undefined;
        // The in-flight operation came later than every acknowledged one: a set wrote a larger n.
        const asInFlight =
          pending === 'del' ? value === undefined : pending === 'set' && value !== undefined && value.n > ack.n;
        expect(
          asAcked || asInFlight,
          `${key}: acknowledged ${ack.op} ${ack.n}, in flight ${pending ?? 'none'}, found ${JSON.stringify(value?.n)}`,
        ).toBe(true);
      }
      await store.close();
      expect(await readdir(join(dataDir, 'store', 'journal'))).toEqual([]);
    }
    // The kills left journal segments behind (the newest data was only there) and they were replayed.
    expect(replayedSegments).toBeGreaterThan(0);
  }, 120_000);
});

describe('journal-files store: a data directory written before the journal existed', () => {
  it('opens with its data, TTLs and saved in-memory keys, and keeps them after a restart', async () => {
    const fixture = fileURLToPath(new URL('../fixtures/lowdb-pre-journal', import.meta.url));
    await cp(fixture, dataDir, { recursive: true });
    for (let pass = 0; pass < 2; pass++) {
      const store = await createJournalFilesStore({ dataDir });
      expect(await store.get('conv:webchat:c1')).toEqual({ step: 'verify', history: ['你好', 'hi'] });
      expect(await store.get('conv:telegram:42')).toEqual({ step: pass === 0 ? 'done' : 'again' });
      expect(await store.get('webchat:session:s1')).toEqual({ customerId: 'C1001' });
      expect(await store.get('webchat:session:expired')).toBeUndefined();
      expect(await store.get(`case:${'x'.repeat(300)}`)).toEqual({ long: true });
      expect(await store.get('gone')).toBeUndefined();
      expect(await store.get('dedupe:webchat:e1')).toEqual({ state: 'done' }); // volatile.json, saved again by close()
      const keys: string[] = [];
      for await (const k of store.keys('')) keys.push(k);
      expect(keys).toEqual(
        [
          'conv:telegram:42',
          'conv:webchat:c1',
          'dedupe:webchat:e1',
          'webchat:session:s1',
          `case:${'x'.repeat(300)}`,
        ].sort(),
      );
      await store.set('conv:telegram:42', { step: 'again' });
      await store.close();
    }
  });
});
