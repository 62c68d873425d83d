import { describe, expect, it } from 'vitest';
import {
  evaluate,
  expectedCalibrationError,
  PARSE_WARMUP,
  percentile,
  scorePredictions,
} from '../../../intents/eval/evaluate.ts';

describe('scorePredictions', () => {
  it('computes accuracy, macro-F1, in-scope accuracy, OOS recall and confusions', () => {
    const gold = ['a', 'a', 'b', 'b', 'out_of_scope', 'out_of_scope'];
    const pred = ['a', 'b', 'b', 'b', 'out_of_scope', 'a'];
    const r = scorePredictions(gold, pred);
    expect(r.accuracy).toBeCloseTo(4 / 6);
    expect(r.in_scope_accuracy).toBeCloseTo(3 / 4);
    expect(r.oos_recall).toBeCloseTo(1 / 2);
    // F1: a = P 1/2 R 1/2 → 0.5; b = P 2/3 R 1 → 0.8; oos = P 1 R 1/2 → 2/3.
    expect(r.macro_f1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3);
    expect(r.confusions).toEqual([
      { gold: 'a', predicted: 'b', count: 1 },
      { gold: 'out_of_scope', predicted: 'a', count: 1 },
    ]);
  });
  it('reports null in-scope/OOS figures when the test set has none of them', () => {
    const r = scorePredictions(['a'], ['a']);
    expect(r.oos_recall).toBeNull();
    expect(r.in_scope_accuracy).toBe(1);
  });
});

describe('percentile', () => {
  it('uses nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.99)).toBe(99);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('expectedCalibrationError', () => {
  it('is 0 when each bin is right exactly as often as it is confident', () => {
    // Bin [0.9, 1): 10 answers at 0.9, 9 right. Bin [0.5, 0.6): 4 answers at 0.5, 2 right.
    const confidences = [...Array(10).fill(0.9), ...Array(4).fill(0.5)];
    const correct = [...Array(9).fill(true), false, true, true, false, false];
    expect(expectedCalibrationError(confidences, correct)).toBeCloseTo(0, 12);
  });
  it('weighs each bin by its share of examples', () => {
    // [0.9, 1): 2 at 0.95, both right → |1 − 0.95| = 0.05; [0.6, 0.7): 2 at 0.6, none right → 0.6. Mean (2·0.05 + 2·0.6) / 4.
    expect(expectedCalibrationError([0.95, 0.95, 0.6, 0.6], [true, true, false, false])).toBeCloseTo(
      (2 * 0.05 + 2 * 0.6) / 4,
      12,
    );
  });
  it('puts a confidence of 1 in the top bin, and is 0 for no examples', () => {
    expect(expectedCalibrationError([1, 1], [true, false])).toBeCloseTo(0.5, 12);
    expect(expectedCalibrationError([], [])).toBe(0);
    expect(() => expectedCalibrationError([0.5], [])).toThrow(RangeError);
  });
});

describe('evaluate', () => {
  it('reports the calibration error when the predictor gives confidences, null when it gives labels only', async () => {
    const train = [
      { text: 'x', label: 'a' },
      { text: 'y', label: 'b' },
    ];
    const test = [
      { text: 'x', label: 'a' },
      { text: 'y', label: 'a' },
    ];
    const withConfidence = await evaluate(train, test, () => ({
      predict: (t: string) => ({ name: t === 'x' ? 'a' : 'b', confidence: 0.75 }),
    }));
    expect(withConfidence.accuracy).toBe(0.5);
    expect(withConfidence.ece).toBeCloseTo(0.25, 12);
    const asynchronous = await evaluate(train, test, () => ({
      predict: async (t: string) => ({ name: t === 'x' ? 'a' : 'b', confidence: 0.75 }),
    }));
    expect(asynchronous.ece).toBeCloseTo(0.25, 12);
    const labelsOnly = await evaluate(train, test, () => ({ predict: (t: string) => (t === 'x' ? 'a' : 'b') }));
    expect(labelsOnly.ece).toBeNull();
  });

  it('trains once, predicts every test example and returns every report key', async () => {
    let trained = 0;
    const report = await evaluate(
      [
        { text: 'x', label: 'a' },
        { text: 'y', label: 'b' },
      ],
      [
        { text: 'x', label: 'a' },
        { text: 'y', label: 'a' },
      ],
      () => {
        trained++;
        return { predict: (t: string) => (t === 'x' ? 'a' : 'b') };
      },
    );
    expect(trained).toBe(1);
    expect(report).toMatchObject({ n_train: 2, n_test: 2, accuracy: 0.5 });
    for (const key of ['macro_f1', 'in_scope_accuracy', 'oos_recall', 'train_ms', 'parse_p50_ms', 'parse_p99_ms'])
      expect(report).toHaveProperty(key);
    expect(report.parse_p99_ms).toBeGreaterThanOrEqual(report.parse_p50_ms);
  });

  it('warms up on training texts (at most PARSE_WARMUP, never test texts) before the timed parses', async () => {
    const seen: string[] = [];
    const train = Array.from({ length: PARSE_WARMUP + 50 }, (_, i) => ({
      text: `train ${i}`,
      label: i % 2 ? 'a' : 'b',
    }));
    const test = [{ text: 'test 1', label: 'a' }];
    await evaluate(train, test, () => ({ predict: (t: string) => (seen.push(t), 'a') }));
    expect(seen.length).toBe(PARSE_WARMUP + 1);
    expect(seen.slice(0, PARSE_WARMUP).every((t) => t.startsWith('train '))).toBe(true);
    expect(seen.at(-1)).toBe('test 1');
  });
});
