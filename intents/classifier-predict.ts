/**
 * A trained classifier (classifier.ts) from its model: rebuilt from plain data (`classifierFromModel`, e.g. the
 * cached knowledge model, bot/nlu-cache.ts, or on the NLU thread) or assembled right after training. A prediction is
 * the views' averaged decision values → temperature-scaled softmax → the best label, or out of scope below the
 * threshold.
 */
import type { Analyzer } from './analyzer.ts';
import {
  CLASSIFIER_MODEL_VERSION,
  ClassifierError,
  type ClassifierModel,
  type Prediction,
  type TextClassifier,
} from './classifier.ts';
import type { HashedFeatures } from './feature-hash.ts';
import { scoreRow } from './linear-svm.ts';
import { softmax, type HeldOutPrediction } from './out-of-scope.ts';
import type { IntentScore } from './types.ts';
import { vectorizerFromState, type Vectorizer } from './vectorizer.ts';

/** Rebuilds a trained classifier from `TextClassifier.model()`; `analyzer` must be the one it was trained with. */
export function classifierFromModel(model: ClassifierModel, analyzer: Analyzer): TextClassifier {
  checkModel(model);
  return assembleClassifier(
    model,
    analyzer,
    [],
    model.views.map((v) => vectorizerFromState(v.vectorizer)),
  );
}

/** Throws unless the model has this version and its parts (the views, and any other part's class count) agree on the labels. */
export function checkModel(model: ClassifierModel, otherPartClasses: readonly number[] = []): void {
  if (model?.version !== CLASSIFIER_MODEL_VERSION) {
    throw new ClassifierError(
      'bad_model',
      `classifier model version ${String(model?.version)} is not ${CLASSIFIER_MODEL_VERSION}`,
    );
  }
  const K = model.labels.length;
  if (
    K < 2 ||
    model.views.length === 0 ||
    model.views.some((v) => v.model.classes !== K) ||
    otherPartClasses.some((classes) => classes !== K)
  ) {
    throw new ClassifierError('bad_model', 'classifier model parts do not agree on the labels');
  }
}

/**
 * Rewrites a message's calibrated probabilities in place, given its features (the lab's network blends its own
 * in: intents/eval/network-classifier.ts).
 */
export type ProbabilityBlend = (hashed: HashedFeatures, probabilities: Float64Array) => Float64Array;

/** The predicting classifier over a model's parts (shared by training and `classifierFromModel`). */
export function assembleClassifier(
  model: ClassifierModel,
  analyzer: Analyzer,
  heldOut: HeldOutPrediction[],
  vectorizers: readonly Vectorizer[],
  blend?: ProbabilityBlend,
): TextClassifier {
  const { labels, outOfScopeLabel, temperature, threshold } = model;
  const K = labels.length;
  const oosIndex = labels.indexOf(outOfScopeLabel);
  const trained = model.views.map((v, i) => ({ model: v.model, vectorizer: vectorizers[i] as Vectorizer }));
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
  return {
    labels,
    outOfScopeLabel,
    temperature,
    threshold,
    heldOut,
    model: () => model,
    predict(text: string): Prediction {
      const hashed = analyzer.hashed(text);
      scoreText(hashed, scoreBuffer);
      let p = softmax(scoreBuffer, temperature, probBuffer);
      if (blend) p = blend(hashed, p);
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
