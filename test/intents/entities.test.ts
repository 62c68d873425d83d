import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redact } from '../../intents/redact.ts';
import {
  extractEntities,
  formatAmount,
  isChineseIdValid,
  isLegacyChineseIdValid,
  isLuhnValid,
} from '../../intents/entities.ts';
import type { Entity, EntityType } from '../../intents/types.ts';

const NOW = new Date('2026-03-10T02:00:00Z'); // 10:00 in Beijing

function only(text: string, type: EntityType): Entity[] {
  return extractEntities(text, { now: NOW }).filter((e) => e.entity === type);
}

/** Asserts one entity of `type` whose value is `value` and whose offsets cover exactly `span` in `text`. */
function expectOne(text: string, type: EntityType, value: string, span: string): Entity {
  const found = only(text, type);
  expect(found, JSON.stringify(extractEntities(text, { now: NOW }))).toHaveLength(1);
  const [entity] = found as [Entity];
  expect(entity.value).toBe(value);
  expect(text.slice(entity.start, entity.end)).toBe(span);
  return entity;
}

describe('phone', () => {
  it.each([
    ['我的手机号13800001001', '+8613800001001', '13800001001'],
    ['手机 138 0000 1001 谢谢', '+8613800001001', '138 0000 1001'],
    ['call 138-0000-1001', '+8613800001001', '138-0000-1001'],
    ['+8613800001001', '+8613800001001', '+8613800001001'],
    ['号码 +86 138 0000 1001', '+8613800001001', '+86 138 0000 1001'],
    ['0086 13800001001', '+8613800001001', '0086 13800001001'],
    ['１３８００００１００１', '+8613800001001', '１３８００００１００１'],
    ['uk number +447700900002 thanks', '+447700900002', '+447700900002'],
    ['US: +1 415 555 0105', '+14155550105', '+1 415 555 0105'],
  ])('%j → %s', (text, value, span) => {
    expectOne(text, 'phone', value, span);
  });

  it.each(['138000010012', '1380000100', '12800001001', '23800001001', '+12345', '订单 213800001001', '138 00001 001'])(
    '%j is not a phone',
    (text) => {
      expect(only(text, 'phone')).toEqual([]);
    },
  );
});

describe('email', () => {
  it.each([
    ['邮箱LI.Si@Example.com谢谢', 'li.si@example.com', 'LI.Si@Example.com'],
    ['mail me at a_b+tag@mail.upay.example.', 'a_b+tag@mail.upay.example', 'a_b+tag@mail.upay.example'],
    ['邮箱13800001001@163.com', '13800001001@163.com', '13800001001@163.com'],
  ])('%j → %s', (text, value, span) => {
    expectOne(text, 'email', value, span);
  });

  it.each(['li@example', 'li@', '@example.com', 'li at example.com', 'li@@example.com x'])(
    '%j is not an email',
    (text) => {
      expect(only(text, 'email')).toEqual([]);
    },
  );
});

describe('transaction_id', () => {
  it.each([
    ['交易T1001B有问题', 'T1001B', 'T1001B'],
    ['what is t20240 ?', 'T20240', 't20240'],
    ['订单号：202403051234567890', '202403051234567890', '202403051234567890'],
    ['order number 88812345678', '88812345678', '88812345678'],
    ['transaction id is 1234567890123', '1234567890123', '1234567890123'],
  ])('%j → %s', (text, value, span) => {
    expectOne(text, 'transaction_id', value, span);
  });

  it.each(['T1', 'T123', 'AT1001', 'T1001BC', 'iPhone T1000x2', '12345678901234'])(
    '%j is not a transaction id',
    (text) => {
      expect(only(text, 'transaction_id')).toEqual([]);
    },
  );

  it('a labelled order number wins over phone and card readings', () => {
    const entities = extractEntities('订单号 13800001001', { now: NOW });
    expect(entities.map((e) => e.entity)).toEqual(['transaction_id']);
  });
});

