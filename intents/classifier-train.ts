/**
 * Trains the intent classifier (classifier.ts): every text's features hashed once, a stratified held-out slice that
 * calibrates the temperature and the out-of-scope threshold, then the final linear models on every row, each
 * warm-started from its calibration model. `trainClassifier` composes the steps; they are exported for the lab's
 * classifier (intents/eval/network-classifier.ts), which trains a network between them.
 */
import { assembleClassifier } from './classifier-predict.ts';
import {
  CLASSIFIER_MODEL_VERSION,
  ClassifierError,
  type ClassifierModel,
  type ClassifierOptions,
  type LabeledText,
  type TextClassifier,
} from './classifier.ts';
import { copyHashed, type HashedFeatures } from './feature-hash.ts';
import {
  createRandom,
  scoreRow,
  trainOneVsRestSvm,
  type LinearModel,
  type SvmOptions,
  type TrainedSvm,
} from './linear-svm.ts';
import { fitTemperature, softmax, tuneOutOfScopeThreshold, type HeldOutPrediction } from './out-of-scope.ts';
import { fitVectorizer, type SparseVector, type Vectorizer, type VectorizerOptions } from './vectorizer.ts';

/** What training derives from the examples before fitting anything. */
export interface TrainingSet {
  /** Sorted distinct labels; a label's index is its class. */
  readonly labels: readonly string[];
  readonly outOfScopeLabel: string;
  /** The out-of-scope class, -1 when no example has that label. */
  readonly oosIndex: number;
  readonly gold: Int32Array;
  readonly features: readonly HashedFeatures[];
  readonly seed: number;
  /** Settings every view's vectorizer shares (left-out families, minDf, family weights). */
  readonly vectorizerOptions: VectorizerOptions;
  /** One vectorizer setting per feature view (its families on top of `vectorizerOptions`). */
  readonly viewOptions: readonly VectorizerOptions[];
  /** The view that reads every family, -1 when each view keeps only some. */
  readonly fullView: number;
}

export function prepareTraining(examples: readonly LabeledText[], options: ClassifierOptions): TrainingSet {
  if (examples.length === 0) throw new ClassifierError('empty_training_set', 'no training examples');
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new ClassifierError('single_label', 'need at least two labels to train a classifier');
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const outOfScopeLabel = options.outOfScopeLabel ?? 'out_of_scope';
  const excludeFamilies = Object.entries(options.familyMinExamples ?? {})
    .filter(([, min]) => examples.length < min)
    .map(([family]) => family);
  const vectorizerOptions = {
    ...(excludeFamilies.length === 0 ? {} : { excludeFamilies }),
    ...(options.minDf === undefined ? {} : { minDf: options.minDf }),
    ...(options.familyWeights === undefined ? {} : { familyWeights: options.familyWeights }),
  };
  // One linear model per feature view; their decision values are averaged before the softmax.
  const views: readonly (readonly string[] | undefined)[] =
    options.views && options.views.length > 0 ? options.views : [undefined];
  return {
    labels,
    outOfScopeLabel,
    oosIndex: labelIndex.get(outOfScopeLabel) ?? -1,
    gold: Int32Array.from(examples, (e) => labelIndex.get(e.label) as number),
    features: examples.map((e) => copyHashed(options.analyzer.hashed(e.text))),
    seed: options.seed ?? 1,
    vectorizerOptions,
    viewOptions: views.map((families) => ({ ...vectorizerOptions, ...(families ? { families } : {}) })),
    fullView: views.findIndex((families) => families === undefined),
  };
}

function fit(
  rows: readonly SparseVector[],
  gold: Int32Array,
  classes: number,
  features: number,
  oosIndex: number,
  options: ClassifierOptions,
  extra: SvmOptions = {},
): TrainedSvm {
  const classWeights = new Float64Array(classes).fill(1);
  if (oosIndex >= 0) classWeights[oosIndex] = options.outOfScopeClassWeight ?? 1;
  return trainOneVsRestSvm(rows, gold, classes, features, {
    seed: options.seed ?? 1,
    maxIterations: 10,
    classWeights,
    ...options.svm,
    ...extra,
  });
}

