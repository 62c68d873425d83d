/**
 * One-vs-rest L2-regularised L2-loss linear SVM, trained by dual coordinate descent with shrinking
 * (Hsieh et al. 2008, the LIBLINEAR `-s 1` solver), on sparse rows held in typed arrays.
 * Deterministic: the visiting order comes from a seeded PRNG.
 */
import type { SparseVector } from './vectorizer.ts';
import { addScaledRow, sparseAffine } from './kernels.ts';

export interface SvmOptions {
  /** Inverse regularisation strength, default 1. */
  C?: number;
  /** Stopping tolerance on the projected-gradient gap, default 0.1. */
  tolerance?: number;
  /** Passes over the active set per class, default 60. */
  maxIterations?: number;
  /** Constant bias feature value (LIBLINEAR `-B`), default 1. */
  bias?: number;
  seed?: number;
  /** Per-class multiplier of C for the examples of that class (e.g. weigh out-of-scope examples up). */
  classWeights?: ArrayLike<number>;
  /**
   * Warm start from dual variables (`alpha[row * classes + k]`), e.g. an earlier solution on a subset of these
   * rows with the same C (rows it did not see at 0). Weights and biases are recomputed from them on these rows,
   * so the solver starts from a consistent dual point even when the rows' feature values changed.
   */
  warmStart?: Float64Array;
}

/** Trained weights, feature-major (`weights[feature * classes + k]`) so scoring reads them contiguously. */
export interface LinearModel {
  readonly classes: number;
  readonly features: number;
  readonly weights: Float32Array;
  readonly biases: Float32Array;
}

/** A trained model plus its dual solution, for warm-starting a larger problem. */
export interface TrainedSvm extends LinearModel {
  readonly alpha: Float64Array;
}

/** Seeded 32-bit PRNG (mulberry32). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of `order` in place, drawing from `random` (a visiting order per training pass). */
export function shuffleInPlace(order: Int32Array, random: () => number): void {
  for (let s = order.length - 1; s > 0; s--) {
    const r = Math.floor(random() * (s + 1));
    const tmp = order[s] as number;
    order[s] = order[r] as number;
    order[r] = tmp;
  }
}

