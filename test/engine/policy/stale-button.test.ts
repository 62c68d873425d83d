import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { staleButton } from '../../../bot/engine/policy/stale-button.ts';
import { button, makeTurn, texts } from './fixture.ts';

describe('stale-button link', () => {
  it('answers any button: stale, with the topics', async () => {
    const turn = makeTurn();
    expect(await staleButton.handle(turn, button('whatever'))).toBe('handled');
    expect(texts(turn)).toEqual([text(turn, 'stale_button')]);
    expect(turn.replies[0]?.buttons?.length).toBeGreaterThan(0);
  });
});
