/**
 * The classifier the lab measures public datasets with (`nlu eval --format`, bench:nlu): the runtime's settings
 * (DEFAULT_CLASSIFIER_OPTIONS, intents/nlu.ts) plus, from 5,000 training examples, the network blended in
 * (network-classifier.ts). The knowledge files are measured with the bot's own model instead (trainKnowledgeClassifier,
 * or trainIntentClassifier with KNOWLEDGE_CLASSIFIER_OPTIONS). Why these values: docs/nlu-experiments.md.
 */
import { classifierSettings } from '../nlu.ts';
import type { LabeledText } from '../classifier.ts';
import type { Segmenter } from '../segment.ts';
import {
  trainClassifier,
  type NetworkClassifier,
  type NetworkClassifierOptions,
  type NetworkOptions,
} from './network-classifier.ts';

/**
 * 128 ReLU units over the SVM's TF-IDF rows, 5 SGD passes, trained once on the calibration part; its weight in the
 * blend picked per training set by held-out log-loss among 0…0.8. Only from 5,000 examples: below, undertrained.
 */
const DATASET_NETWORK_OPTIONS: NetworkOptions = {
  mlp: { hidden: 128, epochs: 5, learningRate: 0.2, dropout: 0.2, initScale: 0.03 },
  mlpMinExamples: 5000,
  mlpWeight: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
  mlpFinalEpochs: 0,
};

/** Trains the lab's classifier on a dataset's labelled texts, with the default analyzer unless given one. */
export function trainDatasetClassifier(
  examples: readonly LabeledText[],
  options: Partial<NetworkClassifierOptions> & { segmenter?: Segmenter } = {},
): NetworkClassifier {
  return trainClassifier(examples, classifierSettings<NetworkClassifierOptions>(options, DATASET_NETWORK_OPTIONS));
}
