/**
 * Trains the classifier's network on a worker thread (`MlpTrainer`, intents/eval/mlp.ts), so that dataset
 * evaluations (the CLI's `nlu eval --format`, `bench:nlu`) train the SVM and the network on two cores at once.
 * Training stays synchronous: a job's `result()` blocks on a shared counter the worker bumps after replying and
 * reads the reply with `receiveMessageOnPort`. The model is the one `trainMlp` would make here (same code, same
 * inputs); a worker that fails, stops or takes longer than `timeoutMs` (one that vanishes without its exit hook,
 * e.g. out of memory) makes `result()` throw, and the classifier then trains the network on its own thread.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { SparseVector } from '../../intents/vectorizer.ts';
import type { MlpJob, MlpModel, MlpOptions, MlpTrainer } from '../../intents/eval/mlp.ts';
import type { MlpThreadData, MlpThreadJob, MlpThreadReply } from './mlp-thread-protocol.ts';
import { startWorker } from './start.ts';

export interface MlpThreadTrainerOptions {
  /** Longest wait for one job, default 10 minutes. */
  timeoutMs?: number;
  /** The worker module (tests give a stand-in), default mlp-thread-worker.ts. */
  entry?: URL;
}

export interface MlpThreadTrainer extends MlpTrainer {
  /** Stops the worker (started by the first job); a later job starts a new one. */
  close(): Promise<void>;
}

export class MlpThreadError extends Error {
  constructor(
    readonly code: 'timeout' | 'failed' | 'stopped',
    message: string,
  ) {
    super(message);
    this.name = 'MlpThreadError';
  }
}

/** How long one `Atomics.wait` sleeps before checking that the worker still runs. */
const POLL_MS = 50;

export function createMlpThreadTrainer(options: MlpThreadTrainerOptions = {}): MlpThreadTrainer {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const entry = options.entry ?? new URL('./mlp-thread-worker.ts', import.meta.url);
  let thread: { worker: Worker; replies: MessagePort; signal: Int32Array; exited: boolean } | undefined;
  let nextId = 1;
  // Replies that arrived for another job than the one being waited for (jobs may be collected in any order).
  const early = new Map<number, MlpThreadReply>();

  const ensureThread = (): NonNullable<typeof thread> => {
    if (thread && !thread.exited) return thread;
    const channel = new MessageChannel();
    const shared = new SharedArrayBuffer(8);
    const data: MlpThreadData = { replies: channel.port2, signal: shared };
    const worker = startWorker(entry, { workerData: data, transferList: [channel.port2] });
    const started = { worker, replies: channel.port1, signal: new Int32Array(shared), exited: false };
    worker.on('exit', () => (started.exited = true));
    worker.on('error', () => (started.exited = true));
    worker.unref();
    thread = started;
    return started;
  };

  const collect = (t: NonNullable<typeof thread>, id: number): MlpModel => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = early.get(id);
      if (ready) {
        early.delete(id);
        if ('failed' in ready)
          throw new MlpThreadError('failed', `network training failed on its thread: ${ready.failed}`);
        return ready.model;
      }
      const seen = Atomics.load(t.signal, 0);
      for (let message = receiveMessageOnPort(t.replies); message; message = receiveMessageOnPort(t.replies)) {
        const reply = message.message as MlpThreadReply;
        early.set(reply.id, reply);
      }
      if (early.has(id)) continue;
      // The worker's exit event cannot arrive while this thread blocks: the worker sets slot 1 as it stops.
      if (t.exited || Atomics.load(t.signal, 1) === 1) {
        t.exited = true;
        throw new MlpThreadError('stopped', 'the network training thread stopped');
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        t.exited = true; // the next job starts a new worker
        void t.worker.terminate();
        throw new MlpThreadError('timeout', `network training thread took longer than ${timeoutMs} ms`);
      }
      Atomics.wait(t.signal, 0, seen, Math.min(POLL_MS, left));
    }
  };

  return {
    start(
      rows: readonly SparseVector[],
      labels: Int32Array,
      classes: number,
      features: number,
      mlpOptions: MlpOptions,
    ): MlpJob {
      const t = ensureThread();
      const id = nextId++;
      const offsets = new Int32Array(rows.length + 1);
      rows.forEach((row, i) => (offsets[i + 1] = (offsets[i] as number) + row.index.length));
      const index = new Int32Array(offsets[rows.length] as number);
      const value = new Float32Array(index.length);
      rows.forEach((row, i) => {
        index.set(row.index, offsets[i]);
        value.set(row.value, offsets[i]);
      });
      const job: MlpThreadJob = {
        id,
        offsets,
        index,
        value,
        labels: Int32Array.from(labels),
        classes,
        features,
        options: mlpOptions,
      };
      t.worker.postMessage(job, [offsets.buffer, index.buffer, value.buffer, job.labels.buffer] as ArrayBuffer[]);
      return { result: () => collect(t, id) };
    },
    async close() {
      const t = thread;
      thread = undefined;
      if (t && !t.exited) await t.worker.terminate();
    },
  };
}
