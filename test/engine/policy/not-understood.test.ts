import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { misunderstood, notUnderstood } from '../../../bot/engine/policy/not-understood.ts';
import { ids, makeTurn, reading, texts, typed } from './fixture.ts';

const articles = (message: string) => (message.includes('article') ? { text: `ARTICLE for ${message}` } : undefined);

describe('not-understood link', () => {
  it('answers an out-of-scope message with the fallback and the topics, counting it', async () => {
    const turn = makeTurn();
    expect(await notUnderstood.handle(turn, typed('weather?', reading('out_of_scope', 0.9)))).toBe('handled');
    expect(texts(turn)).toEqual(['EN answer out_of_scope']);
    // The fallback move, whichever text it shows (here the out_of_scope answer).
    expect(ids(turn)).toEqual(['fallback']);
    expect(turn.replies[0]?.buttons?.length).toBeGreaterThan(0);
    expect(turn.conv.misunderstandings).toBe(1);
  });

  it('says the catalogue’s fallback line, with the same id, when the knowledge has no out_of_scope answer', async () => {
    const turn = makeTurn();
    const kb = turn.deps.knowledge;
    turn.deps.knowledge = {
      ...kb,
      get: (intent, locale) => (intent === 'out_of_scope' ? undefined : kb.get(intent, locale)),
    };
    await misunderstood(turn);
    expect(texts(turn)).toEqual([text(turn, 'fallback')]);
    expect(ids(turn)).toEqual(['fallback']);
  });

  it('hands off the second misunderstanding in a row', async () => {
    const turn = makeTurn({ conv: { misunderstandings: 1 } });
    expect(await notUnderstood.handle(turn, typed('hmm', reading('fees', 0.2)))).toBe('handled');
    expect(texts(turn)[0]).toBe(text(turn, 'handoff.repeated_misunderstanding'));
    expect(turn.metrics.handoffs).toEqual(['repeated_misunderstanding']);
    expect(turn.conv.misunderstandings).toBe(0);
  });

  it('answers with a help article when one covers the (stored) message, ending the run', async () => {
    const turn = makeTurn({ conv: { misunderstandings: 1 }, articleAnswer: articles });
    expect(
      await notUnderstood.handle(turn, typed('x', reading('out_of_scope', 0.9), { storedText: 'an article question' })),
    ).toBe('handled');
    expect(texts(turn)).toEqual(['ARTICLE for an article question']);
    expect(turn.conv.misunderstandings).toBe(0);
  });

  it('holds a confident out-of-scope verdict against an article that covers the question only in part', async () => {
    const asked: unknown[] = [];
    for (const confidence of [0.94, 0.95]) {
      const turn = makeTurn({ articleAnswer: (_m, _l, opts) => void asked.push(opts) });
      await notUnderstood.handle(turn, typed('mortgage?', reading('out_of_scope', confidence)));
    }
    expect(asked).toEqual([{ strict: false }, { strict: true }]);
  });

  it('passes on an understood message and ends the run of misunderstandings', async () => {
    const turn = makeTurn({ conv: { misunderstandings: 1 } });
    expect(await notUnderstood.handle(turn, typed('fees', reading('fees', 0.4)))).toBe('pass');
    expect(turn.conv.misunderstandings).toBe(0);
    expect(turn.replies).toEqual([]);
  });

  it('misunderstood() without a message searches no article', async () => {
    const turn = makeTurn({ articleAnswer: articles });
    await misunderstood(turn);
    expect(texts(turn)).toEqual(['EN answer out_of_scope']);
  });
});
