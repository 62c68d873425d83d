import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { flowButtonIdentityExpired, flowIdentityExpired } from '../../../bot/engine/policy/flow-identity-expired.ts';
import { AT, button, makeTurn, slot, texts, typed, verifiedIdentity } from './fixture.ts';

const expired = () => ({
  verified: true,
  customerId: 'C1',
  via: 'otp' as const,
  expiresAt: new Date(AT.getTime() - 1).toISOString(),
});

describe('flow-identity-expired link', () => {
  it('leaves a flow that needs identity when the verification expired, and verifies again for it', async () => {
    const turn = makeTurn({ conv: { flow: slot('account_frozen'), identity: expired() } });
    expect(await flowIdentityExpired.handle(turn, typed('yes'))).toBe('handled');
    expect(turn.conv.flow).toBeUndefined();
    expect(turn.conv.verification).toMatchObject({ step: 'ask_identifier', pending: { id: 'account_frozen' } });
    expect(texts(turn)[0]).toBe(text(turn, 'verify.expired'));
  });

  it('passes on while the identity holds, for a flow without verification, and while verifying', async () => {
    const valid = makeTurn({ conv: { flow: slot('account_frozen'), identity: verifiedIdentity() } });
    expect(await flowIdentityExpired.handle(valid, typed('yes'))).toBe('pass');
    const open = makeTurn({ conv: { flow: slot('payment_failed') } });
    expect(await flowIdentityExpired.handle(open, typed('T1'))).toBe('pass');
    const verifying = makeTurn({
      conv: { flow: slot('account_frozen'), verification: { step: 'ask_identifier', tries: 0 } },
    });
    expect(await flowIdentityExpired.handle(verifying, typed('yes'))).toBe('pass');
    expect([valid, open, verifying].flatMap((t) => t.replies)).toEqual([]);
  });

  it('does the same for a flow button, even beside a verification (as before the chain)', async () => {
    const turn = makeTurn({
      conv: { flow: slot('account_frozen'), verification: { step: 'ask_identifier', tries: 0 } },
    });
    expect(await flowButtonIdentityExpired.handle(turn, button('yes'))).toBe('handled');
    expect(turn.conv.flow).toBeUndefined();
    expect(await flowButtonIdentityExpired.handle(makeTurn(), button('yes'))).toBe('pass');
  });
});
