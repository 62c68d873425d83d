import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatDay,
  formatMoney,
  formatTransactionLine,
  formatWhen,
  groupAmount,
  localDate,
} from '../../bot/flows/format.ts';
import type { Transaction } from '../../bot/wallet/types.ts';

const NOW = new Date('2026-11-25T06:00:00Z'); // 14:00 in Shanghai

describe('money', () => {
  it('groups decimal strings without floating point', () => {
    expect(groupAmount('1280.50')).toBe('1,280.50');
    expect(groupAmount('1280.5')).toBe('1,280.50');
    expect(groupAmount('1234567')).toBe('1,234,567.00');
    expect(groupAmount('0.1')).toBe('0.10');
    expect(groupAmount('999999999999.99')).toBe('999,999,999,999.99');
    expect(groupAmount('-12.3')).toBe('-12.30');
    expect(groupAmount('abc')).toBe('abc');
  });
  it('formats per language and currency', () => {
    expect(formatMoney('1280.50', 'CNY', 'zh')).toBe('¥1,280.50');
    expect(formatMoney('1280.50', 'CNY', 'en')).toBe('CNY 1,280.50');
    expect(formatMoney('42.10', 'USD', 'zh')).toBe('US$42.10');
    expect(formatMoney('42.10', 'USD', 'en')).toBe('US$42.10');
    expect(formatMoney('356.2', 'GBP', 'en')).toBe('£356.20');
    expect(formatMoney('300', 'JPY', 'en')).toBe('JPY 300.00');
  });
});

describe('dates', () => {
  it('computes local dates in Shanghai', () => {
    expect(localDate(new Date('2026-11-24T17:30:00Z'))).toBe('2026-11-25');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('says today / yesterday / a date per language', () => {
    expect(formatWhen('2026-11-25T01:05:00Z', 'zh', NOW)).toBe('今天 09:05');
    expect(formatWhen('2026-11-25T01:05:00Z', 'en', NOW)).toBe('today 09:05');
    expect(formatWhen('2026-11-24T06:00:00Z', 'zh', NOW)).toBe('昨天 14:00');
    expect(formatWhen('2026-11-24T06:00:00Z', 'en', NOW)).toBe('yesterday 14:00');
    expect(formatWhen('2026-11-20T06:00:00Z', 'zh', NOW)).toBe('11月20日');
    expect(formatWhen('2026-11-20T06:00:00Z', 'en', NOW)).toBe('20 Nov');
    expect(formatWhen('2026-11-20T06:00:00Z', 'en', NOW, { withTime: true })).toBe('20 Nov 14:00');
    expect(formatDay('2025-12-30', 'zh', NOW)).toBe('2025年12月30日');
    expect(formatDay('2026-11-30', 'en', NOW)).toBe('30 Nov');
    expect(formatWhen('not a date', 'en', NOW)).toBe('not a date');
  });
});

describe('transaction line', () => {
  const tx: Transaction = {
    id: 'T1',
    type: 'payment',
    status: 'failed',
    amount: '299.00',
    currency: 'CNY',
    counterparty: '京东商城',
    createdAt: '2026-11-24T06:00:00Z',
    debited: true,
  };
  it('shows date, counterparty, signed amount and status in the language', () => {
    expect(formatTransactionLine(tx, 'zh', NOW)).toBe('昨天 14:00 · 京东商城 · -¥299.00 · 失败（已扣款）');
    expect(formatTransactionLine(tx, 'en', NOW)).toBe('yesterday 14:00 · 京东商城 · -CNY 299.00 · failed (debited)');
    expect(formatTransactionLine({ ...tx, type: 'topup', status: 'success', debited: false }, 'en', NOW)).toContain(
      '+CNY 299.00 · successful',
    );
  });
});
