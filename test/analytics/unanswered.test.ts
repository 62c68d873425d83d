import { describe, expect, it } from 'vitest';
import {
  findMisses,
  findUnanswered,
  groupIdOf,
  normalizeMissedText,
  type UnansweredOptions,
} from '../../bot/analytics/unanswered.ts';
import type { TurnEvent } from '../../bot/analytics/turn-event.ts';
import type { Language } from '../../intents/types.ts';
import { answered, ev, notUnderstood } from './events.ts';

const suggested: { text: string; language: Language }[] = [];
const options = (extra: Partial<UnansweredOptions> = {}): UnansweredOptions => ({
  suggest: (text, language) => {
    suggested.push({ text, language });
    return [
      { intent: 'fees', confidence: 0.4 },
      { intent: 'limits', confidence: 0.3 },
      { intent: 'top_up', confidence: 0.2 },
      { intent: 'register', confidence: 0.1 },
    ];
  },
  handled: new Set(),
  ...extra,
});

function reasonsOf(events: TurnEvent[]) {
  return findMisses(events).map((m) => ({ text: m.text, reasons: [...m.reasons] }));
}

describe('findMisses: why a message counts as missed', () => {
  it('out_of_scope: a typed message answered "not understood"', () => {
    expect(reasonsOf([notUnderstood('webchat:dora', '03-10 12:00', 'can I buy bitcoin')])).toEqual([
      { text: 'can I buy bitcoin', reasons: ['out_of_scope'] },
    ]);
  });

  it('clarification_unresolved: "which did you mean?" not answered with a topic button', () => {
    const clarify = (who: string, text: string) =>
      ev({ who, at: '03-10 09:00', text, intent: 'freeze_card', confidence: 0.4, replyIds: ['clarify'] });
    const events = [
      // Max picks a topic: resolved.
      clarify('webchat:max', 'my card'),
      ev({ who: 'webchat:max', at: '03-10 09:01', button: 'intent:freeze_card', replyIds: ['answer:freeze_card'] }),
      // Ned presses "neither".
      clarify('webchat:ned', 'the thing with the card'),
      ev({ who: 'webchat:ned', at: '03-10 09:01', button: 'clarify:none', replyIds: ['fallback'] }),
      // Ola types something else instead; Pia never answers.
      clarify('webchat:ola', 'card stuff'),
      answered('webchat:ola', '03-10 09:02', 'fees?', 'fees'),
      clarify('webchat:pia', 'card issue'),
    ];
    expect(reasonsOf(events).map((m) => m.text)).toEqual(['the thing with the card', 'card stuff', 'card issue']);
    expect(reasonsOf(events).every((m) => m.reasons.join() === 'clarification_unresolved')).toBe(true);
  });

  it('low_confidence: an answer given below 0.6 confidence', () => {
    const events = [
      answered('webchat:quinn', '03-10 09:00', 'how much to send money', 'fees', { confidence: 0.55 }),
      answered('webchat:rui', '03-10 09:00', 'what are the fees', 'fees', { confidence: 0.6 }),
    ];
    expect(reasonsOf(events)).toEqual([{ text: 'how much to send money', reasons: ['low_confidence'] }]);
  });

  it('not_helpful: "this did not help" marks the typed message the article answered', () => {
    const events = [
      answered('webchat:sam', '03-10 09:00', 'hello', 'greeting'),
      ev({ who: 'webchat:sam', at: '03-10 09:01', text: 'my card is stuck in the atm', replyIds: ['article:atm'] }),
      ev({ who: 'webchat:sam', at: '03-10 09:02', button: 'article:no', helpful: false, replyIds: ['article.sorry'] }),
    ];
    expect(reasonsOf(events)).toEqual([{ text: 'my card is stuck in the atm', reasons: ['not_helpful'] }]);
  });

  it('handoff_after_misunderstanding: the text that made it the second miss in a row', () => {
    const events = [
      notUnderstood('telegram:ben', '03-10 09:10', '帮我算一下房贷', { language: 'zh' }),
      ev({
        who: 'telegram:ben',
        at: '03-10 09:11',
        text: '房贷利率是多少',
        language: 'zh',
        replyIds: ['handoff.repeated_misunderstanding', 'handoff.queued'],
        handoff: 'queued',
        handoffReason: 'repeated_misunderstanding',
      }),
    ];
    expect(reasonsOf(events)).toEqual([
      { text: '帮我算一下房贷', reasons: ['out_of_scope'] },
      { text: '房贷利率是多少', reasons: ['handoff_after_misunderstanding'] },
    ]);
  });

  it('a well-understood answer and button turns are not missed', () => {
    const events = [
      answered('webchat:tom', '03-10 09:00', 'what are the fees', 'fees'),
      ev({
        who: 'webchat:tom',
        at: '03-10 09:01',
        button: 'article:yes',
        helpful: true,
        replyIds: ['article.helpful'],
      }),
      ev({ who: 'webchat:tom', at: '03-10 09:02', button: 'clarify:none', replyIds: ['fallback'] }),
    ];
    expect(findMisses(events)).toEqual([]);
  });
});

