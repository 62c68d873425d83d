import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { verificationButton } from '../../../bot/engine/policy/verification-button.ts';
import { button, makeTurn, texts } from './fixture.ts';

describe('verification-button link', () => {
  it('"use another phone or e-mail" goes back to the identifier question', async () => {
    const turn = makeTurn({ conv: { verification: { step: 'ask_identifier', tries: 2 } } });
    expect(await verificationButton.handle(turn, button('verify:other'))).toBe('handled');
    expect(turn.conv.verification).toMatchObject({ step: 'ask_identifier', tries: 0 });
  });

  it('is stale once verification is over; other values pass on', async () => {
    const turn = makeTurn();
    expect(await verificationButton.handle(turn, button('verify:resend'))).toBe('handled');
    expect(texts(turn)).toEqual([text(turn, 'stale_button')]);
    expect(await verificationButton.handle(makeTurn(), button('flow:payment_failed'))).toBe('pass');
  });
});
