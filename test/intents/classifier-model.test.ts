import { beforeAll, describe, expect, it } from 'vitest';
import { ClassifierError } from '../../intents/classifier.ts';
import { classifierFromModel, trainClassifier } from '../../intents/eval/network-classifier.ts';
import { BANKING_TEMPLATES, labeledExamples, lowercaseAnalyzer } from './classifier-fixtures.ts';
import { loadKnowledge } from '../../bot/core/knowledge.ts';
import type { KnowledgeBase } from '../../bot/core/knowledge.ts';
import { createNlu, createNluFromModel, knowledgeExamples, trainKnowledgeClassifier } from '../../intents/nlu.ts';

const analyzer = lowercaseAnalyzer();
const examples = labeledExamples(BANKING_TEMPLATES);
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
