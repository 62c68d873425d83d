/**
 * A one-hidden-layer perceptron over sparse TF-IDF rows (fastText with a hidden layer):
 * `softmax(W2ᵀ relu(W1ᵀ x + b1) + b2)`, trained by plain per-example SGD on the cross-entropy with a linearly
 * decaying learning rate and inverted dropout on the hidden units. Sparse input means a step touches only the
 * rows of `W1` whose features the example has. Deterministic: initial weights, visiting order and dropout masks
 * come from one seeded PRNG. Float32 weights, Float64 accumulators.
 */
import type { SparseVector } from '../vectorizer.ts';
import { createRandom, shuffleInPlace } from '../linear-svm.ts';
import { addScaledRow, sparseAffine } from '../kernels.ts';

export interface MlpOptions {
  /** Hidden units, default 128. */
  hidden?: number;
  /** Passes over the training rows, default 5. */
  epochs?: number;
  /** Initial learning rate (decays linearly to 0 over all passes), default 0.2. */
  learningRate?: number;
  /** Probability of dropping a hidden unit while training, default 0.2. */
  dropout?: number;
  seed?: number;
  /** Standard deviation of the initial input weights W1, default 0.03. */
  initScale?: number;
  /**
   * The order in which W1's rows get their random initial values (`initOrder[j]` = the column of the j-th row drawn),
   * default column order. A vectorizer's `hashOrder()` keeps the initial network a function of the features, not of
   * where the vectorizer puts their columns.
   */
  initOrder?: Int32Array;
}

/** Trained weights: `w1[feature * hidden + h]` (feature-major), `w2[h * classes + k]`. */
export interface MlpModel {
  readonly classes: number;
  readonly features: number;
  readonly hidden: number;
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  readonly w2: Float32Array;
  readonly b2: Float32Array;
}

/**
 * Trains networks somewhere else, e.g. on a worker thread (bot/threads/mlp-thread.ts), so that the caller can train its
 * linear model meanwhile. A job's model must equal `trainMlp(rows, labels, classes, features, options)`.
 */
export interface MlpTrainer {
  start(
    rows: readonly SparseVector[],
    labels: Int32Array,
    classes: number,
    features: number,
    options: MlpOptions,
  ): MlpJob;
}

export interface MlpJob {
  /** Blocks until the model is there and returns it; throws when the trainer failed (the caller then trains here). */
  result(): MlpModel;
}

export class MlpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MlpError';
  }
}

/** Standard normal deviate from a uniform PRNG (Box–Muller). */
function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Fresh weights: W1 ~ N(0, initScale²), W2 ~ N(0, 2/hidden) (He), biases 0. */
export function initMlp(classes: number, features: number, options: MlpOptions = {}): MlpModel {
  const hidden = options.hidden ?? 128;
  if (!(hidden >= 1 && Number.isInteger(hidden)))
    throw new MlpError(`hidden must be a positive integer, got ${hidden}`);
  if (classes < 2) throw new MlpError(`need at least 2 classes, got ${classes}`);
  const random = createRandom((options.seed ?? 1) ^ 0x3c6ef372);
  const w1 = new Float32Array(features * hidden);
  const scale1 = options.initScale ?? 0.03;
  const order = options.initOrder;
  if (order !== undefined && order.length !== features)
    throw new MlpError(`initOrder has ${order.length} columns, expected ${features}`);
  for (let j = 0; j < features; j++) {
    const base = (order === undefined ? j : (order[j] as number)) * hidden;
    for (let h = 0; h < hidden; h++) w1[base + h] = gaussian(random) * scale1;
  }
  const w2 = new Float32Array(hidden * classes);
  const scale2 = Math.sqrt(2 / hidden);
  for (let i = 0; i < w2.length; i++) w2[i] = gaussian(random) * scale2;
  return { classes, features, hidden, w1, b1: new Float32Array(hidden), w2, b2: new Float32Array(classes) };
}

/**
 * Runs `epochs` SGD passes over the rows, updating `model` in place (so training can continue from an earlier
 * model, e.g. on more rows). Rows' feature indices must be < model.features.
 */
