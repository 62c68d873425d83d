import { describe, expect, it } from 'vitest';
import { intentFlow } from '../../../bot/engine/policy/intent-flow.ts';
import { makeTurn, texts, topic } from './fixture.ts';

describe('intent-flow link', () => {
  it('starts the topic’s flow', async () => {
    const turn = makeTurn();
    expect(await intentFlow.handle(turn, topic('payment_failed', 'my payment failed'))).toBe('handled');
    expect(turn.conv.flow?.id).toBe('payment_failed');
    expect(texts(turn)).toEqual(['Which transaction?']);
  });

  it('verifies an anonymous customer first for a flow that needs it, keeping the message', async () => {
    const turn = makeTurn();
    expect(await intentFlow.handle(turn, topic('account_frozen', 'my account is frozen'))).toBe('handled');
    expect(turn.conv.verification).toMatchObject({
      step: 'ask_identifier',
      pending: { id: 'account_frozen', text: 'my account is frozen' },
    });
  });

  it('passes on a topic without a flow', async () => {
    expect(await intentFlow.handle(makeTurn(), topic('fees'))).toBe('pass');
  });
});
