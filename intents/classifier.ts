/**
 * The intent classifier: TF-IDF features (analyzer.ts, vectorizer.ts) → one-vs-rest linear SVM (linear-svm.ts) →
 * temperature-scaled softmax (calibrated on a held-out slice) → out-of-scope rule
 * (the out-of-scope class wins, or the best in-scope probability is below a tuned threshold).
 * Generic over labels, so the same code runs on the knowledge files and on public datasets.
 */
import type { Analyzer } from './analyzer.ts';
import { copyHashed, type HashedFeatures } from './feature-hash.ts';
import { fitVectorizer, vectorizerFromState, type SparseVector, type Vectorizer, type VectorizerState } from './vectorizer.ts';
import { createRandom, scoreRow, trainOneVsRestSvm, type LinearModel, type SvmOptions, type TrainedSvm } from './linear-svm.ts';
import { mlpLogits, remapMlp, trainMlp, trainMlpInPlace, type MlpJob, type MlpModel, type MlpOptions, type MlpTrainer } from './mlp.ts';
import { fitTemperature, softmax, tuneOutOfScopeThreshold, type HeldOutPrediction } from './out-of-scope.ts';
import type { IntentScore } from './types.ts';

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
  /**
   * A one-hidden-layer network (mlp.ts) over the same TF-IDF rows (every family), whose temperature-scaled
   * probabilities are averaged with the linear model's: `(1 - mlpWeight) · p_svm + mlpWeight · p_mlp`. Default none.
   */
  mlp?: MlpOptions;
  /** Train the network only when there are at least this many training examples, default 0 (always). */
  mlpMinExamples?: number;
  /**
   * Weight of the network's probabilities in the blend, default 0.5; a list of candidates picks the one with the
   * lowest negative log-likelihood on the held-out slice (0.5 when there is none).
   */
  mlpWeight?: number | readonly number[];
  /**
   * Passes over all training rows that continue the calibration network (trained on the part not held out) into
   * the final one, at half its learning rate, default 1; 0 keeps the calibration network as the final one.
   */
  mlpFinalEpochs?: number;
  /**
   * Trains the calibration network elsewhere (e.g. a worker thread, bot/threads/mlp-thread.ts) while the linear models
   * train here; same model, less wall-clock time on two cores. When it fails, the network is trained here instead.
   */
  mlpTrainer?: MlpTrainer;
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
  /** Weight of the network's probabilities in the blend (0 without a network). */
  readonly mlpWeight: number;
  /** The held-out predictions that fitted temperature and threshold (empty when both were given, or rebuilt from a model). */
  readonly heldOut: readonly HeldOutPrediction[];
  /** The trained classifier as plain data (see `ClassifierModel`). */
  model(): ClassifierModel;
  predict(text: string): Prediction;
}

function fit(rows: readonly SparseVector[], gold: Int32Array, classes: number, features: number, oosIndex: number, options: ClassifierOptions, extra: SvmOptions = {}): TrainedSvm {
  const classWeights = new Float64Array(classes).fill(1);
  if (oosIndex >= 0) classWeights[oosIndex] = options.outOfScopeClassWeight ?? 1;
  return trainOneVsRestSvm(rows, gold, classes, features, { seed: options.seed ?? 1, maxIterations: 10, classWeights, ...options.svm, ...extra });
}

