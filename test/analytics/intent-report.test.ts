import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeIntentReport, TOP_CONFUSIONS } from '../../bot/analytics/intent-report.ts';
import { loadKnowledge, type KnowledgeBase } from '../../bot/core/knowledge.ts';
import { silentLogger } from '../../bot/logger.ts';
import { loadOrTrainNlu, NLU_SEED_DIR } from '../../bot/nlu-cache.ts';
import type { Nlu, NluResult } from '../../intents/types.ts';

const NOW = new Date('2025-03-10T09:00:00Z');

/** An NLU that answers from a table: text → [intent, confidence]. */
function tableNlu(table: Record<string, [string, number]>): Nlu {
  return {
    intents: [],
    parse(text): NluResult {
      const [name, confidence] = table[text] ?? ['out_of_scope', 0];
      return {
        text,
        language: 'en',
        intent: { name, confidence },
        intent_ranking: [{ name, confidence }],
        entities: [],
        ambiguous: false,
      };
    },
  };
}

/** Just enough of a knowledge base: entries with their held-out tests. */
function knowledgeWithTests(tests: Record<string, string[]>): KnowledgeBase {
  const entries = Object.entries(tests).map(([id, texts]) => ({ id, locale: 'en', tests: texts }));
  return { entries: () => entries } as unknown as KnowledgeBase;
}

describe('computeIntentReport on a small table', () => {
  // fees: 3 tests, 2 right, 1 read as limits; limits: 2 tests, 1 right, 1 read as fees; top_up: 1 right.
  const nlu = tableNlu({
    'what are the fees': ['fees', 0.95],
    'how much does it cost': ['fees', 0.72],
    'charge for sending': ['limits', 0.41],
    'how much can I send': ['limits', 1],
    'maximum per day': ['fees', 0.35],
    'add money': ['top_up', 0.88],
  });
  const knowledge = knowledgeWithTests({
    fees: ['what are the fees', 'how much does it cost', 'charge for sending'],
    limits: ['how much can I send', 'maximum per day'],
    top_up: ['add money'],
  });
  const report = computeIntentReport(nlu, knowledge, 7, NOW);

  it('scores each intent, weakest first', () => {
    expect(report).toMatchObject({ modelVersion: 7, computedAt: '2025-03-10T09:00:00.000Z', tests: 6 });
    expect(report.accuracy).toBeCloseTo(4 / 6);
    expect(report.intents.map((i) => i.intent)).toEqual(['limits', 'fees', 'top_up']);
    const fees = report.intents.find((i) => i.intent === 'fees');
    expect(fees?.precision).toBeCloseTo(2 / 3);
    expect(fees?.recall).toBeCloseTo(2 / 3);
    expect(fees?.f1).toBeCloseTo(2 / 3);
    expect(fees?.support).toBe(3);
    const limits = report.intents.find((i) => i.intent === 'limits');
    expect(limits).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(report.intents.find((i) => i.intent === 'top_up')).toMatchObject({ precision: 1, recall: 1, f1: 1 });
  });

  it('lists the confused pairs and a histogram split into right and wrong', () => {
    expect(report.confusions).toEqual([
      { expected: 'fees', predicted: 'limits', count: 1 },
      { expected: 'limits', predicted: 'fees', count: 1 },
    ]);
    expect(report.histogram).toHaveLength(10);
    expect(report.histogram[0]).toMatchObject({ from: 0, to: 0.1 });
    expect(report.histogram[9]).toMatchObject({ from: 0.9, to: 1, correct: 2, wrong: 0 }); // 0.95 and exactly 1
    expect(report.histogram[7]).toMatchObject({ correct: 1, wrong: 0 }); // 0.72
    expect(report.histogram[8]).toMatchObject({ correct: 1, wrong: 0 }); // 0.88
    expect(report.histogram[4]).toMatchObject({ correct: 0, wrong: 1 }); // 0.41
    expect(report.histogram[3]).toMatchObject({ correct: 0, wrong: 1 }); // 0.35
  });

  it('gives an empty report (accuracy 0) when there are no tests', () => {
    const empty = computeIntentReport(nlu, knowledgeWithTests({}), 0, NOW);
    expect(empty).toMatchObject({ tests: 0, accuracy: 0, intents: [], confusions: [] });
  });
});

describe('computeIntentReport on the real knowledge files', () => {
  it('measures the trained model on every held-out test of both locales (accuracy about 0.96)', async () => {
    const knowledge = await loadKnowledge('knowledge');
    const nlu = await loadOrTrainNlu(knowledge, {
      dir: join(tmpdir(), 'upay-test-nlu-cache'),
      seedDir: NLU_SEED_DIR,
      logger: silentLogger,
    });
    const report = computeIntentReport(nlu, knowledge, 1, NOW);
    const tests = knowledge.entries().reduce((sum, e) => sum + e.tests.length, 0);
    expect(report.tests).toBe(tests);
    expect(tests).toBeGreaterThan(500);
    expect(report.accuracy).toBeGreaterThan(0.95);
    expect(report.intents.reduce((sum, i) => sum + i.support, 0)).toBe(tests);
    expect(report.histogram.reduce((sum, b) => sum + b.correct + b.wrong, 0)).toBe(tests);
    expect(report.histogram.reduce((sum, b) => sum + b.correct, 0)).toBe(Math.round(report.accuracy * tests));
    expect(report.confusions.length).toBeLessThanOrEqual(TOP_CONFUSIONS);
    expect(report.confusions.every((c, i, all) => i === 0 || (all[i - 1]?.count ?? 0) >= c.count)).toBe(true);
  }, 60_000);
});
