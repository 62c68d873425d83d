/**
 * Evaluation of an intent classifier: accuracy, macro-F1, in-scope accuracy / out-of-scope recall, the expected
 * calibration error of its confidences, training and per-parse timings, and the most confused (gold → predicted) pairs.
 */
import { performance } from 'node:perf_hooks';
import type { LabeledText } from '../classifier.ts';

export interface EvalReport {
  n_train: number;
  n_test: number;
  accuracy: number;
  macro_f1: number;
  /** Accuracy on test examples whose gold label is not out of scope (null when there are none). */
  in_scope_accuracy: number | null;
  /** Share of out-of-scope test examples predicted out of scope (null when there are none). */
  oos_recall: number | null;
  /**
   * Expected calibration error of the decisions' confidences (10 equal-width bins): how far "80% sure" is from
   * being right 80% of the time, 0 = perfectly calibrated. Null when the predictor gives no confidences.
   */
  ece: number | null;
  train_ms: number;
  parse_p50_ms: number;
  parse_p99_ms: number;
  confusions: { gold: string; predicted: string; count: number }[];
}

export interface EvalOptions {
  outOfScopeLabel?: string;
  /** How many confusion pairs to keep, default 10. */
  topConfusions?: number;
}

/** Nearest-rank percentile of an ascending-sorted list. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export function scorePredictions(
  gold: readonly string[],
  predicted: readonly string[],
  options: EvalOptions = {},
): Pick<EvalReport, 'accuracy' | 'macro_f1' | 'in_scope_accuracy' | 'oos_recall' | 'confusions'> {
  const oos = options.outOfScopeLabel ?? 'out_of_scope';
  const labels = new Set<string>(gold);
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const pairs = new Map<string, number>();
  let correct = 0;
  let inScope = 0;
  let inScopeCorrect = 0;
  let oosTotal = 0;
  let oosCaught = 0;
  gold.forEach((g, i) => {
    const p = predicted[i] as string;
    if (g === p) {
      correct++;
      tp.set(g, (tp.get(g) ?? 0) + 1);
    } else {
      fn.set(g, (fn.get(g) ?? 0) + 1);
      fp.set(p, (fp.get(p) ?? 0) + 1);
      const key = `${g}\u0000${p}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    if (g === oos) {
      oosTotal++;
      if (p === oos) oosCaught++;
    } else {
      inScope++;
      if (g === p) inScopeCorrect++;
    }
  });
  let f1Sum = 0;
  for (const label of labels) {
    const t = tp.get(label) ?? 0;
    const precisionDen = t + (fp.get(label) ?? 0);
    const recallDen = t + (fn.get(label) ?? 0);
    const precision = precisionDen ? t / precisionDen : 0;
    const recall = recallDen ? t / recallDen : 0;
    f1Sum += precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  }
  const confusions = [...pairs.entries()]
    .map(([key, count]) => {
      const [g, p] = key.split('\u0000') as [string, string];
      return { gold: g, predicted: p, count };
    })
    .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted))
    .slice(0, options.topConfusions ?? 10);
  return {
    accuracy: gold.length ? correct / gold.length : 0,
    macro_f1: labels.size ? f1Sum / labels.size : 0,
    in_scope_accuracy: inScope ? inScopeCorrect / inScope : null,
    oos_recall: oosTotal ? oosCaught / oosTotal : null,
    confusions,
  };
}

/**
 * Expected calibration error (Guo et al. 2017): the examples are binned by confidence into `bins` equal-width bins
 * over [0, 1]; the error is the mean over examples of |accuracy − mean confidence| of their bin.
 */
export function expectedCalibrationError(
  confidences: readonly number[],
  correct: readonly boolean[],
  bins = 10,
): number {
  if (confidences.length !== correct.length)
    throw new RangeError(`${confidences.length} confidences but ${correct.length} outcomes`);
  if (confidences.length === 0) return 0;
  const count = new Float64Array(bins);
  const confidenceSum = new Float64Array(bins);
  const correctSum = new Float64Array(bins);
  confidences.forEach((c, i) => {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(c * bins)));
    count[bin] = (count[bin] as number) + 1;
    confidenceSum[bin] = (confidenceSum[bin] as number) + c;
    if (correct[i]) correctSum[bin] = (correctSum[bin] as number) + 1;
  });
  let error = 0;
  for (let b = 0; b < bins; b++) error += Math.abs((correctSum[b] as number) - (confidenceSum[b] as number));
  return error / confidences.length;
}

/** A predictor's answer: the label, or the label with the predictor's confidence in it (for the calibration error). */
export type PredictedLabel = string | { name: string; confidence: number };

/** Something that learns from labelled texts and then names the label of a text. */
export interface Predictor {
  predict(text: string): PredictedLabel | Promise<PredictedLabel>;
}
export type TrainFn = (train: readonly LabeledText[]) => Predictor | Promise<Predictor>;

/** Untimed parses before the timed ones, so parse percentiles measure the steady state, not JIT warm-up. */
export const PARSE_WARMUP = 200;

/**
 * Trains once, times it, warms up on up to `PARSE_WARMUP` training texts (untimed: never the test
 * texts, so no system can answer the timed parses from a cache), predicts every test text (timing
 * each parse), and scores the predictions.
 */
export async function evaluate(
  train: readonly LabeledText[],
  test: readonly LabeledText[],
  trainFn: TrainFn,
  options: EvalOptions = {},
): Promise<EvalReport> {
  const started = performance.now();
  const model = await trainFn(train);
  const trainMs = performance.now() - started;
  for (const example of train.slice(0, PARSE_WARMUP)) await model.predict(example.text);
  const predicted: string[] = [];
  const confidences: number[] = [];
  const times: number[] = [];
  for (const example of test) {
    const t0 = performance.now();
    const pending = model.predict(example.text);
    const result = pending instanceof Promise ? await pending : pending;
    times.push(performance.now() - t0);
    if (typeof result === 'string') predicted.push(result);
    else {
      predicted.push(result.name);
      confidences.push(result.confidence);
    }
  }
  times.sort((a, b) => a - b);
  const gold = test.map((e) => e.label);
  const calibrated = test.length > 0 && confidences.length === test.length;
  return {
    n_train: train.length,
    n_test: test.length,
    ...scorePredictions(gold, predicted, options),
    ece: calibrated
      ? expectedCalibrationError(
          confidences,
          predicted.map((p, i) => p === gold[i]),
        )
      : null,
    train_ms: Math.round(trainMs),
    parse_p50_ms: percentile(times, 0.5),
    parse_p99_ms: percentile(times, 0.99),
  };
}
