import { describe, expect, it } from 'vitest';
import { classifierFromModel } from '../../intents/classifier-predict.ts';
import { trainClassifier } from '../../intents/classifier-train.ts';
import { ClassifierError } from '../../intents/classifier.ts';
import { createAnalyzer } from '../../intents/analyzer.ts';
import { hashFeature, hashFeatures } from '../../intents/feature-hash.ts';
import { fitVectorizer } from '../../intents/vectorizer.ts';
import { scoreRow, trainOneVsRestSvm } from '../../intents/linear-svm.ts';
import { fitTemperature, softmax, tuneOutOfScopeThreshold } from '../../intents/out-of-scope.ts';
import { BANKING_TEMPLATES, labeledExamples, lowercaseAnalyzer, withExtraTexts } from './classifier-fixtures.ts';

const analyzer = lowercaseAnalyzer('a-z0-9\u4e00-\u9fff');

const EXAMPLES = labeledExamples(
  withExtraTexts(BANKING_TEMPLATES, { out_of_scope: ['book a flight', 'how tall is everest'] }),
);

describe('features', () => {
  it('produces word, bigram, Latin char and CJK char features', () => {
    const f = createAnalyzer({ normalize: (t) => t, tokenize: (t) => t.split(' ') })('ab cd 冻结');
    expect(f).toEqual(expect.arrayContaining(['w:ab', 'b:ab cd', 'c: a', 'c:ab ', 'z:冻', 'z:冻结']));
  });
  it('adds m:/x: context features only when the context tag fires', () => {
    const tagged = createAnalyzer({
      normalize: (t) => t,
      tokenize: (t) => t.split(' '),
      contextTag: (t) => (t.includes('acme') ? 'other_brand' : undefined),
    });
    expect(tagged('acme account frozen')).toEqual(
      expect.arrayContaining(['m:other_brand', 'x:other_brand frozen', 'w:frozen']),
    );
    expect(tagged('account frozen').some((f) => f.startsWith('m:') || f.startsWith('x:'))).toBe(false);
  });
  it('edge features name the first and the last word, once each', () => {
    const edged = createAnalyzer({ normalize: (t) => t, tokenize: (t) => t.split(' ').filter(Boolean), edges: true });
    const f = edged('set alarm now');
    expect(f.filter((x) => x.startsWith('e:'))).toEqual(['e:<s> set', 'e:now </s>', 'e:#3']);
    expect(f).toEqual(expect.arrayContaining(['w:set', 'b:set alarm', 'b:alarm now']));
    expect(edged('').some((x) => x.startsWith('e:'))).toBe(false);
    expect(edged('one').filter((x) => x.startsWith('e:'))).toEqual(['e:<s> one', 'e:one </s>', 'e:#1']);
    const withSkips = createAnalyzer({
      normalize: (t) => t,
      tokenize: (t) => t.split(' ').filter(Boolean),
      edges: true,
      skipWindow: 3,
    });
    expect(withSkips('a b c d e f g h i j').filter((x) => x.startsWith('e:'))).toEqual([
      'e:<s> a',
      'e:j </s>',
      'e:<s> _ b',
      'e:i _ </s>',
      'e:<s> _ c',
      'e:h _ </s>',
      'e:#8',
    ]);
    expect(withSkips('a b').filter((x) => x.startsWith('e:'))).toEqual([
      'e:<s> a',
      'e:b </s>',
      'e:<s> _ b',
      'e:a _ </s>',
      'e:<s> _ </s>',
      'e:#2',
    ]);
  });
  it('transform is repeatable (its reused scratch buffers are reset between calls)', () => {
    const vec = fitVectorizer([hashFeatures(['w:a', 'w:b', 'w:c']), hashFeatures(['w:a'])]);
    const first = vec.transform(hashFeatures(['w:c', 'w:a', 'w:a']));
    vec.transform(hashFeatures(['w:b', 'w:b', 'w:b']));
    const again = vec.transform(hashFeatures(['w:c', 'w:a', 'w:a']));
    expect([...again.index]).toEqual([...first.index]);
    expect([...again.value]).toEqual([...first.value]);
    expect([...first.index]).toEqual([...first.index].sort((a, b) => a - b));
  });
  it('orders columns by document frequency, most frequent first, ties by hash; hashOrder lists them by hash', () => {
    const docs = [
      hashFeatures(['w:rare', 'w:common', 'w:mid']),
      hashFeatures(['w:common', 'w:mid']),
      hashFeatures(['w:common', 'w:tie']),
    ];
    const vec = fitVectorizer(docs);
    const column = (f: string) => vec.column(hashFeature(f));
    expect(column('w:common')).toBe(0);
    expect(column('w:mid')).toBe(1);
    const [first, second] = [hashFeature('w:rare'), hashFeature('w:tie')].sort((a, b) => a - b);
    expect([...vec.hashes]).toEqual([hashFeature('w:common'), hashFeature('w:mid'), first, second]);
    const byHash = [...vec.hashOrder()].map((c) => vec.hashes[c] as number);
    expect(byHash).toEqual([...vec.hashes].sort((a, b) => a - b));
    expect(vec.hashOrder()).toBe(vec.hashOrder());
  });
  it('vectorizes to L2-normalised sparse rows, ignoring unseen features', () => {
    const vec = fitVectorizer([hashFeatures(['w:a', 'w:b']), hashFeatures(['w:a'])]);
    const row = vec.transform(hashFeatures(['w:a', 'w:b', 'w:b', 'w:zzz']));
    expect(row.index.length).toBe(2);
    expect(Math.hypot(...row.value)).toBeCloseTo(1, 5);
    expect(vec.transform(hashFeatures(['w:nope'])).index.length).toBe(0);
  });
  it('values are sublinear TF × smoothed IDF, L2-normalised, for repeated features in any order', () => {
    const vec = fitVectorizer([
      hashFeatures(['w:a', 'w:b', 'w:c']),
      hashFeatures(['w:a', 'w:c']),
      hashFeatures(['w:a']),
    ]);
    const idf = (df: number) => Math.log((1 + 3) / (1 + df)) + 1;
    // a: 1 time, b: 3 times, c: 2 times, plus unseen features between them.
    const row = vec.transform(hashFeatures(['w:b', 'w:x', 'w:c', 'w:b', 'w:a', 'w:y', 'w:c', 'w:b']));
    const raw = { a: idf(3), b: (1 + Math.log(3)) * idf(1), c: (1 + Math.log(2)) * idf(2) };
    const norm = Math.hypot(raw.a, raw.b, raw.c);
    const byColumn = new Map([...row.index].map((c, i) => [c, row.value[i] as number]));
    expect(row.index.length).toBe(3);
    for (const [f, v] of Object.entries(raw))
      expect(byColumn.get(vec.column(hashFeature(`w:${f}`)))).toBeCloseTo(v / norm, 6);
  });
  it('hashed features are exactly the hashes of the feature strings, in order, with their families', () => {
    const full = createAnalyzer({
      normalize: (t) => t.toLowerCase(),
      tokenize: (t) => t.split(/\s+/),
      skipWindow: 3,
      wordTrigrams: true,
      edges: true,
      contextTag: (t) => (t.includes('acme') ? 'other_brand' : undefined),
    });
    const textMode = createAnalyzer({ normalize: (t) => t, tokenize: (t) => t.split(' '), latinCharMode: 'text' });
    for (const analyzer of [full, textMode]) {
      for (const text of [
        'ab cd 冻结',
        'My ACME card 12345 was frozen',
        'upay账户被冻结了 help',
        'x',
        '',
        '我的T1001B订单𠀋ok',
      ]) {
        const strings = analyzer(text);
        const hashed = analyzer.hashed(text);
        expect(hashed.length).toBe(strings.length);
        expect([...hashed.ids.subarray(0, hashed.length)]).toEqual(strings.map(hashFeature));
        expect([...hashed.families.subarray(0, hashed.length)]).toEqual([...hashFeatures(strings).families]);
      }
    }
  });
  it('a feature view keeps only the chosen families', () => {
    const docs = [hashFeatures(['w:a', 'c:ab', 'z:冻']), hashFeatures(['w:b', 'c:ab'])];
    expect(fitVectorizer(docs).size).toBe(4);
    expect(fitVectorizer(docs, { families: ['w'] }).size).toBe(2);
    expect(fitVectorizer(docs, { families: ['c', 'z'] }).size).toBe(2);
    expect(fitVectorizer(docs, { excludeFamilies: ['c'] }).size).toBe(3);
    expect(fitVectorizer(docs, { families: ['w', 'c'], excludeFamilies: ['c'] }).size).toBe(2);
  });
});

