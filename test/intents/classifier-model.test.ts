import { beforeAll, describe, expect, it } from 'vitest';
import { ClassifierError, type LabeledText } from '../../intents/classifier.ts';
import { classifierFromModel, trainClassifier } from '../../intents/eval/network-classifier.ts';
import { createAnalyzer } from '../../intents/analyzer.ts';
import { loadKnowledge } from '../../bot/core/knowledge.ts';
import type { KnowledgeBase } from '../../bot/core/knowledge.ts';
import { createNlu, createNluFromModel, knowledgeExamples, trainKnowledgeClassifier } from '../../intents/nlu.ts';

const analyzer = createAnalyzer({
  normalize: (t) => t.toLowerCase(),
  tokenize: (t) => t.split(/[^a-z]+/).filter(Boolean),
});
const TEMPLATES: Record<string, string[]> = {
  balance: [
    'what is my balance',
    'show my balance please',
    'how much money is in my account',
    'check balance',
    'balance left on my wallet',
    'account balance now',
  ],
  refund: [
    'i want a refund',
    'refund my order',
    'give me my money back',
    'how do i get a refund',
    'refund not received',
    'request a refund please',
  ],
  card_lost: [
    'i lost my card',
    'my card was stolen',
    'card missing',
    'cannot find my card',
    'stolen card report',
    'lost card help',
  ],
  out_of_scope: [
    'what is the weather',
    'tell me a joke',
    'who won the football game',
    'play some music',
    'capital of france',
    'recipe for pasta',
  ],
};
const examples: LabeledText[] = Object.entries(TEMPLATES).flatMap(([label, texts]) =>
  texts.map((text) => ({ text, label })),
);
const PROBES = ['refund please', 'my card is lost', 'balance', 'sing a song', 'money back for my order', 'zzz'];

describe('classifier model (plain data, rebuilt elsewhere)', () => {
  it('survives a structured clone (a worker thread hand-over) and predicts identically, network blend included', () => {
    for (const options of [
      { analyzer },
      { analyzer, mlp: { hidden: 8, epochs: 10, learningRate: 0.3, initScale: 0.1 }, mlpWeight: 0.5 },
    ]) {
      const trained = trainClassifier(examples, options);
      const model = structuredClone(trained.model());
      if ('mlp' in options) expect(model.mlp).toBeDefined();
      const rebuilt = classifierFromModel(model, analyzer);
      expect(rebuilt.labels).toEqual(trained.labels);
      expect([rebuilt.temperature, rebuilt.threshold, rebuilt.mlpWeight]).toEqual([
        trained.temperature,
        trained.threshold,
        trained.mlpWeight,
      ]);
      for (const probe of PROBES) {
        const a = trained.predict(probe);
        const b = rebuilt.predict(probe);
        expect([b.name, b.confidence, b.rejectedByThreshold]).toEqual([a.name, a.confidence, a.rejectedByThreshold]);
        expect(b.ranking).toEqual(a.ranking);
      }
    }
  });

  it('holds no training-only state (the SVM dual variables stay behind)', () => {
    const model = trainClassifier(examples, { analyzer }).model();
    for (const view of model.views)
      expect(Object.keys(view.model).sort()).toEqual(['biases', 'classes', 'features', 'weights']);
  });

  it('refuses a model of another version or with parts that disagree', () => {
    const model = trainClassifier(examples, { analyzer }).model();
    expect(() => classifierFromModel({ ...model, version: 2 as 1 }, analyzer)).toThrow(ClassifierError);
    expect(() => classifierFromModel({ ...model, labels: ['a', 'b'] }, analyzer)).toThrow(/do not agree/);
    expect(() => classifierFromModel({ ...model, views: [] }, analyzer)).toThrow(/do not agree/);
  });
});

describe('knowledge NLU from a model', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    kb = await loadKnowledge('knowledge');
  });

  it('createNluFromModel parses every held-out test exactly as createNlu does', () => {
    const nlu = createNlu(kb);
    const fromModel = createNluFromModel(kb, structuredClone(trainKnowledgeClassifier(kb).model()));
    const now = new Date('2026-11-25T12:00:00Z');
    for (const { text } of knowledgeExamples(kb, 'tests'))
      expect(fromModel.parse(text, { now })).toEqual(nlu.parse(text, { now }));
  });
});