/** Stratified, seeded split: at least one example of each label stays in training. */
function holdoutSplit(
  gold: Int32Array,
  classes: number,
  fraction: number,
  seed: number,
): { train: number[]; heldOut: number[] } {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  gold.forEach((g, i) => (byClass[g] as number[]).push(i));
  const random = createRandom(seed ^ 0x5eed);
  const train: number[] = [];
  const heldOut: number[] = [];
  for (const members of byClass) {
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j] as number, members[i] as number];
    }
    const take = members.length >= 3 ? Math.max(1, Math.round(members.length * fraction)) : 0;
    heldOut.push(...members.slice(0, take));
    train.push(...members.slice(take));
  }
  return { train: train.sort((a, b) => a - b), heldOut: heldOut.sort((a, b) => a - b) };
}

/** The held-out slice and the part the calibration models train on. */
export interface CalibrationSplit {
  readonly train: readonly number[];
  readonly heldOut: readonly number[];
  readonly trainFeatures: readonly HashedFeatures[];
  readonly trainGold: Int32Array;
  readonly heldGold: Int32Array;
  /**
   * Each view's vectorizer fitted on the training part only (vocabulary and IDF included), so held-out scores are
   * honest.
   */
  readonly vectorizers: readonly Vectorizer[];
}

/** The split, when there is something to fit (temperature or threshold not given) and a slice to hold out. */
export function calibrationSplit(set: TrainingSet, options: ClassifierOptions): CalibrationSplit | undefined {
  if (options.temperature !== undefined && !tunesThreshold(set, options)) return undefined;
  const split = holdoutSplit(set.gold, set.labels.length, options.holdoutFraction ?? 0.15, set.seed);
  if (split.heldOut.length === 0) return undefined;
  const trainFeatures = split.train.map((i) => set.features[i] as HashedFeatures);
  return {
    ...split,
    trainFeatures,
    trainGold: Int32Array.from(split.train, (i) => set.gold[i] as number),
    heldGold: Int32Array.from(split.heldOut, (i) => set.gold[i] as number),
    vectorizers: set.viewOptions.map((vo) => fitVectorizer(trainFeatures, vo)),
  };
}

function tunesThreshold(set: TrainingSet, options: ClassifierOptions): boolean {
  return options.threshold === undefined && set.oosIndex >= 0;
}

/**
 * A calibration model per view on the training part: their averaged decision values on the held-out slice, and
 * each one's dual solution laid out for all rows, from which the final model continues.
 */
export function calibrateViews(
  set: TrainingSet,
  split: CalibrationSplit,
  options: ClassifierOptions,
): { scores: Float64Array[]; warmStarts: Float64Array[] } {
  const K = set.labels.length;
  const scores = split.heldOut.map(() => new Float64Array(K));
  const viewScore = new Float64Array(K);
  const views = set.viewOptions.length;
  const warmStarts = set.viewOptions.map((_, v) => {
    const partialVectorizer = split.vectorizers[v] as Vectorizer;
    const partial = fit(
      split.trainFeatures.map((f) => partialVectorizer.transform(f)),
      split.trainGold,
      K,
      partialVectorizer.size,
      set.oosIndex,
      options,
    );
    split.heldOut.forEach((i, j) => {
      scoreRow(partial, partialVectorizer.transform(set.features[i] as HashedFeatures), viewScore);
      const sum = scores[j] as Float64Array;
      for (let k = 0; k < K; k++) sum[k] = (sum[k] as number) + (viewScore[k] as number) / views;
    });
    // The final model continues from the calibration model's dual solution (held-out rows join at alpha = 0)
    // instead of starting from zero: same optimum, a fraction of the passes.
    const warm = new Float64Array(set.features.length * K);
    const alpha = partial.alpha;
    split.train.forEach((row, j) => warm.set(alpha.subarray(j * K, (j + 1) * K), row * K));
    return warm;
  });
  return { scores, warmStarts };
}

