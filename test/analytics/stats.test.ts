import { describe, expect, it } from 'vitest';
import { splitContacts } from '../../bot/analytics/contacts.ts';
import { computeStats, statsReadRange, StatsRangeError } from '../../bot/analytics/stats.ts';
import type { TurnEvent } from '../../bot/analytics/turn-event.ts';
import { answered, date, ev, notUnderstood, thanks } from './events.ts';

/** Monday 10 March 2025, one story per customer. */
const monday: TurnEvent[] = [
  // Anna asks how to top up, gets the answer and says thanks: confirmed.
  answered('webchat:anna', '03-10 09:00', 'how do I top up', 'top_up'),
  thanks('webchat:anna', '03-10 09:01'),
  // Ben is not understood twice and is handed to a person; he waits two hours, then rates the case 2.
  notUnderstood('telegram:ben', '03-10 09:10', '帮我算一下房贷', { language: 'zh' }),
  ev({
    who: 'telegram:ben',
    at: '03-10 09:11',
    text: '房贷利率是多少',
    intent: 'out_of_scope',
    confidence: 0.6,
    language: 'zh',
    replyIds: ['handoff.repeated_misunderstanding', 'handoff.queued'],
    handoff: 'queued',
    handoffReason: 'repeated_misunderstanding',
  }),
  ev({ who: 'telegram:ben', at: '03-10 11:30', text: '还在吗', language: 'zh', handoff: 'relaying' }),
  ev({
    who: 'telegram:ben',
    at: '03-10 14:00',
    button: 'rating:2',
    rating: 2,
    language: 'zh',
    handoff: 'resolved',
    replyIds: ['rating.thanks'],
  }),
  // Carl asks about fees, and comes back six hours later about fees again: the first contact was a repeat contact.
  answered('webchat:carl', '03-10 10:00', 'what are the fees', 'fees'),
  answered('webchat:carl', '03-10 16:00', 'fees for transfers abroad?', 'fees'),
  // Dora asks something the assistant does not do, and leaves.
  notUnderstood('webchat:dora', '03-10 12:00', 'can I buy bitcoin'),
  // Eve checks her balance and leaves: assumed resolved.
  answered('webchat:eve', '03-10 13:00', 'check my balance', 'check_balance'),
  // Fay reads a help article and presses "this helped".
  ev({
    who: 'webchat:fay',
    at: '03-10 15:00',
    text: 'how to freeze my card',
    intent: 'freeze_card',
    confidence: 0.8,
    replyIds: ['article:freeze-card'],
  }),
  ev({ who: 'webchat:fay', at: '03-10 15:01', button: 'article:yes', helpful: true, replyIds: ['article.helpful'] }),
  // Gus gets his failed payment explained and rates 5.
  answered('webchat:gus', '03-10 17:00', 'my payment failed', 'payment_failed'),
  ev({ who: 'webchat:gus', at: '03-10 17:05', button: 'rating:5', rating: 5, replyIds: ['rating.thanks'] }),
];

const MONDAY = { from: date('03-10 00:00'), to: date('03-11 00:00') };
const LATER = date('03-20 00:00');

describe('computeStats: one day of stories', () => {
  const stats = computeStats(monday, MONDAY, LATER);

  it('counts contacts, turns and each outcome', () => {
    expect(stats.conversations).toBe(8);
    expect(stats.turns).toBe(14);
    expect(stats.outcomes).toEqual({
      resolved_confirmed: 3, // Anna (thanks), Fay (helpful), Gus (rating 5)
      resolved_assumed: 2, // Carl's second contact, Eve
      handoff: 1, // Ben
      repeat_contact: 1, // Carl's first contact
      unanswered: 1, // Dora
    });
    expect(stats.provisional).toBe(0);
  });

  it('gives the rates of the docs: containment, handoff, fallback, CSAT', () => {
    expect(stats.containment_rate).toBeCloseTo(5 / 8);
    expect(stats.handoff_rate).toBeCloseTo(1 / 8);
    expect(stats.handoffs_by_reason).toEqual({ repeated_misunderstanding: 1 });
    expect(stats.fallback_rate).toBeCloseTo(2 / 11); // Ben's and Dora's of 11 typed messages; buttons don't count
    expect(stats.csat_average).toBeCloseTo(3.5);
    expect(stats.csat_responses).toBe(2);
  });

  it('lists top intents of typed messages without out_of_scope', () => {
    expect(stats.top_intents).toEqual([
      { intent: 'fees', count: 2 },
      { intent: 'check_balance', count: 1 },
      { intent: 'freeze_card', count: 1 },
      { intent: 'payment_failed', count: 1 },
      { intent: 'thanks', count: 1 },
      { intent: 'top_up', count: 1 },
    ]);
  });

  it('splits the figures by channel and by language', () => {
    expect(Object.keys(stats.by_channel)).toEqual(['telegram', 'webchat']);
    expect(stats.by_channel.telegram).toMatchObject({ conversations: 1, handoff_rate: 1, csat_average: 2 });
    expect(stats.by_channel.webchat).toMatchObject({ conversations: 7, handoff_rate: 0, containment_rate: 5 / 7 });
    expect(stats.by_language.zh?.conversations).toBe(1);
    expect(stats.by_language.en?.conversations).toBe(7);
  });

  it('echoes the range and filter', () => {
    expect(stats.from).toBe('2025-03-10T00:00:00.000Z');
    expect(stats.to).toBe('2025-03-11T00:00:00.000Z');
    expect(stats.filter).toEqual({});
    expect(stats.daily).toHaveLength(1);
    expect(stats.daily[0]).toMatchObject({ date: '2025-03-10', conversations: 8, turns: 14 });
  });
});

