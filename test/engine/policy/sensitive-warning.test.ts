import { describe, expect, it } from 'vitest';
import { text } from '../../../bot/engine/context.ts';
import { sensitiveWarning } from '../../../bot/engine/policy/sensitive-warning.ts';
import { makeTurn, texts, typed } from './fixture.ts';

describe('sensitive-warning link', () => {
  it('warns about a typed password and passes the message on', async () => {
    const turn = makeTurn();
    expect(await sensitiveWarning.handle(turn, typed('my password is hunter2', {}, { sensitive: true }))).toBe('pass');
    expect(texts(turn)).toEqual([text(turn, 'sensitive_warning')]);
  });

  it('says nothing about an ordinary message', async () => {
    const turn = makeTurn();
    expect(await sensitiveWarning.handle(turn, typed('hello'))).toBe('pass');
    expect(turn.replies).toEqual([]);
  });
});
