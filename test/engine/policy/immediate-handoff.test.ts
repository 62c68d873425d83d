import { describe, expect, it } from 'vitest';
import { immediateHandoff } from '../../../bot/engine/policy/immediate-handoff.ts';
import { addTopic, ids, makeTurn, texts, topic } from './fixture.ts';

describe('immediate-handoff link', () => {
  it('hands off a request for a person without an answer first', async () => {
    const turn = makeTurn();
    expect(await immediateHandoff.handle(turn, topic('human_agent'))).toBe('handled');
    expect(turn.metrics.handoffs).toEqual(['customer_request']);
    expect(texts(turn)).not.toContain('EN answer human_agent');
  });

  it('answers an immediate-handoff topic, then hands off with its reason (take-over: fraud, urgent)', async () => {
    const complaint = makeTurn();
    addTopic(complaint, 'complaint', { handoff: { mode: 'immediate' } });
    expect(await immediateHandoff.handle(complaint, topic('complaint'))).toBe('handled');
    expect(texts(complaint)[0]).toBe('EN answer complaint');
    expect(ids(complaint)).toEqual(['answer:complaint', 'handoff.requested']);
    const takeover = makeTurn();
    addTopic(takeover, 'account_takeover', { handoff: { mode: 'immediate', urgent: true } });
    expect(await immediateHandoff.handle(takeover, topic('account_takeover'))).toBe('handled');
    expect([...complaint.metrics.handoffs, ...takeover.metrics.handoffs]).toEqual(['complaint', 'fraud']);
    expect(takeover.conv.handoff.urgent).toBe(true);
  });

  it('passes on other topics', async () => {
    const turn = makeTurn();
    expect(await immediateHandoff.handle(turn, topic('fees'))).toBe('pass');
    expect(await immediateHandoff.handle(turn, topic('security'))).toBe('pass');
    expect(turn.replies).toEqual([]);
  });
});
