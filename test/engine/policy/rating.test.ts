import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { caseKey, type CaseRecord } from '../../../bot/engine/handoff.ts';
import { ratingButton, ratingText } from '../../../bot/engine/policy/rating.ts';
import { button, makeTurn, texts, typed } from './fixture.ts';

describe('rating link (typed)', () => {
  it('stores a bare 1–5 right after the rating question', async () => {
    const turn = makeTurn({ conv: { awaitingRatingFor: 'K1' } });
    expect(await ratingText.handle(turn, typed(' 4 '))).toBe('handled');
    expect((await turn.deps.store.get<CaseRecord>(caseKey('K1')))?.rating).toBe(4);
    expect(texts(turn)).toEqual([text(turn, 'rating.thanks')]);
  });

  it('forgets the question on any other message, and passes it on', async () => {
    const turn = makeTurn({ conv: { awaitingRatingFor: 'K1' } });
    expect(await ratingText.handle(turn, typed('6'))).toBe('pass');
    expect(turn.conv.awaitingRatingFor).toBeUndefined();
    expect(await ratingText.handle(turn, typed('4'))).toBe('pass');
    expect(await turn.deps.store.get(caseKey('K1'))).toBeUndefined();
  });
});

describe('rating link (button)', () => {
  it('stores rating:<n> for the question just asked', async () => {
    const turn = makeTurn({ conv: { awaitingRatingFor: 'K1' } });
    expect(await ratingButton.handle(turn, button('rating:5'))).toBe('handled');
    expect((await turn.deps.store.get<CaseRecord>(caseKey('K1')))?.rating).toBe(5);
  });

  it('calls a rating button stale when no rating was asked for or the value is out of range', async () => {
    for (const [conv, value] of [
      [{}, 'rating:5'],
      [{ awaitingRatingFor: 'K1' }, 'rating:9'],
    ] as const) {
      const turn = makeTurn({ conv });
      expect(await ratingButton.handle(turn, button(value))).toBe('handled');
      expect(texts(turn)).toEqual([text(turn, 'stale_button')]);
    }
  });

  it('forgets the question on any other button and passes it on', async () => {
    const turn = makeTurn({ conv: { awaitingRatingFor: 'K1' } });
    expect(await ratingButton.handle(turn, button('cmd:help'))).toBe('pass');
    expect(turn.conv.awaitingRatingFor).toBeUndefined();
  });
});