describe('findUnanswered: groups of similar texts', () => {
  const events = [
    notUnderstood('webchat:a', '03-10 09:00', 'can I buy bitcoin'),
    notUnderstood('webchat:b', '03-10 10:00', 'Can I buy Bitcoin here?'),
    notUnderstood('webchat:c', '03-10 11:00', 'can i buy bitcoin'),
    notUnderstood('webchat:d', '03-10 09:30', '天气怎么样', { language: 'zh' }),
    notUnderstood('webchat:e', '03-10 12:00', '今天天气怎么样？', { language: 'zh' }),
    notUnderstood('webchat:f', '03-10 08:00', "what's the weather"),
    answered('webchat:g', '03-10 13:00', 'how much to buy bitcoin', 'fees', { confidence: 0.5 }),
  ];

  it('puts alike texts together and keeps different topics apart, newest group first', () => {
    suggested.length = 0;
    const groups = findUnanswered(events, options());
    expect(groups.map((g) => g.examples)).toEqual([
      ['how much to buy bitcoin', 'can i buy bitcoin', 'Can I buy Bitcoin here?', 'can I buy bitcoin'],
      ['今天天气怎么样？', '天气怎么样'],
      ["what's the weather"],
    ]);
    expect(groups[0]).toMatchObject({
      id: groupIdOf(normalizeMissedText('can I buy bitcoin')),
      count: 4,
      lastSeen: '2025-03-10T13:00:00.000Z',
      language: 'en',
      example: 'how much to buy bitcoin',
      reasons: { out_of_scope: 3, low_confidence: 1 },
      texts: ['how much to buy bitcoin', 'can i buy bitcoin', 'Can I buy Bitcoin here?', 'can I buy bitcoin'],
      suggestions: [
        { intent: 'fees', confidence: 0.4 },
        { intent: 'limits', confidence: 0.3 },
        { intent: 'top_up', confidence: 0.2 },
      ],
    });
    expect(groups[1]).toMatchObject({ language: 'zh', count: 2, reasons: { out_of_scope: 2 } });
    // Suggestions are asked for each group's example, in its language.
    expect(suggested).toContainEqual({ text: '今天天气怎么样？', language: 'zh' });
  });

  it('a group id is stable while its oldest text stays, whatever joins later', () => {
    const before = findUnanswered(events, options());
    const later = [...events, notUnderstood('webchat:h', '03-11 09:00', 'can i buy bitcoin with upay')];
    const after = findUnanswered(later, options());
    const id = groupIdOf(normalizeMissedText('can I buy bitcoin'));
    expect(before.find((g) => g.id === id)?.count).toBe(4);
    expect(after[0]).toMatchObject({ id, count: 5, example: 'can i buy bitcoin with upay' });
    expect(id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('hides texts already taught (handled), by their normalised form', () => {
    const handled = new Set([normalizeMissedText('CAN I BUY BITCOIN'), normalizeMissedText('Can I buy Bitcoin here')]);
    const groups = findUnanswered(events, options({ handled }));
    expect(groups.flatMap((g) => g.texts)).not.toContain('can i buy bitcoin');
    expect(groups.flatMap((g) => g.texts)).not.toContain('Can I buy Bitcoin here?');
    expect(groups.map((g) => [g.example, g.count])).toEqual([
      ['how much to buy bitcoin', 1],
      ['今天天气怎么样？', 2],
      ["what's the weather", 1],
    ]);
  });

  it('returns at most `limit` groups, the newest', () => {
    expect(findUnanswered(events, options({ limit: 2 })).map((g) => g.example)).toEqual([
      'how much to buy bitcoin',
      '今天天气怎么样？',
    ]);
    expect(findUnanswered(events, options({ limit: 1 }))).toHaveLength(1);
  });

  it('a group counts every miss, keeps ten distinct examples and every distinct text, the majority language', () => {
    const many = Array.from({ length: 14 }, (_, i) =>
      notUnderstood(
        `webchat:u${i}`,
        `03-10 ${String(8 + i).padStart(2, '0')}:00`,
        `can I buy bitcoin ${'?'.repeat(i % 12)}`,
        {
          language: i === 13 ? 'zh' : 'en',
        },
      ),
    );
    const [group] = findUnanswered(many, options());
    expect(group?.count).toBe(14);
    expect(group?.texts).toHaveLength(12);
    expect(group?.examples).toHaveLength(10);
    expect(group?.examples[0]).toBe('can I buy bitcoin ?');
    expect(group?.language).toBe('en');
    expect(group?.example).toBe('can I buy bitcoin ?');
  });

  it('normalises case, width, Traditional Chinese, spaces and punctuation away', () => {
    expect(normalizeMissedText('  Can I buy Bitcoin here?! ')).toBe('canibuybitcoinhere');
    expect(normalizeMissedText('今天天氣怎麼樣？')).toBe('今天天气怎么样');
    expect(normalizeMissedText('ＡＢＣ　１２３')).toBe('abc123');
    expect(normalizeMissedText('🙂🙂')).toBe('');
  });

  it('skips texts with nothing left to compare', () => {
    expect(findUnanswered([notUnderstood('webchat:v', '03-10 09:00', '🙂 !!')], options())).toEqual([]);
  });
});