describe('amount', () => {
  it.each([
    ['扣了¥299', '299.00', 'CNY', '¥299'],
    ['扣了￥299', '299.00', 'CNY', '￥299'],
    ['付了299元', '299.00', 'CNY', '299元'],
    ['才299块', '299.00', 'CNY', '299块'],
    ['charged 299.00 CNY', '299.00', 'CNY', '299.00 CNY'],
    ['charged CNY 299', '299.00', 'CNY', 'CNY 299'],
    ['RMB88.5', '88.50', 'CNY', 'RMB88.5'],
    ['paid $42.10 twice', '42.10', 'USD', '$42.10'],
    ['paid USD 42.10', '42.10', 'USD', 'USD 42.10'],
    ['lost 42 dollars', '42.00', 'USD', '42 dollars'],
    ['转了2,000元', '2000.00', 'CNY', '2,000元'],
    ['５０元', '50.00', 'CNY', '５０元'],
  ])('%j → %s %s', (text, value, currency, span) => {
    const entity = expectOne(text, 'amount', value, span);
    expect(entity.meta).toEqual({ currency });
  });

  it.each(['2024', '在2024年', 'version 2.3.1', '我有3个问题', '$', '元', '299', 'T1001B'])(
    '%j is not an amount',
    (text) => {
      expect(only(text, 'amount')).toEqual([]);
    },
  );

  it.each([
    ['299', '299.00'],
    ['2,000.5', '2000.50'],
    ['007', '7.00'],
    ['0.5', '0.50'],
  ])('formatAmount(%j) = %j', (raw, expected) => {
    expect(formatAmount(raw)).toBe(expected);
  });
});

describe('code', () => {
  it.each([
    ['123456', '123456', '123456'],
    ['  4321 ', '4321', '4321'],
    ['验证码是 654321', '654321', '654321'],
    ['验证码：12345678', '12345678', '12345678'],
    ['my code is 8765', '8765', '8765'],
    ['OTP 1234', '1234', '1234'],
  ])('%j → %s', (text, value, span) => {
    const entity = expectOne(text, 'code', value, span);
    expect(entity.sensitive).toBe(true);
  });

  it.each(['123', '123456789', '13800001001', '验证码 13800001001', '我等了123456秒', 'zipcode12345', '验证码收不到'])(
    '%j is not a code',
    (text) => {
      expect(only(text, 'code')).toEqual([]);
    },
  );
});

describe('date', () => {
  it.each([
    ['今天付款失败', '2026-03-10', 'today', '今天'],
    ['昨天扣了钱', '2026-03-09', 'yesterday', '昨天'],
    ['前天', '2026-03-08', 'day_before_yesterday', '前天'],
    ['大前天的交易', '2026-03-07', 'three_days_ago', '大前天'],
    ['上周的账单', '2026-03-03', 'last_week', '上周'],
    ['上个星期', '2026-03-03', 'last_week', '上个星期'],
    ['it failed today', '2026-03-10', 'today', 'today'],
    ['Yesterday I paid', '2026-03-09', 'yesterday', 'Yesterday'],
    ['last week', '2026-03-03', 'last_week', 'last week'],
    ['the day before yesterday', '2026-03-08', 'day_before_yesterday', 'day before yesterday'],
  ])('%j → %s', (text, value, relative, span) => {
    const entity = expectOne(text, 'date', value, span);
    expect(entity.meta).toEqual({ relative });
  });

  it('uses the Beijing calendar day by default and honours timeZone', () => {
    const lateUtc = new Date('2026-03-09T20:00:00Z'); // already 2026-03-10 04:00 in Beijing
    expect(extractEntities('today', { now: lateUtc })[0]?.value).toBe('2026-03-10');
    expect(extractEntities('today', { now: lateUtc, timeZone: 'UTC' })[0]?.value).toBe('2026-03-09');
  });

  it.each([
    ['3月5日那笔', '2026-03-05', '3月5日'],
    ['12月30号', '2025-12-30', '12月30号'],
    ['on 2026-02-01', '2026-02-01', '2026-02-01'],
  ])('absolute %j → %s', (text, value, span) => {
    expectOne(text, 'date', value, span);
  });

  it.each(['2026-02-30', 'todays', 'yesterdays news', '13月1日', 'version 2.3.1'])('%j is not a date', (text) => {
    expect(only(text, 'date')).toEqual([]);
  });
});

