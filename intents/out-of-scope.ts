/**
 * Calibration and out-of-scope rejection, fitted on a held-out slice of the training data (never the test).
 * - `fitTemperature`: the softmax temperature that minimises the held-out negative log-likelihood.
 * - `tuneOutOfScopeThreshold`: the confidence below which a message is treated as out of scope.
 */

/** In-place softmax of `scores / temperature` (numerically stable). */
export function softmax(
  scores: Float64Array,
  temperature: number,
  out: Float64Array = new Float64Array(scores.length),
): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) if ((scores[k] as number) > max) max = scores[k] as number;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp(((scores[k] as number) - max) / temperature);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) out[k] = (out[k] as number) / sum;
  return out;
}

/** Grid search (log scale, then refined) over temperatures; returns the one with the lowest mean NLL. */
export function fitTemperature(scores: readonly Float64Array[], gold: Int32Array): number {
  if (scores.length === 0) return 1;
  const nll = (t: number): number => {
    let total = 0;
    const buffer = new Float64Array((scores[0] as Float64Array).length);
    for (let i = 0; i < scores.length; i++) {
      const p = softmax(scores[i] as Float64Array, t, buffer)[gold[i] as number] as number;
      total -= Math.log(Math.max(p, 1e-12));
    }
    return total / scores.length;
  };
  let best = 1;
  let bestLoss = Infinity;
  for (let e = -3; e <= 1; e += 0.1) {
    const t = 10 ** e;
    const loss = nll(t);
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  for (let f = 0.8; f <= 1.25; f += 0.025) {
    const t = best * f;
    const loss = nll(t);
    if (loss < bestLoss - 1e-12) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}

/** One held-out prediction: best in-scope label and its probability, plus the gold facts. */
export interface HeldOutPrediction {
  /** Predicted label is the out-of-scope class. */
  predictedOutOfScope: boolean;
  /** Predicted label equals the gold label. */
  correct: boolean;
  /** Probability of the predicted label. */
  confidence: number;
  goldOutOfScope: boolean;
}

export interface ThresholdChoice {
  threshold: number;
  inScopeAccuracy: number;
  outOfScopeRecall: number;
}

/**
 * Picks the highest rejection threshold whose held-out in-scope accuracy stays within `maxInScopeLoss` of the
 * accuracy without a threshold: as much out-of-scope recall as the in-scope loss budget allows. A budget rule
 * (rather than a weighted sum) does not depend on how many out-of-scope examples happen to be held out.
 * With no out-of-scope examples held out, returns threshold 0 (no rejection by confidence).
 */
export function tuneOutOfScopeThreshold(
  predictions: readonly HeldOutPrediction[],
  maxInScopeLoss = 0.01,
  maxThreshold = 0.9,
): ThresholdChoice {
  const inScope = predictions.filter((p) => !p.goldOutOfScope);
  const oos = predictions.filter((p) => p.goldOutOfScope);
  const evaluate = (threshold: number): ThresholdChoice => {
    const accepted = (p: HeldOutPrediction): boolean => !p.predictedOutOfScope && p.confidence >= threshold;
    const inScopeAccuracy = inScope.length
      ? inScope.filter((p) => accepted(p) && p.correct).length / inScope.length
      : 1;
    const outOfScopeRecall = oos.length ? oos.filter((p) => !accepted(p)).length / oos.length : 0;
    return { threshold, inScopeAccuracy, outOfScopeRecall };
  };
  let best = evaluate(0);
  if (oos.length === 0) return best;
  const floor = best.inScopeAccuracy - maxInScopeLoss - 1e-12;
  for (let step = 1; step <= Math.round(maxThreshold * 100); step++) {
    const choice = evaluate(step / 100);
    if (choice.inScopeAccuracy >= floor) best = choice;
  }
  return best;
}
