import { describe, expect, it } from 'vitest';
import { createTurnEventLog } from '../../bot/analytics/event-log.ts';
import { TURN_EVENT_VERSION, type TurnEvent } from '../../bot/analytics/turn-event.ts';
import { newConversation, saveConversation } from '../../bot/engine/conversation.ts';
import { silentLogger } from '../../bot/logger.ts';
import { forgetCustomer } from '../../bot/privacy/forget.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';

function ev(conversationId: string, at: string): TurnEvent {
  return {
    v: TURN_EVENT_VERSION,
    at,
    conversationId,
    channel: 'telegram',
    language: 'zh',
    input: 'text',
    text: '我的手机 138****1001',
    replyIds: ['fallback'],
    replies: ['…'],
    handoff: 'none',
    ms: 1,
  };
}

describe('forgetCustomer with the turn-event log', () => {
  it("removes the customer's conversations' events and keeps everyone else's", async () => {
    const store = createMemoryStore();
    const at = new Date();
    const mine = {
      ...newConversation('telegram:1', 'telegram', 'zh', at),
      identity: { verified: true, customerId: 'C1001', via: 'otp' as const },
    };
    await saveConversation(store, mine, at, 86_400_000, 50);
    await saveConversation(store, newConversation('telegram:2', 'telegram', 'zh', at), at, 86_400_000, 50);
    const events = createTurnEventLog({ store, logger: silentLogger, retentionDays: 30 });
    const iso = at.toISOString();
    events.record(ev('telegram:1', iso));
    events.record(ev('telegram:2', iso));
    events.record(ev('telegram:1', iso));
    await events.flush();

    const result = await forgetCustomer(store, 'C1001', { events });
    expect(result.turnEvents).toBe(2);
    const left = await events.read(new Date(at.getTime() - 60_000), new Date(at.getTime() + 60_000));
    expect(left.map((e) => e.conversationId)).toEqual(['telegram:2']);
    // Without a log (older callers) nothing about events changes.
    expect((await forgetCustomer(store, 'C1001')).turnEvents).toBe(0);
    await events.close();
  });
});
