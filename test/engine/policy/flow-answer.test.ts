import { describe, expect, it } from 'vitest';
import { flowAnswer, flowButtonAnswer } from '../../../bot/engine/policy/flow-answer.ts';
import { button, makeTurn, slot, texts, typed } from './fixture.ts';

describe('flow-answer link', () => {
  it('gives the flow the text without passwords or card numbers', async () => {
    const turn = makeTurn({ conv: { flow: slot('payment_failed') } });
    const message = typed('T1 card 4111111111111111', {}, { flowText: 'T1 card [card]' });
    expect(await flowAnswer.handle(turn, message)).toBe('handled');
    expect(texts(turn)).toEqual(['Looked at T1 card [card]']);
    expect(turn.conv.flow).toBeUndefined();
  });

  it('passes on outside a flow and while verifying', async () => {
    expect(await flowAnswer.handle(makeTurn(), typed('T1'))).toBe('pass');
    const verifying = makeTurn({
      conv: { flow: slot('payment_failed'), verification: { step: 'ask_identifier', tries: 0 } },
    });
    expect(await flowAnswer.handle(verifying, typed('T1'))).toBe('pass');
  });

  it('gives a flow button to the active flow; passes on without one', async () => {
    const turn = makeTurn({ conv: { flow: slot('payment_failed') } });
    expect(await flowButtonAnswer.handle(turn, button('T9'))).toBe('handled');
    expect(texts(turn)).toEqual(['Looked at T9']);
    expect(await flowButtonAnswer.handle(makeTurn(), button('T9'))).toBe('pass');
  });
});
