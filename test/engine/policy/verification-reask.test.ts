import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { verificationReask } from '../../../bot/engine/policy/verification-reask.ts';
import { makeTurn, texts, typed } from './fixture.ts';

describe('verification-reask link', () => {
  it('re-asks for the phone or e-mail, counting an unclear answer', async () => {
    const turn = makeTurn({ conv: { verification: { step: 'ask_identifier', tries: 0 } } });
    expect(await verificationReask.handle(turn, typed('blue'))).toBe('handled');
    expect(texts(turn)).toEqual([text(turn, 'verify.identifier_invalid')]);
    expect(turn.conv.verification).toMatchObject({ tries: 1 });
  });

  it('does not count a password or card number (the warning said what was wrong)', async () => {
    const turn = makeTurn({ conv: { verification: { step: 'ask_identifier', tries: 0 } } });
    expect(await verificationReask.handle(turn, typed('hunter2', {}, { sensitive: true }))).toBe('handled');
    expect(texts(turn)).toEqual([text(turn, 'verify.ask_identifier')]);
    expect(turn.conv.verification).toMatchObject({ tries: 0 });
  });

  it('passes on when not verifying', async () => {
    expect(await verificationReask.handle(makeTurn(), typed('blue'))).toBe('pass');
  });
});
