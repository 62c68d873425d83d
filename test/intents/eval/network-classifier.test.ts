import { describe, expect, it } from 'vitest';
import { trainClassifier as trainRuntimeClassifier } from '../../../intents/classifier-train.ts';
import { trainClassifier, type NetworkClassifierOptions } from '../../../intents/eval/network-classifier.ts';
import { BANKING_TEMPLATES, labeledExamples, lowercaseAnalyzer, withoutLabel } from '../classifier-fixtures.ts';

const analyzer = lowercaseAnalyzer();
const examples = labeledExamples(withoutLabel(BANKING_TEMPLATES, 'card_lost'));
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