/** Stratified, seeded split: at least one example of each label stays in training. */
function holdoutSplit(gold: Int32Array, classes: number, fraction: number, seed: number): { train: number[]; heldOut: number[] } {
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

/** `(1 - weight) · a + weight · b` into `a` (just `a` without `b`). */
function blend(a: Float64Array, b: Float64Array | undefined, weight: number): Float64Array {
  if (b === undefined || weight === 0) return a;
  for (let k = 0; k < a.length; k++) a[k] = (1 - weight) * (a[k] as number) + weight * (b[k] as number);
  return a;
}

/** The candidate weight whose blend has the lowest mean negative log-likelihood of the gold labels. */
function pickBlendWeight(svm: readonly Float64Array[], svmT: number, mlp: readonly Float64Array[], mlpT: number, gold: Int32Array, candidates: readonly number[]): number {
  const K = svm[0]?.length ?? 0;
  const a = new Float64Array(K);
  const b = new Float64Array(K);
  let best = candidates[0] ?? 0.5;
  let bestLoss = Infinity;
  for (const w of candidates) {
    let loss = 0;
    svm.forEach((s, i) => {
      const p = blend(softmax(s, svmT, a), softmax(mlp[i] as Float64Array, mlpT, b), w);
      loss -= Math.log(Math.max(p[gold[i] as number] as number, 1e-12));
    });
    if (loss < bestLoss - 1e-9) {
      bestLoss = loss;
      best = w;
    }
  }
  return best;
}

export function trainClassifier(examples: readonly LabeledText[], options: ClassifierOptions): TextClassifier {
  if (examples.length === 0) throw new ClassifierError('empty_training_set', 'no training examples');
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new ClassifierError('single_label', 'need at least two labels to train a classifier');
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const outOfScopeLabel = options.outOfScopeLabel ?? 'out_of_scope';
  const oosIndex = labelIndex.get(outOfScopeLabel) ?? -1;
  const gold = Int32Array.from(examples, (e) => labelIndex.get(e.label) as number);
  const features = examples.map((e) => copyHashed(options.analyzer.hashed(e.text)));
  const seed = options.seed ?? 1;
  const excludeFamilies = Object.entries(options.familyMinExamples ?? {})
    .filter(([, min]) => examples.length < min)
    .map(([family]) => family);
  const vectorizerOptions = {
    ...(excludeFamilies.length === 0 ? {} : { excludeFamilies }),
    ...(options.minDf === undefined ? {} : { minDf: options.minDf }),
    ...(options.familyWeights === undefined ? {} : { familyWeights: options.familyWeights }),
  };

  const K = labels.length;
  // One linear model per feature view; their decision values are averaged before the softmax.
  const views: readonly (readonly string[] | undefined)[] = options.views && options.views.length > 0 ? options.views : [undefined];
  const viewOptions = views.map((families) => ({ ...vectorizerOptions, ...(families ? { families } : {}) }));
  // The network reads every family: it shares the vectorizer of a view without a family filter, if there is one.
  const mlpView = views.findIndex((families) => families === undefined);
  const mlpOptions = options.mlp && examples.length >= (options.mlpMinExamples ?? 0) ? options.mlp : undefined;
  const mlpWeightCandidates = typeof options.mlpWeight === 'number' ? [options.mlpWeight] : (options.mlpWeight ?? [0.5]);
  let mlpWeight = mlpOptions ? (mlpWeightCandidates.length === 1 ? (mlpWeightCandidates[0] as number) : 0.5) : 0;
  let temperature = options.temperature ?? 1;
  let mlpTemperature = options.temperature ?? 1;
  let threshold = options.threshold ?? 0;
  let heldOut: HeldOutPrediction[] = [];
  let warmStarts: (Float64Array | undefined)[] = views.map(() => undefined);
  let calibrationMlp: { model: MlpModel; vectorizer: Vectorizer } | undefined;
  /** The final linear models, on every row, each warm-started from its calibration model when there is one. */
  const trainFinalViews = (): { vectorizer: Vectorizer; model: TrainedSvm; rows: SparseVector[] }[] =>
    viewOptions.map((vo, v) => {
      const vectorizer = fitVectorizer(features, vo);
      const rows: SparseVector[] = features.map((f) => vectorizer.transform(f));
      const warmStart = warmStarts[v];
      const model = fit(rows, gold, K, vectorizer.size, oosIndex, options, warmStart ? { warmStart, maxIterations: options.warmIterations ?? 5 } : {});
      return { vectorizer, model, rows };
    });
  let trained: ReturnType<typeof trainFinalViews> | undefined;
  const needsTemperature = options.temperature === undefined;
  const needsThreshold = options.threshold === undefined && oosIndex >= 0;
  if (needsTemperature || needsThreshold) {
    const split = holdoutSplit(gold, K, options.holdoutFraction ?? 0.15, seed);
    if (split.heldOut.length > 0) {
      const scores = split.heldOut.map(() => new Float64Array(K));
      const viewScore = new Float64Array(K);
      const trainFeatures = split.train.map((i) => features[i] as HashedFeatures);
      const trainGold = Int32Array.from(split.train, (i) => gold[i] as number);
      // The calibration models see only their training part (vocabulary and IDF included), so held-out scores are honest.
      const partialVectorizers = viewOptions.map((vo) => fitVectorizer(trainFeatures, vo));
      // The network (which reads every family) trains on the same part; with a trainer, elsewhere while the SVMs train.
      const mlpVectorizer = mlpOptions ? (partialVectorizers[mlpView] ?? fitVectorizer(trainFeatures, vectorizerOptions)) : undefined;
      const mlpRows = mlpVectorizer ? trainFeatures.map((f) => mlpVectorizer.transform(f)) : [];
      const mlpTrainOptions = mlpVectorizer ? { seed, ...mlpOptions, initOrder: mlpVectorizer.hashOrder() } : {};
      let mlpJob: MlpJob | undefined;
      if (mlpVectorizer && options.mlpTrainer) {
        try {
          mlpJob = options.mlpTrainer.start(mlpRows, trainGold, K, mlpVectorizer.size, mlpTrainOptions);
        } catch {
          mlpJob = undefined; // trained here below
        }
      }
      warmStarts = viewOptions.map((_, v) => {
        const partialVectorizer = partialVectorizers[v] as Vectorizer;
        const partial = fit(
          trainFeatures.map((f) => partialVectorizer.transform(f)),
          trainGold,
          K,
          partialVectorizer.size,
          oosIndex,
          options,
        );
        split.heldOut.forEach((i, j) => {
          scoreRow(partial, partialVectorizer.transform(features[i] as HashedFeatures), viewScore);
          const sum = scores[j] as Float64Array;
          for (let k = 0; k < K; k++) sum[k] = (sum[k] as number) + (viewScore[k] as number) / views.length;
        });
        // The final model continues from the calibration model's dual solution (held-out rows join at alpha = 0)
        // instead of starting from zero: same optimum, a fraction of the passes.
        const warm = new Float64Array(features.length * K);
        const alpha = partial.alpha;
        split.train.forEach((row, j) => warm.set(alpha.subarray(j * K, (j + 1) * K), row * K));
        return warm;
      });
      const heldGold = Int32Array.from(split.heldOut, (i) => gold[i] as number);
      if (needsTemperature) temperature = fitTemperature(scores, heldGold);
      let mlpScores: Float64Array[] = [];
      if (mlpVectorizer) {
        const vectorizer = mlpVectorizer;
        let model: MlpModel | undefined;
        // While the network trains elsewhere, the final linear models train here (they do not depend on it).
        if (mlpJob) trained = trainFinalViews();
        try {
          model = mlpJob?.result();
        } catch {
          model = undefined; // the trainer failed: train here
        }
        model ??= trainMlp(mlpRows, trainGold, K, vectorizer.size, mlpTrainOptions);
        mlpRows.length = 0;
        calibrationMlp = { model, vectorizer };
        const hidden = new Float64Array(model.hidden);
        mlpScores = split.heldOut.map((i) => mlpLogits(model, vectorizer.transform(features[i] as HashedFeatures), new Float64Array(K), hidden));
        if (needsTemperature) mlpTemperature = fitTemperature(mlpScores, heldGold);
        mlpWeight = pickBlendWeight(scores, temperature, mlpScores, mlpTemperature, heldGold, mlpWeightCandidates);
      }
      const pSvm = new Float64Array(K);
      const pMlp = new Float64Array(K);
      heldOut = scores.map((s, j) => {
        const p = blend(softmax(s, temperature, pSvm), mlpScores[j] ? softmax(mlpScores[j], mlpTemperature, pMlp) : undefined, mlpWeight);
        let top = 0;
        for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[top] as number)) top = k;
        return {
          predictedOutOfScope: top === oosIndex,
          correct: top === heldGold[j],
          confidence: p[top] as number,
          goldOutOfScope: heldGold[j] === oosIndex,
        };
      });
      if (needsThreshold) threshold = tuneOutOfScopeThreshold(heldOut, options.maxInScopeLoss ?? 0.01).threshold;
    }
  }

  trained ??= trainFinalViews();
  let finalMlp: { model: MlpModel; vectorizer: Vectorizer } | undefined;
  if (mlpOptions && mlpWeight > 0) {
    const finalEpochs = options.mlpFinalEpochs ?? 1;
    if (calibrationMlp && finalEpochs === 0) finalMlp = calibrationMlp;
    else {
      const own = trained[mlpView];
      const vectorizer = own?.vectorizer ?? fitVectorizer(features, vectorizerOptions);
      const rows = own?.rows ?? features.map((f) => vectorizer.transform(f));
      let model: MlpModel;
      if (calibrationMlp) {
        // Continue the calibration network on every row: its input rows move to the full vocabulary's columns.
        const from = calibrationMlp;
        const start = remapMlp(from.model, vectorizer.size, (c) => from.vectorizer.column(vectorizer.hashes[c] as number), { seed, ...mlpOptions, initOrder: vectorizer.hashOrder() });
        model = trainMlpInPlace(start, rows, gold, { seed, ...mlpOptions, epochs: finalEpochs, learningRate: (mlpOptions.learningRate ?? 0.2) / 2 });
      } else model = trainMlp(rows, gold, K, vectorizer.size, { seed, ...mlpOptions, initOrder: vectorizer.hashOrder() });
      finalMlp = { model, vectorizer };
    }
  }
  for (const t of trained) t.rows.length = 0;
  const model: ClassifierModel = {
    version: CLASSIFIER_MODEL_VERSION,
    labels: [...labels],
    outOfScopeLabel,
    temperature,
    threshold,
    mlpTemperature,
    mlpWeight: finalMlp ? mlpWeight : 0,
    views: trained.map(({ vectorizer, model: m }) => ({ vectorizer: vectorizer.state(), model: linearPart(m) })),
    ...(finalMlp ? { mlp: { vectorizer: finalMlp.vectorizer.state(), model: finalMlp.model } } : {}),
  };
  return assemble(model, options.analyzer, heldOut, {
    views: trained.map((t) => t.vectorizer),
    ...(finalMlp ? { mlp: finalMlp.vectorizer } : {}),
  });
}

