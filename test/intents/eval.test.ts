import { describe, expect, it } from 'vitest';
import { evaluate, PARSE_WARMUP, percentile, scorePredictions } from '../../intents/eval.ts';

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

describe('evaluate', () => {
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
    for (const key of ['macro_f1', 'in_scope_accuracy', 'oos_recall', 'train_ms', 'parse_p50_ms', 'parse_p99_ms']) expect(report).toHaveProperty(key);
    expect(report.parse_p99_ms).toBeGreaterThanOrEqual(report.parse_p50_ms);
  });

  it('warms up on training texts (at most PARSE_WARMUP, never test texts) before the timed parses', async () => {
    const seen: string[] = [];
    const train = Array.from({ length: PARSE_WARMUP + 50 }, (_, i) => ({ text: `train ${i}`, label: i % 2 ? 'a' : 'b' }));
    const test = [{ text: 'test 1', label: 'a' }];
    await evaluate(train, test, () => ({ predict: (t: string) => (seen.push(t), 'a') }));
    expect(seen.length).toBe(PARSE_WARMUP + 1);
    expect(seen.slice(0, PARSE_WARMUP).every((t) => t.startsWith('train '))).toBe(true);
    expect(seen.at(-1)).toBe('test 1');
  });
});
