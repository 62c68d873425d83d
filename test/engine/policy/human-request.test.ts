import { describe, expect, it } from 'vitest';
import { humanRequest } from '../../../bot/engine/policy/human-request.ts';
import { makeTurn, reading, slot, typed } from './fixture.ts';

describe('human-request link', () => {
  it('hands off a clear request for a person mid-flow and while verifying', async () => {
    for (const conv of [
      { flow: slot('payment_failed') },
      { verification: { step: 'ask_identifier' as const, tries: 0 } },
    ]) {
      const turn = makeTurn({ conv });
      expect(await humanRequest.handle(turn, typed('agent please', reading('human_agent', 0.7)))).toBe('handled');
      expect(turn.metrics.handoffs).toEqual(['customer_request']);
    }
  });

  it('passes on a weak or ambiguous reading, and when nothing is under way (the intent chain hands off then)', async () => {
    const weak = makeTurn({ conv: { flow: slot('payment_failed') } });
    expect(await humanRequest.handle(weak, typed('agent?', reading('human_agent', 0.69)))).toBe('pass');
    const ambiguous = makeTurn({ conv: { flow: slot('payment_failed') } });
    expect(await humanRequest.handle(ambiguous, typed('agent?', reading('human_agent', 0.9, true)))).toBe('pass');
    const idle = makeTurn();
    expect(await humanRequest.handle(idle, typed('agent please', reading('human_agent', 0.95)))).toBe('pass');
    expect([weak, ambiguous, idle].flatMap((t) => t.metrics.handoffs)).toEqual([]);
  });
});