/** Only what scoring needs of a trained SVM (its dual variables are for warm starts, not for predictions). */
function linearPart(m: LinearModel): LinearModel {
  return { classes: m.classes, features: m.features, weights: m.weights, biases: m.biases };
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
  mlpTemperature: number;
  mlpWeight: number;
  views: { vectorizer: VectorizerState; model: LinearModel }[];
  mlp?: { vectorizer: VectorizerState; model: MlpModel };
}

export const CLASSIFIER_MODEL_VERSION = 1;

/** Rebuilds a trained classifier from `TextClassifier.model()`; `analyzer` must be the one it was trained with. */
export function classifierFromModel(model: ClassifierModel, analyzer: Analyzer): TextClassifier {
  if (model?.version !== CLASSIFIER_MODEL_VERSION) {
    throw new ClassifierError('bad_model', `classifier model version ${String(model?.version)} is not ${CLASSIFIER_MODEL_VERSION}`);
  }
  const K = model.labels.length;
  if (K < 2 || model.views.length === 0 || model.views.some((v) => v.model.classes !== K) || (model.mlp && model.mlp.model.classes !== K)) {
    throw new ClassifierError('bad_model', 'classifier model parts do not agree on the labels');
  }
  return assemble(model, analyzer, [], {
    views: model.views.map((v) => vectorizerFromState(v.vectorizer)),
    ...(model.mlp ? { mlp: vectorizerFromState(model.mlp.vectorizer) } : {}),
  });
}

