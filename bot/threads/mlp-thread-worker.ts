import { parentPort, workerData } from 'node:worker_threads';
import type { SparseVector } from '../../intents/vectorizer.ts';
import { trainMlp } from '../../intents/eval/mlp.ts';
import type { MlpThreadData, MlpThreadJob, MlpThreadReply } from './mlp-thread-protocol.ts';

/** Trains networks on a worker thread (started by mlp-thread.ts through start.ts): one job per message. */
const port = parentPort;
if (!port) throw new Error('mlp-thread-worker.ts runs as a worker thread (see mlp-thread.ts)');
const { replies, signal } = workerData as MlpThreadData;
const signalled = new Int32Array(signal);
// The trainer blocks while it waits and so cannot see this thread's exit event: tell it through the shared slots.
process.on('exit', () => {
  Atomics.store(signalled, 1, 1);
  Atomics.add(signalled, 0, 1);
  Atomics.notify(signalled, 0);
});

port.on('message', (job: MlpThreadJob) => {
  let reply: MlpThreadReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const rows: SparseVector[] = [];
    for (let i = 0; i + 1 < job.offsets.length; i++) {
      const from = job.offsets[i] as number;
      const to = job.offsets[i + 1] as number;
      rows.push({ index: job.index.subarray(from, to), value: job.value.subarray(from, to) });
    }
    const model = trainMlp(rows, job.labels, job.classes, job.features, job.options);
    reply = { id: job.id, model };
    for (const array of [model.w1, model.b1, model.w2, model.b2]) transfer.push(array.buffer as ArrayBuffer);
  } catch (error) {
    reply = { id: job.id, failed: error instanceof Error ? error.message : String(error) };
  }
  replies.postMessage(reply, transfer);
  Atomics.add(signalled, 0, 1);
  Atomics.notify(signalled, 0);
});