export function trainOneVsRestSvm(
  rows: readonly SparseVector[],
  labels: Int32Array,
  classes: number,
  features: number,
  options: SvmOptions = {},
): TrainedSvm {
  const C = options.C ?? 1;
  const eps = options.tolerance ?? 0.1;
  const maxIter = options.maxIterations ?? 60;
  const bias = options.bias ?? 1;
  const n = rows.length;
  const K = classes;
  // Every (example, class) pair is one dual variable of class k's binary problem. The classes' problems are
  // independent; visiting all of an example's K variables together lets one pass over the example's features
  // compute all K margins from the feature-major weights (contiguous reads) instead of streaming the data K times.
  const diag = new Float64Array(n);
  const qd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as SparseVector;
    diag[i] = 0.5 / (C * (options.classWeights?.[labels[i] as number] ?? 1));
    let sq = bias * bias;
    for (let j = 0; j < row.value.length; j++) sq += (row.value[j] as number) * (row.value[j] as number);
    qd[i] = sq + (diag[i] as number);
  }
  const warm = options.warmStart;
  if (warm && warm.length !== n * K) throw new RangeError(`warmStart has ${warm.length} duals, expected ${n * K}`);
  const weights = new Float32Array(K * features);
  const biases = new Float64Array(K);
  const alpha = warm ? Float64Array.from(warm) : new Float64Array(n * K);
  if (warm) {
    for (let i = 0; i < n; i++) {
      const row = rows[i] as SparseVector;
      for (let k = 0; k < K; k++) {
        const a = alpha[i * K + k] as number;
        if (a === 0) continue;
        const ya = k === labels[i] ? a : -a;
        biases[k] = (biases[k] as number) + ya * bias;
        for (let j = 0; j < row.index.length; j++) {
          const w = (row.index[j] as number) * K + k;
          weights[w] = (weights[w] as number) + ya * (row.value[j] as number);
        }
      }
    }
  }
  const margin = new Float64Array(K);
  const delta = new Float64Array(K);
  const changed = new Int32Array(K);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const random = createRandom(options.seed ?? 1);
  // Shrinking (as LIBLINEAR): a pair at alpha = 0 whose gradient exceeds last pass's largest projected gradient
  // is very likely to stay at 0; it is skipped until the active pairs converge, then everything is re-checked.
  const active = new Uint8Array(n * K).fill(1);
  const activeList = new Int32Array(K);
  let allActive = true;
  const pgMaxOld = new Float64Array(K).fill(Infinity);
  const pgMax = new Float64Array(K);
  const pgMin = new Float64Array(K);
  for (let iter = 0; iter < maxIter; iter++) {
    shuffleInPlace(order, random);
    pgMax.fill(-Infinity);
    pgMin.fill(Infinity);
    for (let s = 0; s < n; s++) {
      const i = order[s] as number;
      const row = rows[i] as SparseVector;
      const idx = row.index;
      const val = row.value;
      const nnz = idx.length;
      const at = i * K;
      let nActive = 0;
      for (let k = 0; k < K; k++) if (active[at + k] === 1) activeList[nActive++] = k;
      if (nActive === 0) continue;
      if (nActive === K) {
        for (let k = 0; k < K; k++) margin[k] = (biases[k] as number) * bias;
        for (let j = 0; j < nnz; j++) addScaledRow(margin, weights, (idx[j] as number) * K, val[j] as number, K);
      } else {
        for (let c = 0; c < nActive; c++)
          margin[activeList[c] as number] = (biases[activeList[c] as number] as number) * bias;
        for (let j = 0; j < nnz; j++) {
          const base = (idx[j] as number) * K;
          const v = val[j] as number;
          for (let c = 0; c < nActive; c++) {
            const k = activeList[c] as number;
            margin[k] = (margin[k] as number) + (weights[base + k] as number) * v;
          }
        }
      }
      const gold = labels[i] as number;
      const d = diag[i] as number;
      const q = qd[i] as number;
      let nChanged = 0;
      for (let c = 0; c < nActive; c++) {
        const k = activeList[c] as number;
        const y = k === gold ? 1 : -1;
        const a = alpha[at + k] as number;
        const G = y * (margin[k] as number) - 1 + a * d;
        let PG = G;
        if (a === 0) {
          if (G > (pgMaxOld[k] as number)) {
            active[at + k] = 0;
            allActive = false;
            continue;
          }
          if (G > 0) PG = 0;
        }
        if (PG > (pgMax[k] as number)) pgMax[k] = PG;
        if (PG < (pgMin[k] as number)) pgMin[k] = PG;
        if (PG > 1e-12 || PG < -1e-12) {
          const next = Math.max(a - G / q, 0);
          alpha[at + k] = next;
          delta[nChanged] = (next - a) * y;
          changed[nChanged++] = k;
        }
      }
      if (nChanged === 0) continue;
      for (let j = 0; j < nnz; j++) {
        const base = (idx[j] as number) * K;
        const v = val[j] as number;
        for (let c = 0; c < nChanged; c++) {
          const w = base + (changed[c] as number);
          weights[w] = (weights[w] as number) + (delta[c] as number) * v;
        }
      }
      for (let c = 0; c < nChanged; c++) {
        const k = changed[c] as number;
        biases[k] = (biases[k] as number) + (delta[c] as number) * bias;
      }
    }
    let gap = 0;
    for (let k = 0; k < K; k++) gap = Math.max(gap, (pgMax[k] as number) - (pgMin[k] as number));
    if (gap <= eps) {
      if (allActive) break;
      active.fill(1);
      allActive = true;
      pgMaxOld.fill(Infinity);
      continue;
    }
    for (let k = 0; k < K; k++) pgMaxOld[k] = (pgMax[k] as number) <= 0 ? Infinity : (pgMax[k] as number);
  }
  const outBiases = new Float32Array(K);
  for (let k = 0; k < K; k++) outBiases[k] = (biases[k] as number) * bias;
  return { classes: K, features, weights, biases: outBiases, alpha };
}

/** Raw decision values of every class for one row (into `out`, length = classes). */
export function scoreRow(model: LinearModel, row: SparseVector, out: Float64Array): Float64Array {
  return sparseAffine(out, model.biases, model.weights, model.classes, model.features, row);
}