/** The predicting classifier over a model's parts (shared by training and `classifierFromModel`). */
function assemble(model: ClassifierModel, analyzer: Analyzer, heldOut: HeldOutPrediction[], vectorizers: { views: Vectorizer[]; mlp?: Vectorizer }): TextClassifier {
  const { labels, outOfScopeLabel, temperature, threshold, mlpTemperature, mlpWeight } = model;
  const K = labels.length;
  const oosIndex = labels.indexOf(outOfScopeLabel);
  const trained = model.views.map((v, i) => ({ model: v.model, vectorizer: vectorizers.views[i] as Vectorizer }));
  const finalMlp = model.mlp && vectorizers.mlp && mlpWeight > 0 ? { model: model.mlp.model, vectorizer: vectorizers.mlp } : undefined;
  const viewBuffer = new Float64Array(K);
  const scoreText = (hashed: HashedFeatures, out: Float64Array): Float64Array => {
    if (trained.length === 1) {
      const only = trained[0] as (typeof trained)[number];
      return scoreRow(only.model, only.vectorizer.transform(hashed), out);
    }
    out.fill(0);
    for (const { vectorizer, model } of trained) {
      scoreRow(model, vectorizer.transform(hashed), viewBuffer);
      for (let k = 0; k < K; k++) out[k] = (out[k] as number) + (viewBuffer[k] as number) / trained.length;
    }
    return out;
  };
  const scoreBuffer = new Float64Array(labels.length);
  const probBuffer = new Float64Array(labels.length);
  const mlpBuffer = new Float64Array(labels.length);
  const mlpProbBuffer = new Float64Array(labels.length);
  const mlpHidden = new Float64Array(finalMlp?.model.hidden ?? 0);
  return {
    labels,
    outOfScopeLabel,
    temperature,
    threshold,
    mlpWeight: finalMlp ? mlpWeight : 0,
    heldOut,
    model: () => model,
    predict(text: string): Prediction {
      const hashed = analyzer.hashed(text);
      scoreText(hashed, scoreBuffer);
      let p = softmax(scoreBuffer, temperature, probBuffer);
      if (finalMlp) {
        const row = finalMlp.vectorizer.transform(hashed);
        p = blend(p, softmax(mlpLogits(finalMlp.model, row, mlpBuffer, mlpHidden), mlpTemperature, mlpProbBuffer), mlpWeight);
      }
      let best = 0;
      for (let k = 1; k < K; k++) {
        const pk = p[k] as number;
        const pb = p[best] as number;
        if (pk > pb || (pk === pb && (labels[k] as string) < (labels[best] as string))) best = k;
      }
      const topName = labels[best] as string;
      const topConfidence = p[best] as number;
      // The full ranking costs K objects and a sort: built only when a caller reads it (eval reads just the name).
      const probabilities = Float64Array.from(p);
      let ranking: IntentScore[] | undefined;
      const lazyRanking = (): IntentScore[] => {
        if (ranking === undefined) {
          ranking = labels.map((name, k) => ({ name, confidence: probabilities[k] as number }));
          ranking.sort((a, b) => b.confidence - a.confidence || (a.name < b.name ? -1 : 1));
        }
        return ranking;
      };
      const rejected = topName !== outOfScopeLabel && oosIndex >= 0 && topConfidence < threshold;
      return {
        name: rejected ? outOfScopeLabel : topName,
        confidence: rejected ? 1 - topConfidence : topConfidence,
        rejectedByThreshold: rejected,
        get ranking() {
          return lazyRanking();
        },
      };
    },
  };
}
