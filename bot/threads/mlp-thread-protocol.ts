/** Messages between mlp-thread.ts and its worker, mlp-thread-worker.ts. */
import type { MessagePort } from 'node:worker_threads';
import type { MlpModel, MlpOptions } from '../../intents/eval/mlp.ts';

export interface MlpThreadData {
  /** Where the worker replies (the trainer reads it synchronously with `receiveMessageOnPort`). */
  replies: MessagePort;
  /**
   * Two `Int32Array` slots over a SharedArrayBuffer: [0] the worker adds 1 and notifies after each reply and when it
   * stops; [1] the worker sets it to 1 as it stops (its `exit` event, which also follows an uncaught error).
   */
  signal: SharedArrayBuffer;
}

/** One training job: rows packed as CSR (`offsets[i]…offsets[i + 1]` index `index` and `value`). */
export interface MlpThreadJob {
  id: number;
  offsets: Int32Array;
  index: Int32Array;
  value: Float32Array;
  labels: Int32Array;
  classes: number;
  features: number;
  options: MlpOptions;
}

export type MlpThreadReply = { id: number; model: MlpModel } | { id: number; failed: string };