describe('computeStats: top intents', () => {
  it('keeps the ten most asked, most first', () => {
    const events = Array.from({ length: 12 }, (_, i) =>
      Array.from({ length: i + 1 }, (_, j) =>
        answered(
          `webchat:c${i}`,
          `03-10 ${String(10 + j).padStart(2, '0')}:00`,
          'q',
          `topic_${String(i).padStart(2, '0')}`,
        ),
      ),
    ).flat();
    const top = computeStats(events, MONDAY, LATER).top_intents;
    expect(top).toHaveLength(10);
    expect(top[0]).toEqual({ intent: 'topic_11', count: 12 });
    expect(top[9]).toEqual({ intent: 'topic_02', count: 3 });
  });
});

describe('computeStats: filters', () => {
  it('keeps only the contacts of a channel or a language, figures and all', () => {
    const telegram = computeStats(monday, { ...MONDAY, channel: 'telegram' }, LATER);
    expect(telegram.conversations).toBe(1);
    expect(telegram.filter).toEqual({ channel: 'telegram' });
    expect(telegram.outcomes.handoff).toBe(1);
    expect(Object.keys(telegram.by_channel)).toEqual(['telegram']);
    const english = computeStats(monday, { ...MONDAY, language: 'en' }, LATER);
    expect(english.conversations).toBe(7);
    expect(english.csat_responses).toBe(1);
    expect(english.top_intents[0]).toEqual({ intent: 'fees', count: 2 });
    const nobody = computeStats(monday, { ...MONDAY, channel: 'slack' }, LATER);
    expect(nobody.conversations).toBe(0);
  });
});

describe('computeStats: contacts and their 24 h window', () => {
  it('a gap of 30 minutes starts a new contact; 29 minutes does not', () => {
    const events = [
      answered('webchat:hana', '03-10 09:00', 'fees?', 'fees'),
      answered('webchat:hana', '03-10 09:29', 'and for abroad?', 'fees'),
      answered('webchat:hana', '03-10 09:59', 'limits?', 'limits'),
    ];
    const contacts = splitContacts(events, LATER);
    expect(contacts.map((c) => c.events.length)).toEqual([2, 1]);
    expect(contacts.map((c) => c.outcome)).toEqual(['repeat_contact', 'resolved_assumed']);
  });

  it('a contact starting at or after `to` is not counted but makes the one before a repeat contact', () => {
    const events = [
      answered('webchat:ivan', '03-10 22:00', 'fees?', 'fees'),
      answered('webchat:ivan', '03-11 08:00', 'fees again?', 'fees'),
    ];
    const stats = computeStats(events, MONDAY, LATER);
    expect(stats.conversations).toBe(1);
    expect(stats.outcomes.repeat_contact).toBe(1);
    expect(stats.containment_rate).toBe(0);
  });

  it('coming back more than 24 h later is a new contact, not a repeat', () => {
    const events = [
      answered('webchat:jo', '03-10 09:00', 'fees?', 'fees'),
      answered('webchat:jo', '03-11 09:01', 'fees again?', 'fees'),
    ];
    expect(splitContacts(events, LATER).map((c) => c.outcome)).toEqual(['resolved_assumed', 'resolved_assumed']);
  });

  it('an assumed resolution is provisional while its window is open, then final', () => {
    const events = [answered('webchat:eve', '03-10 13:00', 'check my balance', 'check_balance')];
    const evening = computeStats(events, MONDAY, date('03-10 20:00'));
    expect(evening.outcomes.resolved_assumed).toBe(1);
    expect(evening.provisional).toBe(1);
    expect(evening.daily[0]?.provisional).toBe(1);
    expect(computeStats(events, MONDAY, date('03-11 13:01')).provisional).toBe(0);
    // Confirmed contacts are never provisional: a repeat cannot undo a "thanks".
    const confirmed = [...events, thanks('webchat:eve', '03-10 13:01')];
    expect(computeStats(confirmed, MONDAY, date('03-10 20:00')).provisional).toBe(0);
  });

  it('a thanks before any answer, or after small talk only, confirms nothing', () => {
    const events = [answered('webchat:kim', '03-10 09:00', 'hello', 'greeting'), thanks('webchat:kim', '03-10 09:01')];
    expect(splitContacts(events, LATER)[0]?.outcome).toBe('resolved_assumed');
    const early = [thanks('webchat:lee', '03-10 09:00')];
    expect(splitContacts(early, LATER)[0]?.outcome).toBe('resolved_assumed');
  });

  it('a clarification the customer resolved with a topic button is answered; one left open is not', () => {
    const clarify = (who: string) =>
      ev({ who, at: '03-10 09:00', text: 'card', intent: 'freeze_card', confidence: 0.4, replyIds: ['clarify'] });
    const picked = [
      clarify('webchat:max'),
      ev({ who: 'webchat:max', at: '03-10 09:01', button: 'intent:freeze_card', replyIds: ['answer:freeze_card'] }),
    ];
    expect(splitContacts(picked, LATER)[0]?.outcome).toBe('resolved_assumed');
    expect(splitContacts([clarify('webchat:ned')], LATER)[0]?.outcome).toBe('unanswered');
  });

  it('a low rating does not confirm; a handoff wins over a confirmation', () => {
    const low = [
      answered('webchat:ola', '03-10 09:00', 'fees?', 'fees'),
      ev({ who: 'webchat:ola', at: '03-10 09:02', button: 'rating:3', rating: 3, replyIds: ['rating.thanks'] }),
    ];
    expect(splitContacts(low, LATER)[0]?.outcome).toBe('resolved_assumed');
    const both = [
      answered('webchat:pia', '03-10 09:00', 'fees?', 'fees'),
      thanks('webchat:pia', '03-10 09:01'),
      ev({
        who: 'webchat:pia',
        at: '03-10 09:02',
        text: 'a person please',
        intent: 'human_agent',
        replyIds: ['handoff.queued'],
        handoff: 'queued',
        handoffReason: 'customer_request',
      }),
    ];
    expect(splitContacts(both, LATER)[0]?.outcome).toBe('handoff');
  });
});

