/** Messages between the service and its NLU worker thread (nlu-thread.ts ⇄ nlu-thread-worker.ts). */
import type { ClassifierModel } from '../../intents/classifier.ts';
import type { NluResult } from '../../intents/types.ts';

/** What the worker is started with (workerData): the trained model and the segmenter's domain words. */
export interface NluThreadData {
  model: ClassifierModel;
  domainWords: readonly string[];
}

export interface NluThreadRequest {
  id: number;
  text: string;
  /** The turn's clock (relative dates such as 昨天 resolve against it), epoch ms. */
  nowMs?: number;
}

export type NluThreadReply = { id: number; result: NluResult } | { id: number; failed: string };

export type NluThreadHello = { ready: true } | { startFailed: string };
