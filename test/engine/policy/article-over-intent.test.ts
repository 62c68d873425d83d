import { describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../../bot/engine/types.ts';
import { articleOverIntent } from '../../../bot/engine/policy/article-over-intent.ts';
import { makeTurn, reading, texts, typed } from './fixture.ts';

const calls: unknown[] = [];
const articles: NonNullable<EngineDeps['articleAnswer']> = (message, _language, opts) => {
  calls.push(opts);
  return message.includes('article') ? { text: 'ARTICLE' } : undefined;
};

describe('article-over-intent link', () => {
  it('lets a well-covering article answer instead of an unsure plain FAQ intent', async () => {
    calls.length = 0;
    const turn = makeTurn({ articleAnswer: articles });
    expect(await articleOverIntent.handle(turn, typed('article about fees', reading('fees', 0.89)))).toBe('handled');
    expect(texts(turn)).toEqual(['ARTICLE']);
    expect(calls).toEqual([{ strict: true }]);
  });

  it('passes on a sure intent, flows, handoffs, small talk, and when no article covers it', async () => {
    const cases = [
      reading('fees', 0.9),
      reading('payment_failed', 0.5),
      reading('security', 0.5),
      reading('human_agent', 0.5),
      reading('thanks', 0.5),
    ];
    for (const nlu of cases) {
      const turn = makeTurn({ articleAnswer: articles });
      expect(await articleOverIntent.handle(turn, typed('article', nlu))).toBe('pass');
      expect(turn.replies).toEqual([]);
    }
    expect(
      await articleOverIntent.handle(makeTurn({ articleAnswer: articles }), typed('fees', reading('fees', 0.5))),
    ).toBe('pass');
  });
});
