import { describe, expect, it } from 'vitest';
import { pendingAccountQuestion } from '../../../bot/engine/policy/pending-account-question.ts';
import { makeTurn, reading, typed } from './fixture.ts';

describe('pending-account-question link', () => {
  it('while verifying, makes another account question the one to handle once verified', async () => {
    const turn = makeTurn({
      conv: { verification: { step: 'ask_identifier', tries: 0, pending: { id: 'payment_failed', entities: [] } } },
    });
    const message = typed('my account is frozen', reading('account_frozen', 0.85), {
      storedText: 'my account is frozen',
    });
    expect(await pendingAccountQuestion.handle(turn, message)).toBe('handled');
    expect(turn.conv.verification?.pending).toEqual({
      id: 'account_frozen',
      text: 'my account is frozen',
      entities: [],
    });
    expect(turn.conv.verification).toMatchObject({ tries: 0 });
    expect(turn.replies).toHaveLength(1);
  });

  it('drops sensitive entities from the question kept', async () => {
    const turn = makeTurn({ conv: { verification: { step: 'ask_identifier', tries: 0 } } });
    const card = { entity: 'card_number' as const, value: '4111111111111111', start: 0, end: 16, sensitive: true };
    await pendingAccountQuestion.handle(turn, typed('frozen', { ...reading('account_frozen', 0.9), entities: [card] }));
    expect(turn.conv.verification?.pending?.entities).toEqual([]);
  });

  it('passes on weak, ambiguous or FAQ readings, and when not verifying', async () => {
    const cases = [
      [true, reading('account_frozen', 0.79)],
      [true, reading('account_frozen', 0.9, true)],
      [true, reading('fees', 0.95)],
      [false, reading('account_frozen', 0.95)],
    ] as const;
    for (const [verifying, nlu] of cases) {
      const turn = makeTurn(verifying ? { conv: { verification: { step: 'ask_identifier', tries: 0 } } } : {});
      expect(await pendingAccountQuestion.handle(turn, typed('x', nlu))).toBe('pass');
      expect(turn.replies).toEqual([]);
    }
  });
});
