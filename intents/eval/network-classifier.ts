/**
 * The classifier with a network blended in, for dataset evaluations (`nlu eval --format`, bench:nlu; from 5,000
 * training examples, see dataset-classifier.ts). The bot's model is the SVM alone and never trains one. The runtime's
 * training steps (classifier-train.ts) with a one-hidden-layer network (mlp.ts) over the same TF-IDF rows: trained on
 * the calibration part (elsewhere, e.g. on a worker thread, while the linear models train), its temperature fitted
 * and its blend weight picked on the held-out slice, and kept as one more part of the model. Without `mlp` it trains
 * the runtime's classifier.
 */
import type { Analyzer } from '../analyzer.ts';
import { assembleClassifier, checkModel, type ProbabilityBlend } from '../classifier-predict.ts';
import {
  calibrateViews,
  calibrationSplit,
  heldOutDecisions,
  linearModel,
  prepareTraining,
  trainFinalViews,
  type FinalView,
  type TrainingSet,
} from '../classifier-train.ts';
import type { ClassifierModel, ClassifierOptions, LabeledText, TextClassifier } from '../classifier.ts';
import type { HashedFeatures } from '../feature-hash.ts';
import { fitTemperature, softmax, type HeldOutPrediction } from '../out-of-scope.ts';
import { fitVectorizer, vectorizerFromState, type Vectorizer, type VectorizerState } from '../vectorizer.ts';
import {
  mlpLogits,
  remapMlp,
  trainMlp,
  trainMlpInPlace,
  type MlpJob,
  type MlpModel,
  type MlpOptions,
  type MlpTrainer,
} from './mlp.ts';

