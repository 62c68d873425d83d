/**
 * One-vs-rest L2-regularised L2-loss linear SVM, trained by dual coordinate descent with shrinking
 * (Hsieh et al. 2008, the LIBLINEAR `-s 1` solver), on sparse rows held in typed arrays.
 * Deterministic: the visiting order comes from a seeded PRNG.
 */
import type { SparseVector } from './features.ts';

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
}

/** Trained weights, feature-major (`weights[feature * classes + k]`) so scoring reads them contiguously. */
export interface LinearModel {
  readonly classes: number;
  readonly features: number;
  readonly weights: Float32Array;
  readonly biases: Float32Array;
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

export function trainOneVsRestSvm(
  rows: readonly SparseVector[],
  labels: Int32Array,
  classes: number,
  features: number,
  options: SvmOptions = {},
): LinearModel {
  const C = options.C ?? 1;
  const eps = options.tolerance ?? 0.1;
  const maxIter = options.maxIterations ?? 60;
  const bias = options.bias ?? 1;
  const n = rows.length;
  const diagOf = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) diagOf[i] = 0.5 / (C * (options.classWeights?.[labels[i] as number] ?? 1));
  // Compressed sparse rows: one contiguous index/value array, row i spans [start[i], start[i+1]).
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = (start[i] as number) + (rows[i] as SparseVector).index.length;
  const idx = new Int32Array(start[n] as number);
  const val = new Float64Array(start[n] as number);
  const qd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as SparseVector;
    idx.set(row.index, start[i] as number);
    val.set(row.value, start[i] as number);
    let sq = bias * bias;
    for (let j = 0; j < row.value.length; j++) sq += (row.value[j] as number) * (row.value[j] as number);
    qd[i] = sq + (diagOf[i] as number);
  }
  const weights = new Float32Array(classes * features);
  const biases = new Float32Array(classes);
  const w = new Float64Array(features);
  const alpha = new Float64Array(n);
  const order = new Int32Array(n);
  const random = createRandom(options.seed ?? 1);
  for (let k = 0; k < classes; k++) {
    w.fill(0);
    alpha.fill(0);
    let b = 0;
    for (let i = 0; i < n; i++) order[i] = i;
    let active = n;
    let pgMaxOld = Infinity;
    let pgMinOld = -Infinity;
    for (let iter = 0; iter < maxIter; iter++) {
      let pgMaxNew = -Infinity;
      let pgMinNew = Infinity;
      for (let s = 0; s < active; s++) {
        const r = s + Math.floor(random() * (active - s));
        const tmp = order[s] as number;
        order[s] = order[r] as number;
        order[r] = tmp;
      }
      for (let s = 0; s < active; s++) {
        const i = order[s] as number;
        const from = start[i] as number;
        const to = start[i + 1] as number;
        const y = labels[i] === k ? 1 : -1;
        let dot = b * bias;
        for (let j = from; j < to; j++) dot += (w[idx[j] as number] as number) * (val[j] as number);
        const a = alpha[i] as number;
        const G = y * dot - 1 + a * (diagOf[i] as number);
        let PG = 0;
        if (a === 0) {
          if (G > pgMaxOld) {
            active--;
            order[s] = order[active] as number;
            order[active] = i;
            s--;
            continue;
          }
          if (G < 0) PG = G;
        } else {
          PG = G;
        }
        if (PG > pgMaxNew) pgMaxNew = PG;
        if (PG < pgMinNew) pgMinNew = PG;
        if (Math.abs(PG) > 1e-12) {
          const next = Math.max(a - G / (qd[i] as number), 0);
          alpha[i] = next;
          const d = (next - a) * y;
          for (let j = from; j < to; j++) {
            const f = idx[j] as number;
            w[f] = (w[f] as number) + d * (val[j] as number);
          }
          b += d * bias;
        }
      }
      if (pgMaxNew - pgMinNew <= eps) {
        if (active === n) break;
        active = n;
        pgMaxOld = Infinity;
        pgMinOld = -Infinity;
        continue;
      }
      pgMaxOld = pgMaxNew <= 0 ? Infinity : pgMaxNew;
      pgMinOld = pgMinNew >= 0 ? -Infinity : pgMinNew;
    }
    void pgMinOld;
    for (let f = 0; f < features; f++) weights[f * classes + k] = w[f] as number;
    biases[k] = b * bias;
  }
  return { classes, features, weights, biases };
}

/** Raw decision values of every class for one row (into `out`, length = classes). */
export function scoreRow(model: LinearModel, row: SparseVector, out: Float64Array): Float64Array {
  const K = model.classes;
  const W = model.weights;
  for (let k = 0; k < K; k++) out[k] = model.biases[k] as number;
  const idx = row.index;
  const val = row.value;
  for (let j = 0; j < idx.length; j++) {
    const f = idx[j] as number;
    if (f >= model.features) continue;
    const v = val[j] as number;
    const base = f * K;
    for (let k = 0; k < K; k++) out[k] = (out[k] as number) + (W[base + k] as number) * v;
  }
  return out;
}
