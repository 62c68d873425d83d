import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { clarifyNone } from '../../../bot/engine/policy/clarify-none.ts';
import { button, makeTurn, texts } from './fixture.ts';

describe('clarify-none link', () => {
  it('answers the clarified message with a help article when one covers it', async () => {
    const turn = makeTurn({
      conv: { clarifying: 'refund article?' },
      articleAnswer: (t) => ({ text: `ARTICLE ${t}` }),
    });
    expect(await clarifyNone.handle(turn, button('clarify:none'))).toBe('handled');
    expect(texts(turn)).toEqual(['ARTICLE refund article?']);
    expect(turn.conv.clarifying).toBeUndefined();
  });

  it('otherwise asks to say it another way, a person first among the buttons', async () => {
    const turn = makeTurn({ conv: { clarifying: 'x' } });
    expect(await clarifyNone.handle(turn, button('clarify:none'))).toBe('handled');
    expect(texts(turn)).toEqual([text(turn, 'clarify.none_answer')]);
    expect(turn.replies[0]?.buttons?.[0]?.value).toBe('cmd:human');
    expect(await clarifyNone.handle(makeTurn(), button('intent:fees'))).toBe('pass');
  });
});
