import { describe, expect, it } from 'vitest';
import { trainClassifier } from '../../../intents/eval/network-classifier.ts';
import type { SparseVector } from '../../../intents/vectorizer.ts';
import { initMlp, mlpLogits, MlpError, remapMlp, trainMlp } from '../../../intents/eval/mlp.ts';
import { BANKING_TEMPLATES, labeledExamples, lowercaseAnalyzer, withExtraTexts } from '../classifier-fixtures.ts';

const row = (index: number[], value?: number[]): SparseVector => ({
  index: Int32Array.from(index),
  value: Float32Array.from(value ?? index.map(() => 1)),
});
const argmax = (x: Float64Array): number => x.indexOf(Math.max(...x));

// XOR over features 1 and 2 (feature 0 is always on): no linear model separates it, one hidden layer does.
const XOR_ROWS = [row([0]), row([0, 1]), row([0, 2]), row([0, 1, 2])];
const XOR_GOLD = Int32Array.from([0, 1, 1, 0]);
const repeat = <T>(xs: T[], n: number): T[] => Array.from({ length: n }, () => xs).flat();

describe('one-hidden-layer network', () => {
  const options = { hidden: 16, epochs: 60, learningRate: 0.1, dropout: 0, initScale: 0.5, seed: 3 };
  const xor = trainMlp(repeat(XOR_ROWS, 25), Int32Array.from(repeat([...XOR_GOLD], 25)), 2, 3, options);

  it('learns a problem no linear model can (XOR)', () => {
    XOR_ROWS.forEach((r, i) => expect(argmax(mlpLogits(xor, r, new Float64Array(2)))).toBe(XOR_GOLD[i]));
  });

  it('learns a separable three-class problem with dropout on', () => {
    const rows = repeat([row([0, 3]), row([1, 3]), row([2, 3])], 30);
    const gold = Int32Array.from(repeat([0, 1, 2], 30));
    const model = trainMlp(rows, gold, 3, 4, {
      hidden: 8,
      epochs: 20,
      dropout: 0.3,
      learningRate: 0.3,
      initScale: 0.3,
    });
    for (let k = 0; k < 3; k++) expect(argmax(mlpLogits(model, row([k, 3]), new Float64Array(3)))).toBe(k);
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const again = trainMlp(repeat(XOR_ROWS, 25), Int32Array.from(repeat([...XOR_GOLD], 25)), 2, 3, options);
    expect(again.w1).toEqual(xor.w1);
    expect(again.w2).toEqual(xor.w2);
    expect(again.b2).toEqual(xor.b2);
    const other = trainMlp(repeat(XOR_ROWS, 25), Int32Array.from(repeat([...XOR_GOLD], 25)), 2, 3, {
      ...options,
      seed: 4,
    });
    expect(other.w1).not.toEqual(xor.w1);
  });

  it('ignores features beyond its input size when scoring', () => {
    const a = mlpLogits(xor, row([0, 1]), new Float64Array(2));
    const b = mlpLogits(xor, row([0, 1, 99]), new Float64Array(2));
    expect([...b]).toEqual([...a]);
  });

  it('remapMlp moves input rows to new columns and initialises unseen ones', () => {
    // New space: column 0 = old 2, column 1 = new feature, column 2 = old 0, column 3 = old 1.
    const oldOf = [2, -1, 0, 1];
    const moved = remapMlp(xor, 4, (c) => oldOf[c] as number, { seed: 9, initScale: 0.5 });
    const H = xor.hidden;
    expect([...moved.w1.subarray(0, H)]).toEqual([...xor.w1.subarray(2 * H, 3 * H)]);
    expect([...moved.w1.subarray(2 * H, 3 * H)]).toEqual([...xor.w1.subarray(0, H)]);
    expect([...moved.w2]).toEqual([...xor.w2]);
    expect(mlpLogits(moved, row([2, 3]), new Float64Array(2))).toEqual(
      mlpLogits(xor, row([0, 1]), new Float64Array(2)),
    );
  });

  it('initOrder gives each feature the initial row it would have in column order, wherever its column is', () => {
    const plain = initMlp(3, 4, { hidden: 5, seed: 2 });
    const order = Int32Array.from([2, 0, 3, 1]); // the j-th row drawn goes to column order[j]
    const moved = initMlp(3, 4, { hidden: 5, seed: 2, initOrder: order });
    order.forEach((column, j) =>
      expect([...moved.w1.subarray(column * 5, (column + 1) * 5)]).toEqual([...plain.w1.subarray(j * 5, (j + 1) * 5)]),
    );
    expect([...moved.w2]).toEqual([...plain.w2]);
    expect(() => initMlp(3, 4, { initOrder: Int32Array.from([0, 1]) })).toThrow(/initOrder has 2 columns, expected 4/);
  });

  it('refuses bad settings and bad labels', () => {
    expect(() => initMlp(2, 3, { hidden: 0 })).toThrow(MlpError);
    expect(() => initMlp(1, 3)).toThrow(/2 classes/);
    expect(() => trainMlp(XOR_ROWS, XOR_GOLD, 2, 3, { dropout: 1 })).toThrow(/dropout/);
    expect(() => trainMlp(XOR_ROWS, Int32Array.from([0, 1]), 2, 3)).toThrow(/4 rows but 2 labels/);
    expect(() => trainMlp(XOR_ROWS, Int32Array.from([0, 1, 2, 0]), 2, 3)).toThrow(/outside 0\.\.1/);
  });
});

