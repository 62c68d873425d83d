import { describe, expect, it } from 'vitest';
import type { Flow } from '../../../bot/flows/types.ts';
import { flowExpectedAnswer } from '../../../bot/engine/policy/flow-expected-answer.ts';
import { makeTurn, reading, slot, texts, typed } from './fixture.ts';

/** A flow that expects "received" as an answer and echoes what it gets. */
const receivedFlow = {
  id: 'payment_failed',
  version: 2,
  requiresVerification: false,
  expects: (_state: unknown, text: string) => /received/u.test(text),
  async start() {
    return { state: { v: 2, step: 'ask' }, replies: [] };
  },
  async step(state: { v: number; step: string }, input: { kind: string; text?: string }) {
    return { state, replies: [{ text: `got ${input.text ?? ''}` }], done: true };
  },
} as unknown as Flow;

describe('flow-expected-answer link', () => {
  it('gives the flow its own answer words before any topic the NLU reads in them', async () => {
    const turn = makeTurn({ flows: { payment_failed: receivedFlow }, conv: { flow: slot('payment_failed') } });
    const message = typed('received, check my balance', reading('check_balance', 0.95), {
      flowText: 'received, check my balance',
    });
    expect(await flowExpectedAnswer.handle(turn, message)).toBe('handled');
    expect(texts(turn)).toEqual(['got received, check my balance']);
  });

  it('passes on what the flow does not expect, flows without `expects`, and outside a flow', async () => {
    const other = makeTurn({ flows: { payment_failed: receivedFlow }, conv: { flow: slot('payment_failed') } });
    expect(await flowExpectedAnswer.handle(other, typed('T1'))).toBe('pass');
    const plain = makeTurn({ conv: { flow: slot('payment_failed') } });
    expect(await flowExpectedAnswer.handle(plain, typed('received'))).toBe('pass');
    const idle = makeTurn({ flows: { payment_failed: receivedFlow } });
    expect(await flowExpectedAnswer.handle(idle, typed('received'))).toBe('pass');
    expect([other, plain, idle].flatMap((t) => t.replies)).toEqual([]);
  });
});
