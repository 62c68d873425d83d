import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { flowButton } from '../../../bot/engine/policy/flow-button.ts';
import { button, makeTurn, texts } from './fixture.ts';

describe('flow-button link', () => {
  it('starts the flow named by flow:<id>', async () => {
    const turn = makeTurn();
    expect(await flowButton.handle(turn, button('flow:payment_failed'))).toBe('handled');
    expect(turn.conv.flow?.id).toBe('payment_failed');
  });

  it('calls an unknown or unconfigured flow stale; other values pass on', async () => {
    for (const value of ['flow:drop_tables', 'flow:transaction_history']) {
      const turn = makeTurn();
      expect(await flowButton.handle(turn, button(value))).toBe('handled');
      expect(texts(turn)).toEqual([text(turn, 'stale_button')]);
      expect(turn.conv.flow).toBeUndefined();
    }
    expect(await flowButton.handle(makeTurn(), button('intent:fees'))).toBe('pass');
  });
});