describe('classifier with the network blended in', () => {
  const analyzer = lowercaseAnalyzer();
  const examples = labeledExamples(
    withExtraTexts(BANKING_TEMPLATES, {
      balance: ['my balance', 'balance please'],
      refund: ['refund now', 'where is my refund'],
      card_lost: ['card gone', 'lost my card today'],
      out_of_scope: ['book a flight', 'how tall is everest'],
    }),
  );
  const mlp = { hidden: 16, epochs: 20, learningRate: 0.3, initScale: 0.1 };

  it('classifies, deterministically, with a blend weight from the candidates', () => {
    const a = trainClassifier(examples, { analyzer, mlp, mlpWeight: [0.25, 0.5, 0.75] });
    const b = trainClassifier(examples, { analyzer, mlp, mlpWeight: [0.25, 0.5, 0.75] });
    expect([0.25, 0.5, 0.75]).toContain(a.mlpWeight);
    expect(a.predict('refund my money please').name).toBe('refund');
    expect(a.predict('i lost my card').name).toBe('card_lost');
    for (const text of ['refund my card', 'hello there', 'balance']) expect(b.predict(text)).toEqual(a.predict(text));
  });

  it('blends: a fixed weight changes the probabilities, weight 0 drops the network', () => {
    const svmOnly = trainClassifier(examples, { analyzer });
    const zero = trainClassifier(examples, { analyzer, mlp, mlpWeight: 0 });
    const half = trainClassifier(examples, { analyzer, mlp, mlpWeight: 0.5, mlpFinalEpochs: 2 });
    expect(svmOnly.mlpWeight).toBe(0);
    expect(zero.mlpWeight).toBe(0);
    expect(half.mlpWeight).toBe(0.5);
    expect(zero.predict('balance refund card').ranking).toEqual(svmOnly.predict('balance refund card').ranking);
    expect(half.predict('balance refund card').ranking).not.toEqual(svmOnly.predict('balance refund card').ranking);
    const p = half.predict('balance refund card').ranking;
    expect(p.reduce((s, r) => s + r.confidence, 0)).toBeCloseTo(1, 6);
  });

  it('without a held-out slice (temperature and threshold given) trains the network on every row at weight 0.5', () => {
    const fixed = trainClassifier(examples, { analyzer, mlp, mlpWeight: [0, 1], temperature: 1, threshold: 0 });
    expect(fixed.mlpWeight).toBe(0.5);
    expect(fixed.predict('where is my refund').name).toBe('refund');
  });
});