describe('card_number', () => {
  it.each([
    ['卡号4111111111111111', '****1111', '4111111111111111'],
    ['卡号 4111 1111 1111 1111.', '****1111', '4111 1111 1111 1111'],
    ['card 6217-0000-1234-5670 thanks', '****5670', '6217-0000-1234-5670'],
    ['银联卡6222021234567890128', '****0128', '6222021234567890128'],
    ['amex 3782 822463 10005', '****0005', '3782 822463 10005'],
  ])('%j → %s (sensitive)', (text, value, span) => {
    const entity = expectOne(text, 'card_number', value, span);
    expect(entity.sensitive).toBe(true);
  });

  it.each([
    '4111111111111112',
    '1380000100',
    '123456789012',
    '4111 1111 1111 111',
    '4111 11111111 1111',
    '13800001001 299',
  ])('%j is not a card', (text) => {
    expect(only(text, 'card_number')).toEqual([]);
  });

  it('isLuhnValid', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('')).toBe(false);
    expect(isLuhnValid('41a1')).toBe(false);
  });
});

describe('password', () => {
  it.each([
    ['我的密码是Abc12345', 'Abc12345'],
    ['登录密码：qwer!234，帮我看看', 'qwer!234'],
    ['my password is hunter22.', 'hunter22'],
    ['Password: s3cret-Pass', 's3cret-Pass'],
    ['pwd:zxcv9876', 'zxcv9876'],
    ['my password is sunshine', 'sunshine'],
    ['my password is Sunshine and it fails', 'Sunshine'],
    ['密码是abcdef吗', 'abcdef'],
  ])('%j → [redacted] over %j', (text, span) => {
    const entity = expectOne(text, 'password', '[redacted]', span);
    expect(entity.sensitive).toBe(true);
  });

  it.each([
    'my password is wrong',
    'password is not working',
    '密码是什么',
    '忘记密码了',
    'my password is too short',
    'passwords: 1234abcd',
    'the password was rejected',
    'my password is really old and I want to switch it',
  ])('%j has no password', (text) => {
    expect(only(text, 'password')).toEqual([]);
  });

  it('a password of digits is a password, not a code', () => {
    expect(extractEntities('密码是123456', { now: NOW }).map((e) => e.entity)).toEqual(['password']);
  });
});

describe('id_card', () => {
  it.each([
    ['身份证11010519491231002X', '****002X', '11010519491231002X'],
    ['id 440306199003071232 ok', '****1232', '440306199003071232'],
    ['身份证号 440306 19900307 1232', '****1232', '440306 19900307 1232'],
  ])('%j → %s', (text, value, span) => {
    const entity = expectOne(text, 'id_card', value, span);
    expect(entity.sensitive).toBe(true);
  });

  it.each(['440306199003071233', '440306199013071232', '4403061990030712321', '44030619900307123'])(
    '%j is not an ID card',
    (text) => {
      expect(only(text, 'id_card')).toEqual([]);
    },
  );

  it('isChineseIdValid', () => {
    expect(isChineseIdValid('11010519491231002x')).toBe(true);
    expect(isChineseIdValid('110105194912310021')).toBe(false);
  });
});

