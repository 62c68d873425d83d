import { describe, expect, it } from 'vitest';
import { EVENT_REPLY_MAX_CHARS, EVENT_TEXT_MAX_CHARS } from '../../bot/analytics/turn-event.ts';
import { buildTurnEvent, capChars, type TurnFacts } from '../../bot/analytics/turn-record.ts';

const base: TurnFacts = {
  at: new Date('2026-03-01T10:00:00Z'),
  conversationId: 'webchat:1',
  channel: 'webchat',
  language: 'zh',
  input: { kind: 'text', text: 'raw text never used' },
  customerLine: 'stored line',
  intent: 'fees',
  replies: [{ id: 'answer:fees', text: 'ok' }],
  handoff: 'none',
  ms: 1.234,
};

describe('buildTurnEvent', () => {
  it('takes the stored line, never the raw input; caps texts and replies; keeps three intents', () => {
    const e = buildTurnEvent({
      ...base,
      customerLine: '长'.repeat(EVENT_TEXT_MAX_CHARS + 10),
      replies: [{ id: 'fallback', text: 'r'.repeat(1000) }, { text: 'no id' }],
      ranking: [
        { intent: 'fees', confidence: 0.61234 },
        { intent: 'a', confidence: 0.2 },
        { intent: 'b', confidence: 0.1 },
        { intent: 'c', confidence: 0.05 },
      ],
    });
    expect(JSON.stringify(e)).not.toContain('raw text');
    expect(e.text).toHaveLength(EVENT_TEXT_MAX_CHARS);
    expect(e.replies[0]).toHaveLength(EVENT_REPLY_MAX_CHARS);
    expect(e.replyIds).toEqual(['fallback', 'unknown']);
    expect(e.ranking?.map((r) => r.intent)).toEqual(['fees', 'a', 'b']);
    expect(e.confidence).toBe(0.612);
    expect(e.ms).toBe(1.2);
    expect(e).not.toHaveProperty('flow');
    expect(e).not.toHaveProperty('error');
  });

  it('a button turn has no text or intent; a flow and its step, handoff reason, rating and errors are kept', () => {
    const e = buildTurnEvent({
      ...base,
      input: { kind: 'action', value: 'pay:T1' },
      customerLine: '[button] pay:T1',
      intent: null,
      button: 'pay',
      flow: { id: 'payment_failed', step: 'ask_tx' },
      handoff: 'requested',
      handoffReason: 'customer_request',
      rating: 3,
      helpful: false,
      error: true,
    });
    expect(e).toMatchObject({
      input: 'button',
      button: 'pay',
      flow: 'payment_failed',
      flowStep: 'ask_tx',
      handoff: 'requested',
      handoffReason: 'customer_request',
      rating: 3,
      helpful: false,
      error: true,
    });
    expect(e).not.toHaveProperty('text');
    expect(e).not.toHaveProperty('intent');
  });

  it('capChars never cuts a surrogate pair', () => {
    expect(capChars('ab😀', 3)).toBe('ab');
    expect(capChars('abc', 3)).toBe('abc');
  });
});
