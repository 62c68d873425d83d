/**
 * The intent report (GET /api/console/intent-report), like `rasa test`'s: the live NLU parses every held-out test of
 * the knowledge files (each entry's `tests`, every locale); per-intent precision, recall and F1, the most confused
 * pairs and a confidence histogram. intents/eval/ (the lab) is not imported: the service never loads it.
 */
import type { Nlu } from '../../intents/types.ts';
import type { KnowledgeBase } from '../core/knowledge.ts';
import type { IntentReport } from './types.ts';

export const TOP_CONFUSIONS = 15;
const BUCKETS = 10;

interface Tally {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  support: number;
}

/** Per-intent scores sorted weakest F1 first (then by id), so that what needs examples comes first. */
export function computeIntentReport(nlu: Nlu, knowledge: KnowledgeBase, modelVersion: number, now: Date): IntentReport {
  const tallies = new Map<string, Tally>();
  const tally = (intent: string): Tally => {
    let t = tallies.get(intent);
    if (!t) {
      t = { truePositives: 0, falsePositives: 0, falseNegatives: 0, support: 0 };
      tallies.set(intent, t);
    }
    return t;
  };
  const pairs = new Map<string, { expected: string; predicted: string; count: number }>();
  const histogram = Array.from({ length: BUCKETS }, (_, i) => ({
    from: i / BUCKETS,
    to: (i + 1) / BUCKETS,
    correct: 0,
    wrong: 0,
  }));
  let tests = 0;
  let correct = 0;
  for (const entry of knowledge.entries()) {
    for (const text of entry.tests) {
      const expected = entry.id;
      const { name: predicted, confidence } = nlu.parse(text).intent;
      tests++;
      tally(expected).support++;
      const bucket = histogram[bucketOf(confidence)];
      if (predicted === expected) {
        correct++;
        tally(expected).truePositives++;
        if (bucket) bucket.correct++;
        continue;
      }
      tally(expected).falseNegatives++;
      tally(predicted).falsePositives++;
      if (bucket) bucket.wrong++;
      const key = `${expected}\u0000${predicted}`;
      const pair = pairs.get(key);
      if (pair) pair.count++;
      else pairs.set(key, { expected, predicted, count: 1 });
    }
  }
  const intents = [...tallies.entries()].map(([intent, t]) => {
    const precision = ratio(t.truePositives, t.truePositives + t.falsePositives);
    const recall = ratio(t.truePositives, t.truePositives + t.falseNegatives);
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, precision, recall, f1, support: t.support };
  });
  return {
    modelVersion,
    computedAt: now.toISOString(),
    accuracy: ratio(correct, tests),
    tests,
    intents: intents.sort((a, b) => a.f1 - b.f1 || compareText(a.intent, b.intent)),
    confusions: [...pairs.values()]
      .sort((a, b) => b.count - a.count || compareText(a.expected, b.expected) || compareText(a.predicted, b.predicted))
      .slice(0, TOP_CONFUSIONS),
    histogram,
  };
}

/** [0,0.1) … [0.9,1]: a confidence of exactly 1 belongs to the last bucket. */
function bucketOf(confidence: number): number {
  if (!Number.isFinite(confidence)) return 0;
  return Math.min(BUCKETS - 1, Math.max(0, Math.floor(confidence * BUCKETS)));
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
