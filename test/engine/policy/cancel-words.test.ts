import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { cancelWords } from '../../../bot/engine/policy/cancel-words.ts';
import { makeTurn, slot, texts, typed } from './fixture.ts';

describe('cancel-words link', () => {
  it('leaves the flow on "取消" or "never mind!"', async () => {
    for (const words of ['取消', 'never mind!']) {
      const turn = makeTurn({ conv: { flow: slot('payment_failed') } });
      expect(await cancelWords.handle(turn, typed(words))).toBe('handled');
      expect(turn.conv.flow).toBeUndefined();
      expect(texts(turn)).toEqual([text(turn, 'cancelled')]);
    }
  });

  it('passes on a sentence that only contains a cancel word', async () => {
    const turn = makeTurn({ conv: { flow: slot('payment_failed') } });
    expect(await cancelWords.handle(turn, typed('how do I cancel a payment'))).toBe('pass');
    expect(turn.conv.flow).toBeDefined();
  });
});
