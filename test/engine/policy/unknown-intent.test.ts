import { describe, expect, it } from 'vitest';
import { unknownIntent } from '../../../bot/engine/policy/unknown-intent.ts';
import { makeTurn, texts, topic } from './fixture.ts';

describe('unknown-intent link', () => {
  it('answers any topic with the fallback, without an article search', async () => {
    let searched = false;
    const turn = makeTurn({
      articleAnswer: () => {
        searched = true;
        return { text: 'ARTICLE' };
      },
    });
    expect(await unknownIntent.handle(turn, topic('no_such_topic', 'an article question'))).toBe('handled');
    expect(texts(turn)).toEqual(['EN answer out_of_scope']);
    expect(searched).toBe(false);
    expect(turn.conv.misunderstandings).toBe(1);
  });
});