export interface NetworkOptions {
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

export type NetworkClassifierOptions = ClassifierOptions & NetworkOptions;

/** The runtime's model plus the network's part (`mlpWeight` 0 and no `mlp` without one). */
export interface NetworkClassifierModel extends ClassifierModel {
  mlpTemperature: number;
  mlpWeight: number;
  mlp?: { vectorizer: VectorizerState; model: MlpModel };
}

export interface NetworkClassifier extends TextClassifier {
  /** Weight of the network's probabilities in the blend (0 without a network). */
  readonly mlpWeight: number;
  model(): NetworkClassifierModel;
}

/** A network and the vectorizer of its input rows. */
interface NetworkPart {
  model: MlpModel;
  vectorizer: Vectorizer;
}

export function trainClassifier(
  examples: readonly LabeledText[],
  options: NetworkClassifierOptions,
): NetworkClassifier {
  const set = prepareTraining(examples, options);
  const K = set.labels.length;
  const seed = set.seed;
  const mlpOptions = options.mlp && examples.length >= (options.mlpMinExamples ?? 0) ? options.mlp : undefined;
  const mlpWeightCandidates =
    typeof options.mlpWeight === 'number' ? [options.mlpWeight] : (options.mlpWeight ?? [0.5]);
  let mlpWeight = mlpOptions ? (mlpWeightCandidates.length === 1 ? (mlpWeightCandidates[0] as number) : 0.5) : 0;
  let temperature = options.temperature ?? 1;
  let mlpTemperature = options.temperature ?? 1;
  let threshold = options.threshold ?? 0;
  let heldOut: HeldOutPrediction[] = [];
  let warmStarts: Float64Array[] | undefined;
  let calibrationMlp: NetworkPart | undefined;
  let trained: FinalView[] | undefined;
  const split = calibrationSplit(set, options);
  if (split) {
    // The network (which reads every family) trains on the calibration part; with a trainer, elsewhere while the SVMs train.
    const mlpVectorizer = mlpOptions
      ? (split.vectorizers[set.fullView] ?? fitVectorizer(split.trainFeatures, set.vectorizerOptions))
      : undefined;
    const mlpRows = mlpVectorizer ? split.trainFeatures.map((f) => mlpVectorizer.transform(f)) : [];
    const mlpTrainOptions = mlpVectorizer ? { seed, ...mlpOptions, initOrder: mlpVectorizer.hashOrder() } : {};
    let mlpJob: MlpJob | undefined;
    if (mlpVectorizer && options.mlpTrainer) {
      try {
        mlpJob = options.mlpTrainer.start(mlpRows, split.trainGold, K, mlpVectorizer.size, mlpTrainOptions);
      } catch {
        mlpJob = undefined; // trained here below
      }
    }
    const calibration = calibrateViews(set, split, options);
    warmStarts = calibration.warmStarts;
    if (options.temperature === undefined) temperature = fitTemperature(calibration.scores, split.heldGold);
    let mlpScores: Float64Array[] = [];
    if (mlpVectorizer) {
      const vectorizer = mlpVectorizer;
      let model: MlpModel | undefined;
      // While the network trains elsewhere, the final linear models train here (they do not depend on it).
      if (mlpJob) trained = trainFinalViews(set, options, warmStarts);
      try {
        model = mlpJob?.result();
      } catch {
        model = undefined; // the trainer failed: train here
      }
      model ??= trainMlp(mlpRows, split.trainGold, K, vectorizer.size, mlpTrainOptions);
      mlpRows.length = 0;
      calibrationMlp = { model, vectorizer };
      const hidden = new Float64Array(model.hidden);
      mlpScores = split.heldOut.map((i) =>
        mlpLogits(model, vectorizer.transform(set.features[i] as HashedFeatures), new Float64Array(K), hidden),
      );
      if (options.temperature === undefined) mlpTemperature = fitTemperature(mlpScores, split.heldGold);
      mlpWeight = pickBlendWeight(
        calibration.scores,
        temperature,
        mlpScores,
        mlpTemperature,
        split.heldGold,
        mlpWeightCandidates,
      );
    }
    const pSvm = new Float64Array(K);
    const pMlp = new Float64Array(K);
    ({ heldOut, threshold } = heldOutDecisions(set, options, split.heldGold, (j) => {
      const svm = softmax(calibration.scores[j] as Float64Array, temperature, pSvm);
      const mlp = mlpScores[j];
      return blend(svm, mlp ? softmax(mlp, mlpTemperature, pMlp) : undefined, mlpWeight);
    }));
  }
  trained ??= trainFinalViews(set, options, warmStarts);
  const finalMlp =
    mlpOptions && mlpWeight > 0 ? finalNetwork(set, options, mlpOptions, trained, calibrationMlp) : undefined;
  const model: NetworkClassifierModel = {
    ...linearModel(set, trained, temperature, threshold),
    mlpTemperature,
    mlpWeight: finalMlp ? mlpWeight : 0,
    ...(finalMlp ? { mlp: { vectorizer: finalMlp.vectorizer.state(), model: finalMlp.model } } : {}),
  };
  return withNetwork(
    model,
    options.analyzer,
    heldOut,
    trained.map((t) => t.vectorizer),
    finalMlp?.vectorizer,
  );
}

/**
 * The network the classifier keeps: the calibration network as it is (`mlpFinalEpochs` 0), continued on every row,
 * or (without a held-out slice) trained on every row from the start. Reads the full view's rows: call it before
 * `linearModel` lets them go.
 */
function finalNetwork(
  set: TrainingSet,
  options: NetworkOptions,
  mlpOptions: MlpOptions,
  trained: readonly FinalView[],
  calibration: NetworkPart | undefined,
): NetworkPart {
  const finalEpochs = options.mlpFinalEpochs ?? 1;
  if (calibration && finalEpochs === 0) return calibration;
  const seed = set.seed;
  const own = trained[set.fullView];
  const vectorizer = own?.vectorizer ?? fitVectorizer(set.features, set.vectorizerOptions);
  const rows = own?.rows ?? set.features.map((f) => vectorizer.transform(f));
  if (!calibration)
    return {
      model: trainMlp(rows, set.gold, set.labels.length, vectorizer.size, {
        seed,
        ...mlpOptions,
        initOrder: vectorizer.hashOrder(),
      }),
      vectorizer,
    };
  // Continue the calibration network on every row: its input rows move to the full vocabulary's columns.
  const start = remapMlp(
    calibration.model,
    vectorizer.size,
    (c) => calibration.vectorizer.column(vectorizer.hashes[c] as number),
    { seed, ...mlpOptions, initOrder: vectorizer.hashOrder() },
  );
  return {
    model: trainMlpInPlace(start, rows, set.gold, {
      seed,
      ...mlpOptions,
      epochs: finalEpochs,
      learningRate: (mlpOptions.learningRate ?? 0.2) / 2,
    }),
    vectorizer,
  };
}

/** Rebuilds a classifier from `NetworkClassifier.model()`; `analyzer` must be the one it was trained with. */
export function classifierFromModel(model: NetworkClassifierModel, analyzer: Analyzer): NetworkClassifier {
  checkModel(model, model?.mlp ? [model.mlp.model.classes] : []);
  return withNetwork(
    model,
    analyzer,
    [],
    model.views.map((v) => vectorizerFromState(v.vectorizer)),
    model.mlp ? vectorizerFromState(model.mlp.vectorizer) : undefined,
  );
}

/** The runtime's predicting classifier with the network's probabilities blended into the SVM's. */
function withNetwork(
  model: NetworkClassifierModel,
  analyzer: Analyzer,
  heldOut: HeldOutPrediction[],
  views: Vectorizer[],
  mlpVectorizer: Vectorizer | undefined,
): NetworkClassifier {
  const { labels, mlpTemperature, mlpWeight } = model;
  const network =
    model.mlp && mlpVectorizer && mlpWeight > 0 ? { model: model.mlp.model, vectorizer: mlpVectorizer } : undefined;
  let blendNetwork: ProbabilityBlend | undefined;
  if (network) {
    const mlpBuffer = new Float64Array(labels.length);
    const mlpProbBuffer = new Float64Array(labels.length);
    const mlpHidden = new Float64Array(network.model.hidden);
    blendNetwork = (hashed, p) => {
      const row = network.vectorizer.transform(hashed);
      return blend(
        p,
        softmax(mlpLogits(network.model, row, mlpBuffer, mlpHidden), mlpTemperature, mlpProbBuffer),
        mlpWeight,
      );
    };
  }
  const classifier = assembleClassifier(model, analyzer, heldOut, views, blendNetwork);
  return { ...classifier, mlpWeight: network ? mlpWeight : 0, model: () => model };
}

/** `(1 - weight) · a + weight · b` into `a` (just `a` without `b`). */
function blend(a: Float64Array, b: Float64Array | undefined, weight: number): Float64Array {
  if (b === undefined || weight === 0) return a;
  for (let k = 0; k < a.length; k++) a[k] = (1 - weight) * (a[k] as number) + weight * (b[k] as number);
  return a;
}

/** The candidate weight whose blend has the lowest mean negative log-likelihood of the gold labels. */
function pickBlendWeight(
  svm: readonly Float64Array[],
  svmT: number,
  mlp: readonly Float64Array[],
  mlpT: number,
  gold: Int32Array,
  candidates: readonly number[],
): number {
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
