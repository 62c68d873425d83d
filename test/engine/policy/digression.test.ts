import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { digression } from '../../../bot/engine/policy/digression.ts';
import { ids, makeTurn, reading, slot, texts, typed } from './fixture.ts';

describe('digression link', () => {
  it('answers a FAQ question mid-flow, then re-asks the flow question', async () => {
    const turn = makeTurn({ conv: { flow: slot('payment_failed') } });
    expect(await digression.handle(turn, typed('what are the fees?', reading('fees', 0.9)))).toBe('handled');
    expect(texts(turn)).toEqual(['EN answer fees', text(turn, 'flow.resume'), 'Which transaction?']);
    expect(ids(turn)[0]).toBe('answer:fees');
    expect(turn.conv.flow?.id).toBe('payment_failed');
  });

  it('answers it while verifying, then asks for the phone or e-mail again', async () => {
    const turn = makeTurn({ conv: { verification: { step: 'ask_identifier', tries: 0 } } });
    expect(await digression.handle(turn, typed('what are the fees?', reading('fees', 0.9)))).toBe('handled');
    expect(texts(turn)).toEqual(['EN answer fees', text(turn, 'verify.ask_identifier')]);
    expect(ids(turn)).toEqual(['answer:fees', 'verify.ask_identifier']);
    expect(turn.conv.verification).toMatchObject({ tries: 0 });
  });

  it('passes on flow topics, small talk, weak readings and messages with nothing under way', async () => {
    const cases = [
      [{ flow: slot('payment_failed') }, reading('account_frozen', 0.9)],
      [{ flow: slot('payment_failed') }, reading('thanks', 0.9)],
      [{ flow: slot('payment_failed') }, reading('fees', 0.69)],
      [{}, reading('fees', 0.9)],
    ] as const;
    for (const [conv, nlu] of cases) {
      const turn = makeTurn({ conv });
      expect(await digression.handle(turn, typed('x', nlu))).toBe('pass');
      expect(turn.replies).toEqual([]);
    }
  });
});
