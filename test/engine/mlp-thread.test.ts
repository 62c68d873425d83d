import { describe, expect, it } from 'vitest';
import { createMlpThreadTrainer, MlpThreadError } from '../../bot/threads/mlp-thread.ts';
import type { LabeledText } from '../../intents/classifier.ts';
import {
  trainClassifier,
  type NetworkClassifierOptions as ClassifierOptions,
} from '../../intents/eval/network-classifier.ts';
import { createAnalyzer } from '../../intents/analyzer.ts';
import type { SparseVector } from '../../intents/vectorizer.ts';
import { trainMlp, type MlpOptions } from '../../intents/eval/mlp.ts';

const fixture = (name: string) => new URL(`../fixtures/threads/${name}`, import.meta.url);
const row = (index: number[], value: number[]): SparseVector => ({
  index: Int32Array.from(index),
  value: Float32Array.from(value),
});

// 120 rows over 12 features, three classes, each class favouring its own four features.
const ROWS = Array.from({ length: 120 }, (_, i) =>
  row([i % 3, 3 + (i % 4), 7 + ((i * 7) % 5)], [1, 0.5 + (i % 5) / 10, 0.3]),
);
const GOLD = Int32Array.from(ROWS, (_, i) => i % 3);
const OPTIONS: MlpOptions = {
  hidden: 8,
  epochs: 3,
  seed: 5,
  initOrder: Int32Array.from([11, 0, 10, 1, 9, 2, 8, 3, 7, 4, 6, 5]),
};

const EXAMPLES: LabeledText[] = [
  'set an alarm',
  'wake me up at six',
  'alarm for tomorrow',
  'play some music',
  'play my songs',
  'put on a song',
  'what is the weather',
  'is it raining',
  'weather tomorrow',
].flatMap((text, i) =>
  [0, 1, 2, 3].map((n) => ({
    text: `${text}${' please'.repeat(n)}`,
    label: ['alarm', 'music', 'weather'][Math.floor(i / 3)] as string,
  })),
);
const analyzer = createAnalyzer({ normalize: (t) => t.toLowerCase(), tokenize: (t) => t.split(/\s+/).filter(Boolean) });
const WITH_NETWORK: ClassifierOptions = { analyzer, mlp: { hidden: 8, epochs: 3 }, mlpWeight: 0.5, seed: 2 };

describe('network training on a worker thread', () => {
  it('trains the very network trainMlp trains here', async () => {
    const trainer = createMlpThreadTrainer();
    try {
      const model = trainer.start(ROWS, GOLD, 3, 12, OPTIONS).result();
      const here = trainMlp(ROWS, GOLD, 3, 12, OPTIONS);
      expect(model.w1).toEqual(here.w1);
      expect(model.b1).toEqual(here.b1);
      expect(model.w2).toEqual(here.w2);
      expect(model.b2).toEqual(here.b2);
      expect([model.classes, model.features, model.hidden]).toEqual([3, 12, 8]);
      // Two jobs at once, collected in the other order.
      const first = trainer.start(ROWS, GOLD, 3, 12, OPTIONS);
      const second = trainer.start(ROWS, GOLD, 3, 12, { ...OPTIONS, seed: 6 });
      expect(second.result().w1).toEqual(trainMlp(ROWS, GOLD, 3, 12, { ...OPTIONS, seed: 6 }).w1);
      expect(first.result().w1).toEqual(here.w1);
    } finally {
      await trainer.close();
    }
  });

  it('a classifier given the trainer is the classifier trained without it', async () => {
    const trainer = createMlpThreadTrainer();
    try {
      const threaded = trainClassifier(EXAMPLES, { ...WITH_NETWORK, mlpTrainer: trainer }).model();
      const local = trainClassifier(EXAMPLES, WITH_NETWORK).model();
      expect(local.mlp).toBeDefined();
      expect(threaded).toEqual(local);
    } finally {
      await trainer.close();
    }
  });

  it('starts again after close', async () => {
    const trainer = createMlpThreadTrainer();
    trainer.start(ROWS, GOLD, 3, 12, OPTIONS).result();
    await trainer.close();
    expect(trainer.start(ROWS, GOLD, 3, 12, OPTIONS).result().w1).toEqual(trainMlp(ROWS, GOLD, 3, 12, OPTIONS).w1);
    await trainer.close();
  });

  it.each([
    ['dies', 'mlp-thread-crashes.mjs', 'stopped', /stopped/],
    ['answers with a failure', 'mlp-thread-fails.mjs', 'failed', /failed on its thread: out of memory/],
    ['never answers', 'mlp-thread-silent.mjs', 'timeout', /longer than 300 ms/],
  ])(
    'a worker that %s makes result() throw (%s), and the classifier trains the network itself',
    async (_what, entry, code, message) => {
      const trainer = createMlpThreadTrainer({ entry: fixture(entry), timeoutMs: 300 });
      try {
        let thrown: unknown;
        try {
          trainer.start(ROWS, GOLD, 3, 12, OPTIONS).result();
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(MlpThreadError);
        expect((thrown as MlpThreadError).code).toBe(code);
        expect((thrown as Error).message).toMatch(message);
        expect(trainClassifier(EXAMPLES, { ...WITH_NETWORK, mlpTrainer: trainer }).model()).toEqual(
          trainClassifier(EXAMPLES, WITH_NETWORK).model(),
        );
      } finally {
        await trainer.close();
      }
    },
  );
});