export function trainMlpInPlace(
  model: MlpModel,
  rows: readonly SparseVector[],
  labels: Int32Array,
  options: MlpOptions = {},
): MlpModel {
  const { classes: K, hidden: H, w1, b1, w2, b2 } = model;
  const epochs = options.epochs ?? 5;
  const lr0 = options.learningRate ?? 0.2;
  const dropout = options.dropout ?? 0.2;
  if (!(dropout >= 0 && dropout < 1)) throw new MlpError(`dropout must be in [0, 1), got ${dropout}`);
  if (rows.length !== labels.length) throw new MlpError(`${rows.length} rows but ${labels.length} labels`);
  const n = rows.length;
  const random = createRandom(options.seed ?? 1);
  const keep = 1 - dropout;
  const pre = new Float64Array(H);
  const act = new Float64Array(H);
  const gradHidden = new Float64Array(H);
  const live = new Int32Array(H);
  const logits = new Float64Array(K);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const totalSteps = Math.max(1, epochs * n);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (let s = 0; s < n; s++) {
      const i = order[s] as number;
      const lr = lr0 * (1 - step++ / totalSteps);
      const row = rows[i] as SparseVector;
      const gold = labels[i] as number;
      if (gold < 0 || gold >= K) throw new MlpError(`label ${gold} of row ${i} is outside 0..${K - 1}`);
      hiddenLayer(model, row, pre);
      for (let h = 0; h < H; h++) {
        const a = pre[h] as number;
        act[h] = a > 0 && (dropout === 0 || random() < keep) ? a / keep : 0;
      }
      outputLayer(model, act, logits);
      softmaxInPlace(logits);
      logits[gold] = (logits[gold] as number) - 1; // now dLoss/dLogit
      // Hidden gradient through W2 (before W2 moves), then W2 and b2; only live units (ReLU > 0, kept) carry one.
      let nLive = 0;
      for (let h = 0; h < H; h++) {
        const a = act[h] as number;
        if (a === 0) continue;
        const base = h * K;
        let g = 0;
        for (let k = 0; k < K; k++) {
          g += (w2[base + k] as number) * (logits[k] as number);
          w2[base + k] = (w2[base + k] as number) - lr * a * (logits[k] as number);
        }
        live[nLive] = h;
        gradHidden[nLive++] = (g / keep) * lr;
      }
      for (let k = 0; k < K; k++) b2[k] = (b2[k] as number) - lr * (logits[k] as number);
      for (let c = 0; c < nLive; c++) {
        const h = live[c] as number;
        b1[h] = (b1[h] as number) - (gradHidden[c] as number);
      }
      const idx = row.index;
      const val = row.value;
      for (let j = 0; j < idx.length; j++) {
        const base = (idx[j] as number) * H;
        const v = val[j] as number;
        for (let c = 0; c < nLive; c++) {
          const w = base + (live[c] as number);
          w1[w] = (w1[w] as number) - v * (gradHidden[c] as number);
        }
      }
    }
  }
  return model;
}

/**
 * The same network over another feature space (e.g. the full training set's columns after a model trained on a
 * part): W1 row `c` is copied from `oldColumn(c)`'s row, or freshly initialised when it returns -1.
 */
export function remapMlp(
  model: MlpModel,
  features: number,
  oldColumn: (column: number) => number,
  options: MlpOptions = {},
): MlpModel {
  const fresh = initMlp(model.classes, features, { ...options, hidden: model.hidden });
  const H = model.hidden;
  for (let c = 0; c < features; c++) {
    const old = oldColumn(c);
    if (old >= 0 && old < model.features) fresh.w1.set(model.w1.subarray(old * H, (old + 1) * H), c * H);
  }
  return {
    ...fresh,
    b1: Float32Array.from(model.b1),
    w2: Float32Array.from(model.w2),
    b2: Float32Array.from(model.b2),
  };
}

/** Initialises and trains a model. */
export function trainMlp(
  rows: readonly SparseVector[],
  labels: Int32Array,
  classes: number,
  features: number,
  options: MlpOptions = {},
): MlpModel {
  return trainMlpInPlace(initMlp(classes, features, options), rows, labels, options);
}

function hiddenLayer(model: MlpModel, row: SparseVector, pre: Float64Array): void {
  sparseAffine(pre, model.b1, model.w1, model.hidden, model.features, row);
}

function outputLayer(model: MlpModel, act: Float64Array, out: Float64Array): void {
  const K = model.classes;
  const w2 = model.w2;
  for (let k = 0; k < K; k++) out[k] = model.b2[k] as number;
  for (let h = 0; h < model.hidden; h++) {
    const a = act[h] as number;
    if (a !== 0) addScaledRow(out, w2, h * K, a, K);
  }
}

function softmaxInPlace(x: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < x.length; k++) if ((x[k] as number) > max) max = x[k] as number;
  let sum = 0;
  for (let k = 0; k < x.length; k++) {
    const e = Math.exp((x[k] as number) - max);
    x[k] = e;
    sum += e;
  }
  for (let k = 0; k < x.length; k++) x[k] = (x[k] as number) / sum;
}

/** Scores one row: the raw logits of every class into `out` (length = classes). */
export function mlpLogits(
  model: MlpModel,
  row: SparseVector,
  out: Float64Array,
  scratch: Float64Array = new Float64Array(model.hidden),
): Float64Array {
  hiddenLayer(model, row, scratch);
  for (let h = 0; h < model.hidden; h++) if ((scratch[h] as number) < 0) scratch[h] = 0;
  outputLayer(model, scratch, out);
  return out;
}
