/**
 * The intent classifier's contract: TF-IDF features (analyzer.ts, vectorizer.ts) → one-vs-rest linear SVM
 * (linear-svm.ts) → temperature-scaled softmax (calibrated on a held-out slice) → out-of-scope rule
 * (the out-of-scope class wins, or the best in-scope probability is below a tuned threshold).
 * Generic over labels, so the same code runs on the knowledge files and on public datasets.
 * Training: classifier-train.ts; a trained model rebuilt and predicting: classifier-predict.ts.
 */
import type { Analyzer } from './analyzer.ts';
import type { LinearModel, SvmOptions } from './linear-svm.ts';
import type { HeldOutPrediction } from './out-of-scope.ts';
import type { IntentScore } from './types.ts';
import type { VectorizerState } from './vectorizer.ts';

export interface LabeledText {
  text: string;
  label: string;
}

export interface ClassifierOptions {
  analyzer: Analyzer;
  /** Label of the out-of-scope class, default `out_of_scope`. */
  outOfScopeLabel?: string;
  svm?: SvmOptions;
  minDf?: number;
  /**
   * Feature families (prefixes, see `FEATURE_FAMILIES`) used only from this many training examples, e.g. `{ e: 5000 }`;
   * below it their features are left out of every vectorizer. Default none.
   */
  familyMinExamples?: Readonly<Record<string, number>>;
  /** Per-family feature weights (see `VectorizerOptions.familyWeights`), default none (one block). */
  familyWeights?: Record<string, number>;
  /** Share of each label held out to fit temperature and threshold, default 0.15. */
  holdoutFraction?: number;
  /** In-scope accuracy (held-out) the rejection threshold may cost, default 0.01. */
  maxInScopeLoss?: number;
  /** Multiplier of the SVM's C for out-of-scope examples, default 1. */
  outOfScopeClassWeight?: number;
  /** Fixed rejection threshold; by default tuned when the training data has out-of-scope examples. */
  threshold?: number;
  /** Fixed temperature; by default fitted on the held-out slice. */
  temperature?: number;
  seed?: number;
  /**
   * Feature views (each a list of family prefixes, see `FEATURE_FAMILIES`; `undefined` = all families): one linear
   * model per view, decision values averaged. Default one view with every family.
   */
  views?: readonly (readonly string[] | undefined)[];
  /** Coordinate-descent passes of the final model when it warm-starts from the calibration model, default 5. */
  warmIterations?: number;
}

export class ClassifierError extends Error {
  constructor(
    readonly code: 'empty_training_set' | 'single_label' | 'empty_text' | 'bad_model',
    message: string,
  ) {
    super(message);
    this.name = 'ClassifierError';
  }
}

export interface Prediction {
  /** The decision: a label, or the out-of-scope label when rejected. */
  name: string;
  confidence: number;
  /** True when the decision is out of scope because confidence fell below the threshold. */
  rejectedByThreshold: boolean;
  /** All labels, calibrated probabilities (sum 1), best first. */
  ranking: IntentScore[];
}

export interface TextClassifier {
  readonly labels: readonly string[];
  readonly outOfScopeLabel: string;
  readonly temperature: number;
  readonly threshold: number;
  /** The held-out predictions that fitted temperature and threshold (empty when both were given, or rebuilt from a model). */
  readonly heldOut: readonly HeldOutPrediction[];
  /** The trained classifier as plain data (see `ClassifierModel`). */
  model(): ClassifierModel;
  predict(text: string): Prediction;
}

/**
 * A trained classifier as plain data: labels, calibration, and each part's vectorizer state and
 * weights as typed arrays. Structured-cloneable, so it can be stored (v8-serialised, bot/nlu-cache.ts)
 * or sent to another thread; `classifierFromModel` rebuilds a classifier that predicts identically.
 * The analyzer is not part of it: rebuild it the same way (same segmenter dictionary and options).
 */
export interface ClassifierModel {
  version: typeof CLASSIFIER_MODEL_VERSION;
  labels: string[];
  outOfScopeLabel: string;
  temperature: number;
  threshold: number;
  views: { vectorizer: VectorizerState; model: LinearModel }[];
}

export const CLASSIFIER_MODEL_VERSION = 1;
