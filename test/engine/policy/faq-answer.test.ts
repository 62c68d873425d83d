import { describe, expect, it } from 'vitest';
import { faqAnswer } from '../../../bot/engine/policy/faq-answer.ts';
import { ids, makeTurn, texts, topic } from './fixture.ts';

describe('faq-answer link', () => {
  it('answers from the knowledge entry; an offer-handoff entry adds the person button', async () => {
    const turn = makeTurn();
    expect(await faqAnswer.handle(turn, topic('fees'))).toBe('handled');
    expect(await faqAnswer.handle(turn, topic('security'))).toBe('handled');
    expect(texts(turn)).toEqual(['EN answer fees', 'EN answer security']);
    expect(ids(turn)).toEqual(['answer:fees', 'answer:security']);
    expect(turn.replies[0]?.buttons).toBeUndefined();
    expect(turn.replies[1]?.buttons).toHaveLength(1);
  });

  it('passes on a topic with no entry in the language', async () => {
    expect(await faqAnswer.handle(makeTurn(), topic('no_such_topic'))).toBe('pass');
  });
});
