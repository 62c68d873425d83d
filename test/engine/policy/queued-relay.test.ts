import { describe, expect, it } from 'vitest';
import { queuedRelay } from '../../../bot/engine/policy/queued-relay.ts';
import { makeTurn, typed } from './fixture.ts';

describe('queued-relay link', () => {
  it('relays the stored (redacted) text to the queued case and passes on', async () => {
    const turn = makeTurn({ withDesk: true, conv: { handoff: { state: 'queued', caseId: 'K1' } } });
    expect(await queuedRelay.handle(turn, typed('card 4111', {}, { storedText: 'card [card]' }))).toBe('pass');
    expect(turn.desk.relayed).toEqual([{ caseId: 'K1', text: 'card [card]' }]);
    expect(turn.replies).toEqual([]);
  });

  it('relays nothing when not queued, or without a desk', async () => {
    const idle = makeTurn({ withDesk: true });
    expect(await queuedRelay.handle(idle, typed('hi'))).toBe('pass');
    expect(idle.desk.relayed).toEqual([]);
    const noDesk = makeTurn({ conv: { handoff: { state: 'queued', caseId: 'K1' } } });
    expect(await queuedRelay.handle(noDesk, typed('hi'))).toBe('pass');
    expect(noDesk.desk.relayed).toEqual([]);
  });
});