describe('id_card, 15-digit legacy form (area code + YYMMDD + sequence, no check digit)', () => {
  it.each([
    ['身份证110105491231002', '****1002', '110105491231002'],
    ['老身份证号是 440306900307123。', '****7123', '440306900307123'],
    ['id 110105 491231 002 ok', '****1002', '110105 491231 002'],
    ['１１０１０５４９１２３１００２', '****1002', '１１０１０５４９１２３１００２'],
    // A Shandong (37…) number that is not Luhn-valid cannot be an American Express card.
    ['身份证370102850512002', '****2002', '370102850512002'],
  ])('%j → %s (sensitive)', (text, value, span) => {
    const entity = expectOne(text, 'id_card', value, span);
    expect(entity.sensitive).toBe(true);
  });

  it.each([
    ['14 digits', '11010549123100'],
    ['16 digits', '1101054912310021'],
    ['month 13', '110105491331002'],
    ['day 32', '110105491232002'],
    ['30 February', '110105490230002'],
    ['no such province', '990105491231002'],
    ['inside a longer digit run', '9110105491231002'],
    ['glued to a letter', 'A110105491231002'],
    ['the first 15 digits of an invalid 18-digit number', '110105491231002999'],
  ])('%s (%j) is not an ID card', (_why, text) => {
    expect(only(text, 'id_card')).toEqual([]);
  });

  it('a Luhn-valid 34…/37… number stays an American Express card number', () => {
    expectOne('卡号370102850512001', 'card_number', '****2001', '370102850512001');
    expect(only('卡号370102850512001', 'id_card')).toEqual([]);
    expectOne('amex 378282246310005', 'card_number', '****0005', '378282246310005');
  });

  it('sits beside phones, cards, transaction ids and amounts', () => {
    const text = '手机13800001001 身份证110105491231002 卡4111111111111111 订单T1001B 扣了¥299';
    const entities = extractEntities(text, { now: NOW });
    expect(entities.map((e) => e.entity)).toEqual(['phone', 'id_card', 'card_number', 'transaction_id', 'amount']);
    expect(entities.map((e) => text.slice(e.start, e.end))).toEqual([
      '13800001001',
      '110105491231002',
      '4111111111111111',
      'T1001B',
      '¥299',
    ]);
  });

  it('an 11-digit phone number and a labelled order number are not 15-digit IDs; a 15-digit ID wins over the order label', () => {
    expect(only('13800001001', 'id_card')).toEqual([]);
    expectOne('订单号：202403051234567890', 'transaction_id', '202403051234567890', '202403051234567890');
    // Sensitive first: a number that reads as an ID is masked even after an order label.
    expect(extractEntities('订单号：110105491231002', { now: NOW }).map((e) => e.entity)).toEqual(['id_card']);
  });

  it('isLegacyChineseIdValid', () => {
    expect(isLegacyChineseIdValid('110105491231002')).toBe(true);
    expect(isLegacyChineseIdValid('110105000229001')).toBe(false); // 29 February 1900 did not exist…
    expect(isLegacyChineseIdValid('110105960229001')).toBe(true); // …29 February 1996 does
    expect(isLegacyChineseIdValid('11010549123100X')).toBe(false);
    expect(isLegacyChineseIdValid('11010519491231002X')).toBe(false);
  });
});

describe('extractEntities', () => {
  it('returns sorted, non-overlapping entities with offsets into the original text', () => {
    const text = '昨天用卡 4111 1111 1111 1111 付了¥299，订单T1001B，手机13800001001，邮箱li@example.com';
    const entities = extractEntities(text, { now: NOW });
    expect(entities.map((e) => e.entity)).toEqual([
      'date',
      'card_number',
      'amount',
      'transaction_id',
      'phone',
      'email',
    ]);
    for (let i = 1; i < entities.length; i++) expect(entities[i]!.start).toBeGreaterThanOrEqual(entities[i - 1]!.end);
    expect(entities.map((e) => text.slice(e.start, e.end))).toEqual([
      '昨天',
      '4111 1111 1111 1111',
      '¥299',
      'T1001B',
      '13800001001',
      'li@example.com',
    ]);
  });

  it('finds nothing in plain text', () => {
    expect(extractEntities('', { now: NOW })).toEqual([]);
    expect(extractEntities('我忘记密码了怎么办', { now: NOW })).toEqual([]);
    expect(extractEntities('How do I reset my password?', { now: NOW })).toEqual([]);
  });
});

describe('properties', () => {
  const piece = fc.constantFrom(
    '13800001001',
    '+86 138 0000 1001',
    '4111 1111 1111 1111',
    '11010519491231002X',
    '110105491231002',
    'li@example.com',
    'T1001B',
    '¥299',
    '299元',
    '验证码',
    '密码是',
    'my password is ',
    'code ',
    '昨天',
    'today',
    ' ',
    '，',
    '-',
    '.',
    '0',
    '7',
    '12',
    '2024',
    '账户',
    'frozen',
    '＋',
    '１',
  );
  const message = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

  it('entities are sorted, non-overlapping and inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(message, fc.string({ maxLength: 60 })), (text) => {
        const entities = extractEntities(text, { now: NOW });
        let previousEnd = 0;
        for (const e of entities) {
          expect(e.start).toBeGreaterThanOrEqual(previousEnd);
          expect(e.end).toBeGreaterThan(e.start);
          expect(e.end).toBeLessThanOrEqual(text.length);
          previousEnd = e.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('redaction is idempotent and leaves no Luhn-valid card number behind', () => {
    fc.assert(
      fc.property(message, (text) => {
        const once = redact(text).text;
        expect(redact(once).text).toBe(once);
        expect(
          extractEntities(once, { now: NOW }).filter((e) => e.entity === 'card_number' || e.entity === 'id_card'),
        ).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