describe('computeStats: daily series, empty ranges and bad ranges', () => {
  it('has one zero-filled entry per UTC day of the range', () => {
    const stats = computeStats(monday, { from: date('03-09 00:00'), to: date('03-12 00:00') }, LATER);
    expect(stats.daily.map((d) => d.date)).toEqual(['2025-03-09', '2025-03-10', '2025-03-11']);
    expect(stats.daily[0]).toEqual({
      date: '2025-03-09',
      conversations: 0,
      turns: 0,
      containment_rate: null,
      handoff_rate: null,
      handoffs_by_reason: {},
      csat_average: null,
      csat_responses: 0,
      fallback_rate: null,
      provisional: 0,
    });
    expect(stats.daily[1]?.conversations).toBe(8);
    expect(stats.daily[2]?.conversations).toBe(0);
  });

  it('a range not on midnight still lists every day it touches, counting only contacts inside it', () => {
    const stats = computeStats(monday, { from: date('03-10 12:00'), to: date('03-11 06:00') }, LATER);
    expect(stats.daily.map((d) => [d.date, d.conversations])).toEqual([
      ['2025-03-10', 5], // Dora, Eve, Fay, Carl's second contact, Gus
      ['2025-03-11', 0],
    ]);
  });

  it('rates are null when nothing was counted', () => {
    const stats = computeStats([], MONDAY, LATER);
    expect(stats).toMatchObject({
      conversations: 0,
      containment_rate: null,
      handoff_rate: null,
      csat_average: null,
      fallback_rate: null,
      top_intents: [],
      by_channel: {},
    });
    // No typed message: no fallback rate, though there is a contact.
    const started = computeStats(
      [ev({ who: 'webchat:quinn', at: '03-10 09:00', replyIds: ['welcome'] })],
      MONDAY,
      LATER,
    );
    expect(started.conversations).toBe(1);
    expect(started.fallback_rate).toBeNull();
    // Opening the chat and leaving without asking anything: nothing was answered.
    expect(started.outcomes.unanswered).toBe(1);
  });

  it('refuses a range that ends before it starts or is too long', () => {
    expect(() => computeStats([], { from: MONDAY.to, to: MONDAY.from }, LATER)).toThrow(StatsRangeError);
    expect(() => computeStats([], { from: new Date(0), to: LATER }, LATER)).toThrow(/over 3660 days/);
  });

  it('says which events to read: a day on each side of the range', () => {
    expect(statsReadRange(MONDAY)).toEqual({ from: date('03-09 00:00'), to: date('03-12 00:00') });
  });

  it('events read from a day before do not split a contact running across `from`', () => {
    const events = [
      answered('webchat:rui', '03-09 23:50', 'fees?', 'fees'),
      answered('webchat:rui', '03-10 00:10', 'and abroad?', 'fees'),
    ];
    expect(computeStats(events, MONDAY, LATER).conversations).toBe(0);
  });
});
