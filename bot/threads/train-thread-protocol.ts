/** Messages between train-thread.ts and its worker, train-thread-worker.ts. */
import type { ClassifierModel, LabeledText } from '../../intents/classifier.ts';

/** One training job: the knowledge examples (every locale, in the knowledge base's order) and the domain words. */
export interface TrainThreadJob {
  id: number;
  examples: LabeledText[];
  domainWords: readonly string[];
}

export type TrainThreadReply = { id: number; model: ClassifierModel } | { id: number; failed: string };
