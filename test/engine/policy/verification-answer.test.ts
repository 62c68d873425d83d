import { describe, expect, it } from 'vitest';
import { verificationAnswer } from '../../../bot/engine/policy/verification-answer.ts';
import { makeTurn, typed } from './fixture.ts';

describe('verification-answer link', () => {
  it('takes a phone number as the answer while verifying', async () => {
    const turn = makeTurn({ conv: { verification: { step: 'ask_identifier', tries: 0 } } });
    expect(await verificationAnswer.handle(turn, typed('+8613800001001'))).toBe('handled');
    expect(turn.conv.verification?.step).toBe('ask_code');
  });

  it('passes on a message that is no answer, and anything when not verifying', async () => {
    const verifying = makeTurn({ conv: { verification: { step: 'ask_identifier', tries: 0 } } });
    expect(await verificationAnswer.handle(verifying, typed('what are the fees?'))).toBe('pass');
    expect(verifying.replies).toEqual([]);
    const idle = makeTurn();
    expect(await verificationAnswer.handle(idle, typed('+8613800001001'))).toBe('pass');
    expect(idle.conv.verification).toBeUndefined();
  });
});
