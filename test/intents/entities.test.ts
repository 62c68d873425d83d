import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redact } from '../../intents/redact.ts';
import { extractEntities, formatAmount, isLuhnValid } from '../../intents/entities.ts';
import { expectOne, itFindsNone, itFindsOne, NOW } from './entities-helpers.ts';

describe('phone', () => {
  itFindsOne('phone', [
    ['我的手机号13800001001', '+8613800001001', '13800001001'],
    ['手机 138 0000 1001 谢谢', '+8613800001001', '138 0000 1001'],
    ['call 138-0000-1001', '+8613800001001', '138-0000-1001'],
    ['+8613800001001', '+8613800001001', '+8613800001001'],
    ['号码 +86 138 0000 1001', '+8613800001001', '+86 138 0000 1001'],
    ['0086 13800001001', '+8613800001001', '0086 13800001001'],
    ['１３８００００１００１', '+8613800001001', '１３８００００１００１'],
    ['uk number +447700900002 thanks', '+447700900002', '+447700900002'],
    ['US: +1 415 555 0105', '+14155550105', '+1 415 555 0105'],
  ]);

  itFindsNone('phone', '%j is not a phone', [
    '138000010012',
    '1380000100',
    '12800001001',
    '23800001001',
    '+12345',
    '订单 213800001001',
    '138 00001 001',
  ]);
});

describe('email', () => {
  itFindsOne('email', [
    ['邮箱LI.Si@Example.com谢谢', 'li.si@example.com', 'LI.Si@Example.com'],
    ['mail me at a_b+tag@mail.upay.example.', 'a_b+tag@mail.upay.example', 'a_b+tag@mail.upay.example'],
    ['邮箱13800001001@163.com', '13800001001@163.com', '13800001001@163.com'],
  ]);

  itFindsNone('email', '%j is not an email', [
    'li@example',
    'li@',
    '@example.com',
    'li at example.com',
    'li@@example.com x',
  ]);
});

describe('transaction_id', () => {
  itFindsOne('transaction_id', [
    ['交易T1001B有问题', 'T1001B', 'T1001B'],
    ['what is t20240 ?', 'T20240', 't20240'],
    ['订单号：202403051234567890', '202403051234567890', '202403051234567890'],
    ['order number 88812345678', '88812345678', '88812345678'],
    ['transaction id is 1234567890123', '1234567890123', '1234567890123'],
  ]);

  itFindsNone('transaction_id', '%j is not a transaction id', [
    'T1',
    'T123',
    'AT1001',
    'T1001BC',
    'iPhone T1000x2',
    '12345678901234',
  ]);

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

  itFindsNone('amount', '%j is not an amount', [
    '2024',
    '在2024年',
    'version 2.3.1',
    '我有3个问题',
    '$',
    '元',
    '299',
    'T1001B',
  ]);

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
  itFindsOne(
    'code',
    [
      ['123456', '123456', '123456'],
      ['  4321 ', '4321', '4321'],
      ['验证码是 654321', '654321', '654321'],
      ['验证码：12345678', '12345678', '12345678'],
      ['my code is 8765', '8765', '8765'],
      ['OTP 1234', '1234', '1234'],
    ],
    { sensitive: true },
  );

  itFindsNone('code', '%j is not a code', [
    '123',
    '123456789',
    '13800001001',
    '验证码 13800001001',
    '我等了123456秒',
    'zipcode12345',
    '验证码收不到',
  ]);
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

  itFindsOne(
    'date',
    [
      ['3月5日那笔', '2026-03-05', '3月5日'],
      ['12月30号', '2025-12-30', '12月30号'],
      ['on 2026-02-01', '2026-02-01', '2026-02-01'],
    ],
    { title: 'absolute %j → %s' },
  );

  itFindsNone('date', '%j is not a date', ['2026-02-30', 'todays', 'yesterdays news', '13月1日', 'version 2.3.1']);
});

describe('card_number', () => {
  itFindsOne(
    'card_number',
    [
      ['卡号4111111111111111', '****1111', '4111111111111111'],
      ['卡号 4111 1111 1111 1111.', '****1111', '4111 1111 1111 1111'],
      ['card 6217-0000-1234-5670 thanks', '****5670', '6217-0000-1234-5670'],
      ['银联卡6222021234567890128', '****0128', '6222021234567890128'],
      ['amex 3782 822463 10005', '****0005', '3782 822463 10005'],
    ],
    { title: '%j → %s (sensitive)', sensitive: true },
  );

  itFindsNone('card_number', '%j is not a card', [
    '4111111111111112',
    '1380000100',
    '123456789012',
    '4111 1111 1111 111',
    '4111 11111111 1111',
    '13800001001 299',
  ]);

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

  itFindsNone('password', '%j has no password', [
    'my password is wrong',
    'password is not working',
    '密码是什么',
    '忘记密码了',
    'my password is too short',
    'passwords: 1234abcd',
    'the password was rejected',
    'my password is really old and I want to switch it',
  ]);

  it('a password of digits is a password, not a code', () => {
    expect(extractEntities('密码是123456', { now: NOW }).map((e) => e.entity)).toEqual(['password']);
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
