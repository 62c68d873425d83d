import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { flowSwitch } from '../../../bot/engine/policy/flow-switch.ts';
import { makeTurn, reading, slot, texts, typed, verifiedIdentity } from './fixture.ts';

describe('flow-switch link', () => {
  it('leaves the flow for another flow asked for clearly', async () => {
    const turn = makeTurn({ conv: { flow: slot('payment_failed'), identity: verifiedIdentity() } });
    expect(await flowSwitch.handle(turn, typed('my account is frozen', reading('account_frozen', 0.9)))).toBe(
      'handled',
    );
    expect(turn.conv.flow?.id).toBe('account_frozen');
    expect(texts(turn)[0]).toBe(text(turn, 'flow.switched'));
  });

  it('passes on the same flow, a reading below the switch bar, and outside a flow', async () => {
    const same = makeTurn({ conv: { flow: slot('payment_failed') } });
    expect(await flowSwitch.handle(same, typed('payment failed', reading('payment_failed', 0.95)))).toBe('pass');
    const weak = makeTurn({ conv: { flow: slot('payment_failed') } });
    expect(await flowSwitch.handle(weak, typed('frozen?', reading('account_frozen', 0.79)))).toBe('pass');
    const idle = makeTurn();
    expect(await flowSwitch.handle(idle, typed('frozen', reading('account_frozen', 0.95)))).toBe('pass');
    expect([same, weak, idle].flatMap((t) => t.replies)).toEqual([]);
  });
});