/**
 * The held-out decisions, given each one's calibrated probabilities (read before the next is asked for, so a
 * buffer may be reused), and the rejection threshold tuned on them (or the one given).
 */
export function heldOutDecisions(
  set: TrainingSet,
  options: ClassifierOptions,
  heldGold: Int32Array,
  probabilities: (j: number) => Float64Array,
): { heldOut: HeldOutPrediction[]; threshold: number } {
  const heldOut = Array.from(heldGold, (gold, j) => {
    const p = probabilities(j);
    let top = 0;
    for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[top] as number)) top = k;
    return {
      predictedOutOfScope: top === set.oosIndex,
      correct: top === gold,
      confidence: p[top] as number,
      goldOutOfScope: gold === set.oosIndex,
    };
  });
  const threshold = tunesThreshold(set, options)
    ? tuneOutOfScopeThreshold(heldOut, options.maxInScopeLoss ?? 0.01).threshold
    : (options.threshold ?? 0);
  return { heldOut, threshold };
}

export interface FinalView {
  vectorizer: Vectorizer;
  model: TrainedSvm;
  /** The training rows in this view's columns (emptied by `linearModel`). */
  rows: SparseVector[];
}

/** The final linear models, on every row, each warm-started from its calibration model when there is one. */
export function trainFinalViews(
  set: TrainingSet,
  options: ClassifierOptions,
  warmStarts?: readonly Float64Array[],
): FinalView[] {
  return set.viewOptions.map((vo, v) => {
    const vectorizer = fitVectorizer(set.features, vo);
    const rows: SparseVector[] = set.features.map((f) => vectorizer.transform(f));
    const warmStart = warmStarts?.[v];
    const model = fit(
      rows,
      set.gold,
      set.labels.length,
      vectorizer.size,
      set.oosIndex,
      options,
      warmStart ? { warmStart, maxIterations: options.warmIterations ?? 5 } : {},
    );
    return { vectorizer, model, rows };
  });
}

/** The linear classifier as plain data; the training rows are let go. */
export function linearModel(
  set: TrainingSet,
  trained: readonly FinalView[],
  temperature: number,
  threshold: number,
): ClassifierModel {
  for (const t of trained) t.rows.length = 0;
  return {
    version: CLASSIFIER_MODEL_VERSION,
    labels: [...set.labels],
    outOfScopeLabel: set.outOfScopeLabel,
    temperature,
    threshold,
    views: trained.map(({ vectorizer, model: m }) => ({ vectorizer: vectorizer.state(), model: linearPart(m) })),
  };
}

/** Only what scoring needs of a trained SVM (its dual variables are for warm starts, not for predictions). */
function linearPart(m: LinearModel): LinearModel {
  return { classes: m.classes, features: m.features, weights: m.weights, biases: m.biases };
}

export function trainClassifier(examples: readonly LabeledText[], options: ClassifierOptions): TextClassifier {
  const set = prepareTraining(examples, options);
  let temperature = options.temperature ?? 1;
  let threshold = options.threshold ?? 0;
  let heldOut: HeldOutPrediction[] = [];
  let warmStarts: Float64Array[] | undefined;
  const split = calibrationSplit(set, options);
  if (split) {
    const calibration = calibrateViews(set, split, options);
    warmStarts = calibration.warmStarts;
    if (options.temperature === undefined) temperature = fitTemperature(calibration.scores, split.heldGold);
    const p = new Float64Array(set.labels.length);
    ({ heldOut, threshold } = heldOutDecisions(set, options, split.heldGold, (j) =>
      softmax(calibration.scores[j] as Float64Array, temperature, p),
    ));
  }
  const trained = trainFinalViews(set, options, warmStarts);
  const vectorizers = trained.map((t) => t.vectorizer);
  return assembleClassifier(linearModel(set, trained, temperature, threshold), options.analyzer, heldOut, vectorizers);
}
