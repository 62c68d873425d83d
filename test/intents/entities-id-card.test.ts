// Chinese resident ID numbers: the 18-character form and the 15-digit legacy one, beside the other entities.
import { describe, expect, it } from 'vitest';
import { extractEntities, isChineseIdValid, isLegacyChineseIdValid } from '../../intents/entities.ts';
import { expectOne, itFindsNone, itFindsOne, NOW, only } from './entities-helpers.ts';

describe('id_card', () => {
  itFindsOne(
    'id_card',
    [
      ['身份证11010519491231002X', '****002X', '11010519491231002X'],
      ['id 440306199003071232 ok', '****1232', '440306199003071232'],
      ['身份证号 440306 19900307 1232', '****1232', '440306 19900307 1232'],
    ],
    { sensitive: true },
  );

  itFindsNone('id_card', '%j is not an ID card', [
    '440306199003071233',
    '440306199013071232',
    '4403061990030712321',
    '44030619900307123',
  ]);

  it('isChineseIdValid', () => {
    expect(isChineseIdValid('11010519491231002x')).toBe(true);
    expect(isChineseIdValid('110105194912310021')).toBe(false);
  });
});

describe('id_card, 15-digit legacy form (area code + YYMMDD + sequence, no check digit)', () => {
  itFindsOne(
    'id_card',
    [
      ['身份证110105491231002', '****1002', '110105491231002'],
      ['老身份证号是 440306900307123。', '****7123', '440306900307123'],
      ['id 110105 491231 002 ok', '****1002', '110105 491231 002'],
      ['１１０１０５４９１２３１００２', '****1002', '１１０１０５４９１２３１００２'],
      // A Shandong (37…) number that is not Luhn-valid cannot be an American Express card.
      ['身份证370102850512002', '****2002', '370102850512002'],
    ],
    { title: '%j → %s (sensitive)', sensitive: true },
  );

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
