import { describe, expect, it } from 'vitest';
import { MAX_CONVERSATIONS, openConversation, searchConversations } from '../../bot/analytics/conversations.ts';
import type { TurnEvent } from '../../bot/analytics/turn-event.ts';
import { answered, date, ev, notUnderstood, thanks } from './events.ts';

const week: TurnEvent[] = [
  // Anna resets her password through the flow, then thanks the assistant.
  ev({
    who: 'webchat:anna',
    at: '03-10 09:00',
    text: 'I forgot my password',
    intent: 'forgot_password',
    confidence: 0.93,
    replyIds: ['flow.password.ask_phone'],
    replies: ['What is the phone number of your account?'],
    flow: 'password_reset',
    flowStep: 'phone',
  }),
  ev({
    who: 'webchat:anna',
    at: '03-10 09:01',
    text: '[phone]',
    replyIds: ['flow.password.code_sent', 'flow.password.ask_code'],
    replies: ['We sent a code.', 'Please type the code.'],
    flow: 'password_reset',
    flowStep: 'code',
  }),
  thanks('webchat:anna', '03-10 09:03'),
  // Ben, in Chinese on Telegram, is not understood.
  notUnderstood('telegram:ben', '03-11 10:00', '帮我算一下房贷', { language: 'zh' }),
  // Carl asks about fees twice in a day: a repeat contact, then an assumed resolution.
  answered('webchat:carl', '03-12 08:00', 'what are the fees', 'fees'),
  answered('webchat:carl', '03-12 15:00', 'fees abroad?', 'fees'),
];
const WEEK = { from: date('03-10 00:00'), to: date('03-17 00:00') };
const LATER = date('03-30 00:00');

describe('searchConversations', () => {
  it('lists the contacts of the range newest first with their intents and outcome', () => {
    expect(searchConversations(week, WEEK, LATER)).toEqual([
      {
        conversationId: 'webchat:carl',
        channel: 'webchat',
        language: 'en',
        startedAt: '2025-03-12T15:00:00.000Z',
        lastAt: '2025-03-12T15:00:00.000Z',
        turns: 1,
        intents: ['fees'],
        outcome: 'resolved_assumed',
      },
      expect.objectContaining({ conversationId: 'webchat:carl', outcome: 'repeat_contact' }),
      expect.objectContaining({ conversationId: 'telegram:ben', language: 'zh', outcome: 'unanswered' }),
      {
        conversationId: 'webchat:anna',
        channel: 'webchat',
        language: 'en',
        startedAt: '2025-03-10T09:00:00.000Z',
        lastAt: '2025-03-10T09:03:00.000Z',
        turns: 3,
        intents: ['forgot_password', 'thanks'],
        outcome: 'resolved_confirmed',
      },
    ]);
  });

  it('filters by date, channel, language, intent and outcome', () => {
    const ids = (filter: Partial<Parameters<typeof searchConversations>[1]>) =>
      searchConversations(week, { ...WEEK, ...filter }, LATER).map(
        (c) => `${c.conversationId} ${c.startedAt.slice(5, 16)}`,
      );
    expect(ids({ from: date('03-11 00:00'), to: date('03-12 12:00') })).toEqual([
      'webchat:carl 03-12T08:00',
      'telegram:ben 03-11T10:00',
    ]);
    expect(ids({ channel: 'telegram' })).toEqual(['telegram:ben 03-11T10:00']);
    expect(ids({ language: 'zh' })).toEqual(['telegram:ben 03-11T10:00']);
    expect(ids({ intent: 'thanks' })).toEqual(['webchat:anna 03-10T09:00']);
    expect(ids({ intent: 'fees', outcome: 'repeat_contact' })).toEqual(['webchat:carl 03-12T08:00']);
    expect(ids({ outcome: 'handoff' })).toEqual([]);
  });

  it(`returns at most ${MAX_CONVERSATIONS}, the newest`, () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      answered(
        `webchat:c${i}`,
        new Date(Date.parse('2025-03-10T00:00:00Z') + i * 60_000).toISOString(),
        'fees?',
        'fees',
      ),
    );
    const found = searchConversations(many, WEEK, LATER);
    expect(found).toHaveLength(MAX_CONVERSATIONS);
    expect(found[0]?.conversationId).toBe('webchat:c249');
    expect(found[199]?.conversationId).toBe('webchat:c50');
  });
});

describe('openConversation', () => {
  it("shows each customer line with its reading, then the assistant's replies with id and flow step, in order", () => {
    const detail = openConversation(week, 'webchat:anna');
    expect(detail).toMatchObject({ conversationId: 'webchat:anna', channel: 'webchat', language: 'en' });
    expect(detail?.turns.slice(0, 4)).toEqual([
      {
        at: '2025-03-10T09:00:00.000Z',
        from: 'customer',
        text: 'I forgot my password',
        intent: 'forgot_password',
        confidence: 0.93,
      },
      {
        at: '2025-03-10T09:00:00.000Z',
        from: 'bot',
        text: 'What is the phone number of your account?',
        flow: 'password_reset',
        flowStep: 'phone',
        replyId: 'flow.password.ask_phone',
      },
      { at: '2025-03-10T09:01:00.000Z', from: 'customer', text: '[phone]' },
      {
        at: '2025-03-10T09:01:00.000Z',
        from: 'bot',
        text: 'We sent a code.',
        flow: 'password_reset',
        flowStep: 'code',
        replyId: 'flow.password.code_sent',
      },
    ]);
    expect(detail?.turns.map((t) => t.from)).toEqual(['customer', 'bot', 'customer', 'bot', 'bot', 'customer', 'bot']);
  });

  it('keeps every contact of the conversation, oldest first, and names pressed buttons', () => {
    const events = [
      answered('webchat:carl', '03-12 15:00', 'fees abroad?', 'fees'),
      answered('webchat:carl', '03-12 08:00', 'what are the fees', 'fees'),
      ev({ who: 'webchat:carl', at: '03-12 15:01', button: 'article:no', helpful: false, replyIds: ['article.sorry'] }),
      ev({ who: 'webchat:carl', at: '03-12 15:02', button: 'rating:4', rating: 4, replyIds: [] }),
    ];
    const lines = openConversation(events, 'webchat:carl')?.turns.filter((t) => t.from === 'customer');
    expect(lines?.map((t) => t.text)).toEqual([
      'what are the fees',
      'fees abroad?',
      '[button article:no]',
      '[button rating:4]',
    ]);
  });

  it('is undefined for a conversation without events', () => {
    expect(openConversation(week, 'webchat:nobody')).toBeUndefined();
  });
});
