import { describe, expect, it } from 'vitest';
import { BUTTON_POLICY, INTENT_POLICY, TEXT_POLICY } from '../../../bot/engine/policy/chain.ts';
import { runChain } from '../../../bot/engine/policy/link.ts';
import { button, makeTurn, reading, slot, topic, typed } from './fixture.ts';

const names = (chain: readonly { name: string }[]) => chain.map((l) => l.name);

describe('the policy chains', () => {
  it('list their links in this order (moving one changes what the bot does: see chain.ts)', () => {
    expect(names(TEXT_POLICY)).toEqual([
      'sensitive-warning',
      'queued-relay',
      'rating',
      'cancel-words',
      'verification-answer',
      'flow-identity-expired',
      'human-request',
      'flow-expected-answer',
      'flow-switch',
      'digression',
      'pending-account-question',
      'verification-reask',
      'flow-answer',
      'clarify',
      'not-understood',
      'article-over-intent',
      'act-on-intent',
    ]);
    expect(names(INTENT_POLICY)).toEqual([
      'immediate-handoff',
      'general-question',
      'intent-flow',
      'faq-answer',
      'unknown-intent',
    ]);
    expect(names(BUTTON_POLICY)).toEqual([
      'rating-button',
      'command-button',
      'language-button',
      'verification-button',
      'flow-button',
      'article-feedback',
      'clarify-none',
      'intent-button',
      'flow-button-identity-expired',
      'flow-button-answer',
      'stale-button',
    ]);
  });

  it('answer every message: the last link of each chain handles anything', async () => {
    expect(await runChain(TEXT_POLICY, makeTurn(), typed('zzz', reading('out_of_scope', 0.9)))).toBe('not-understood');
    expect(await runChain(TEXT_POLICY, makeTurn(), typed('fees', reading('fees', 0.95)))).toBe('act-on-intent');
    expect(await runChain(INTENT_POLICY, makeTurn(), topic('no_such_topic'))).toBe('unknown-intent');
    expect(await runChain(BUTTON_POLICY, makeTurn(), button('no-such-value'))).toBe('stale-button');
  });

  it('route a typed message to the link its state calls for', async () => {
    const cases = [
      ['rating', { awaitingRatingFor: 'K1' }, typed('3')],
      ['cancel-words', { flow: slot('payment_failed') }, typed('算了')],
      ['digression', { flow: slot('payment_failed') }, typed('fees?', reading('fees', 0.9))],
      ['flow-switch', { flow: slot('payment_failed') }, typed('frozen', reading('check_balance', 0.9))],
      ['flow-answer', { flow: slot('payment_failed') }, typed('T1', reading('out_of_scope', 0.9))],
      [
        'clarify',
        {},
        typed('fees and balance', {
          ...reading('fees', 0.45, true),
          intent_ranking: [
            { name: 'fees', confidence: 0.45 },
            { name: 'check_balance', confidence: 0.44 },
          ],
        }),
      ],
    ] as const;
    for (const [expected, conv, message] of cases) {
      expect(await runChain(TEXT_POLICY, makeTurn({ conv }), message)).toBe(expected);
    }
  });

  it('keep a verifying conversation within the verification links, whatever the message', async () => {
    const verificationLinks = [
      'rating',
      'cancel-words',
      'verification-answer',
      'human-request',
      'digression',
      'pending-account-question',
      'verification-reask',
    ];
    const messages = [
      typed('+8613800001001'),
      typed('agent', reading('human_agent', 0.9)),
      typed('fees?', reading('fees', 0.9)),
      typed('frozen', reading('account_frozen', 0.9)),
      typed('weather', reading('out_of_scope', 0.9)),
      typed('balance?', reading('check_balance', 0.5, true)),
    ];
    for (const message of messages) {
      const turn = makeTurn({
        conv: { flow: slot('payment_failed'), verification: { step: 'ask_identifier', tries: 0 } },
      });
      expect(verificationLinks).toContain(await runChain(TEXT_POLICY, turn, message));
    }
  });
});