describe('trainClassifier', () => {
  const clf = trainClassifier(EXAMPLES, { analyzer });

  it('leaves a family out below its familyMinExamples and uses it from there on', () => {
    const edged = createAnalyzer({
      normalize: (t) => t.toLowerCase(),
      tokenize: (t) => t.split(/[^a-z0-9]+/).filter(Boolean),
      edges: true,
    });
    const columns = (min: number): number => {
      const hashes =
        trainClassifier(EXAMPLES, { analyzer: edged, familyMinExamples: { e: min } }).model().views[0]?.vectorizer
          .hashes ?? new Int32Array();
      return hashes.filter((h) => h === hashFeature('e:#3')).length;
    };
    expect(columns(EXAMPLES.length + 1)).toBe(0);
    expect(columns(EXAMPLES.length)).toBe(1);
  });

  it('classifies its own kind of text', () => {
    expect(clf.predict('what is my balance today').name).toBe('balance');
    expect(clf.predict('please refund me').name).toBe('refund');
    expect(clf.predict('my card got stolen').name).toBe('card_lost');
    expect(clf.predict('tell me a joke about the weather').name).toBe('out_of_scope');
  });

  it('returns calibrated probabilities: in [0,1], summing to 1, sorted, every label once', () => {
    for (const text of ['refund', 'zzz qqq', 'balance card refund', '']) {
      const { ranking, confidence } = clf.predict(text);
      expect(ranking.map((r) => r.name).sort()).toEqual([...clf.labels]);
      for (const r of ranking) expect(r.confidence).toBeGreaterThanOrEqual(0);
      for (const r of ranking) expect(r.confidence).toBeLessThanOrEqual(1);
      expect(ranking.reduce((s, r) => s + r.confidence, 0)).toBeCloseTo(1, 6);
      for (let i = 1; i < ranking.length; i++)
        expect(ranking[i - 1]!.confidence).toBeGreaterThanOrEqual(ranking[i]!.confidence);
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });

  it('prediction name and confidence agree with the ranking (built lazily)', () => {
    for (const text of ['refund my card', 'what is my balance', 'zzz']) {
      const p = clf.predict(text);
      const top = p.ranking[0]!;
      if (!p.rejectedByThreshold) expect(p).toMatchObject({ name: top.name, confidence: top.confidence });
      else expect(p.confidence).toBeCloseTo(1 - top.confidence, 12);
    }
  });

  it('is deterministic: two trainings give identical outputs', () => {
    const again = trainClassifier(EXAMPLES, { analyzer });
    expect(again.temperature).toBe(clf.temperature);
    expect(again.threshold).toBe(clf.threshold);
    for (const text of ['refund my card', 'hello there', 'balance'])
      expect(again.predict(text)).toEqual(clf.predict(text));
  });

  it('rejects low-confidence messages when the threshold says so', () => {
    const strict = trainClassifier(EXAMPLES, { analyzer, temperature: 1, threshold: 0.9 });
    const p = strict.predict('balance refund card');
    expect(p.name).toBe('out_of_scope');
    expect(p.rejectedByThreshold).toBe(true);
    const lenient = trainClassifier(EXAMPLES, { analyzer, temperature: 1, threshold: 0 });
    expect(lenient.predict('balance refund card').rejectedByThreshold).toBe(false);
  });

  it('never rejects by threshold when there is no out-of-scope class', () => {
    const noOos = trainClassifier(
      EXAMPLES.filter((e) => e.label !== 'out_of_scope'),
      { analyzer },
    );
    expect(noOos.threshold).toBe(0);
    expect(noOos.labels).not.toContain('out_of_scope');
    expect(noOos.predict('qqq zzz').rejectedByThreshold).toBe(false);
  });

  it('refuses empty or single-label training sets', () => {
    expect(() => trainClassifier([], { analyzer })).toThrow(ClassifierError);
    expect(() => trainClassifier([{ text: 'a', label: 'x' }], { analyzer })).toThrow(/two labels/);
  });
});

describe('classifierFromModel', () => {
  const trained = trainClassifier(EXAMPLES, { analyzer });

  it('rebuilds a structured clone of the model that predicts identically', () => {
    const rebuilt = classifierFromModel(structuredClone(trained.model()), analyzer);
    expect([rebuilt.labels, rebuilt.outOfScopeLabel, rebuilt.temperature, rebuilt.threshold]).toEqual([
      trained.labels,
      trained.outOfScopeLabel,
      trained.temperature,
      trained.threshold,
    ]);
    expect(rebuilt.heldOut).toEqual([]);
    for (const text of ['refund please', 'my card is lost', 'balance', 'sing a song', 'zzz']) {
      const [a, b] = [trained.predict(text), rebuilt.predict(text)];
      expect([b.name, b.confidence, b.rejectedByThreshold, b.ranking]).toEqual([
        a.name,
        a.confidence,
        a.rejectedByThreshold,
        a.ranking,
      ]);
    }
  });

  it('refuses a model of another version or with parts that disagree', () => {
    const model = trained.model();
    expect(() => classifierFromModel({ ...model, version: 2 as 1 }, analyzer)).toThrow(ClassifierError);
    expect(() => classifierFromModel({ ...model, labels: ['a', 'b'] }, analyzer)).toThrow(/do not agree/);
    expect(() => classifierFromModel({ ...model, views: [] }, analyzer)).toThrow(/do not agree/);
  });
});

describe('linear SVM warm start', () => {
  const docs = EXAMPLES.map((e) => hashFeatures(analyzer(e.text)));
  const vec = fitVectorizer(docs);
  const rows = docs.map((d) => vec.transform(d));
  const labelNames = [...new Set(EXAMPLES.map((e) => e.label))].sort();
  const gold = Int32Array.from(EXAMPLES, (e) => labelNames.indexOf(e.label));
  const K = labelNames.length;
  it('continuing from a converged solution stays at the same optimum', () => {
    const cold = trainOneVsRestSvm(rows, gold, K, vec.size, { maxIterations: 200, tolerance: 1e-4 });
    const warm = trainOneVsRestSvm(rows, gold, K, vec.size, {
      maxIterations: 1,
      tolerance: 1e-4,
      warmStart: cold.alpha,
    });
    for (let i = 0; i < rows.length; i++) {
      const a = scoreRow(cold, rows[i]!, new Float64Array(K));
      const b = scoreRow(warm, rows[i]!, new Float64Array(K));
      for (let k = 0; k < K; k++) expect(b[k]!).toBeCloseTo(a[k]!, 2);
    }
  });
  it('refuses a warm start of the wrong size', () => {
    expect(() => trainOneVsRestSvm(rows, gold, K, vec.size, { warmStart: new Float64Array(3) })).toThrow(RangeError);
  });
});

describe('calibration helpers', () => {
  it('softmax sums to 1 and sharpens at low temperature', () => {
    const s = Float64Array.from([2, 1, 0]);
    const warm = softmax(s, 1);
    const cold = softmax(s, 0.1);
    expect(warm.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(cold[0]!).toBeGreaterThan(warm[0]!);
  });
  it('fitTemperature prefers a high temperature when confident scores are often wrong', () => {
    const scores = Array.from({ length: 20 }, () => Float64Array.from([1, 0]));
    const wrongHalf = Int32Array.from({ length: 20 }, (_, i) => i % 2);
    const rightAll = new Int32Array(20);
    expect(fitTemperature(scores, wrongHalf)).toBeGreaterThan(fitTemperature(scores, rightAll));
  });
  it('tuneOutOfScopeThreshold picks a threshold that separates low-confidence OOS from confident in-scope', () => {
    const preds = [
      ...Array.from({ length: 10 }, () => ({
        predictedOutOfScope: false,
        correct: true,
        confidence: 0.9,
        goldOutOfScope: false,
      })),
      ...Array.from({ length: 10 }, () => ({
        predictedOutOfScope: false,
        correct: false,
        confidence: 0.3,
        goldOutOfScope: true,
      })),
    ];
    const choice = tuneOutOfScopeThreshold(preds, 0.01);
    expect(choice.threshold).toBeGreaterThan(0.3);
    expect(choice.threshold).toBeLessThanOrEqual(0.9);
    expect(choice.inScopeAccuracy).toBe(1);
    expect(choice.outOfScopeRecall).toBe(1);
  });
});
