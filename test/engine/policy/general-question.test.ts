import { describe, expect, it } from 'vitest';
import { generalQuestion } from '../../../bot/engine/policy/general-question.ts';
import { ids, makeTurn, texts, topic } from './fixture.ts';

describe('general-question link', () => {
  it('answers a how/why question about a flow topic with a button into the customer’s own case', async () => {
    const turn = makeTurn();
    expect(await generalQuestion.handle(turn, topic('payment_failed', 'why do payments fail?'))).toBe('handled');
    expect(texts(turn)).toEqual(['EN answer payment_failed']);
    expect(ids(turn)).toEqual(['answer:payment_failed']);
    expect(turn.replies[0]?.buttons?.map((b) => b.value)).toEqual(['flow:payment_failed']);
    expect(turn.conv.verification).toBeUndefined();
  });

  it('passes on the customer’s own case, a topic without a flow, and a button without text', async () => {
    const turn = makeTurn();
    expect(await generalQuestion.handle(turn, topic('payment_failed', 'my payment failed'))).toBe('pass');
    expect(await generalQuestion.handle(turn, topic('fees', 'how much are the fees?'))).toBe('pass');
    expect(await generalQuestion.handle(turn, topic('payment_failed'))).toBe('pass');
    expect(turn.replies).toEqual([]);
  });
});
