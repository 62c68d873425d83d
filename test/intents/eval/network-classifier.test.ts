import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../intents/analyzer.ts';
import { trainClassifier as trainRuntimeClassifier } from '../../../intents/classifier-train.ts';
import type { LabeledText } from '../../../intents/classifier.ts';
import { trainClassifier, type NetworkClassifierOptions } from '../../../intents/eval/network-classifier.ts';

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
const PROBES = ['refund please', 'balance', 'sing a song', 'money back for my order', 'zzz'];

describe('the lab classifier without a network', () => {
  const cases: [string, Omit<NetworkClassifierOptions, 'analyzer'>][] = [
    ['no network options', {}],
    ['a network below mlpMinExamples', { mlp: { hidden: 8 }, mlpMinExamples: examples.length + 1 }],
    ['temperature and threshold given', { temperature: 1, threshold: 0.3 }],
  ];
  it.each(cases)('is the runtime classifier (%s), with mlpWeight 0 and no network part', (_case, extra) => {
    const runtime = trainRuntimeClassifier(examples, { analyzer, ...extra });
    const lab = trainClassifier(examples, { analyzer, ...extra });
    const { mlpTemperature, mlpWeight, mlp, ...linear } = lab.model();
    expect(linear).toEqual(runtime.model());
    expect([mlpTemperature, mlpWeight, mlp, lab.mlpWeight]).toEqual([extra.temperature ?? 1, 0, undefined, 0]);
    expect(lab.heldOut).toEqual(runtime.heldOut);
    for (const text of PROBES) expect(lab.predict(text)).toEqual(runtime.predict(text));
  });
});
