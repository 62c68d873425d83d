import { describe, expect, it } from 'vitest';
import {
  findTransaction,
  matchTransactions,
  mentionsCounterparty,
  pickedTransactionId,
  recentTransactions,
} from '../../bot/flows/find-transaction.ts';
import { extractEntities } from '../../intents/entities.ts';
import { WalletError } from '../../bot/wallet/types.ts';
import { FakeWallet } from './fake-wallet.ts';

const NOW = new Date('2026-11-25T06:00:00Z');

async function find(customerId: string, text: string, purpose: 'payment_problem' | 'unrecognized' = 'payment_problem') {
  const wallet = new FakeWallet(NOW);
  return findTransaction(wallet, customerId, { text, entities: extractEntities(text, { now: NOW }) }, purpose, NOW);
}

function ids(result: Awaited<ReturnType<typeof find>>): string[] {
  return result.kind === 'found' ? [result.tx.id] : result.candidates.map((t) => t.id);
}

describe('findTransaction', () => {
  it('finds by transaction id', async () => {
    const r = await find('C1001', '交易号 T1001B 失败了');
    expect(r.kind).toBe('found');
    expect(ids(r)).toEqual(['T1001B']);
  });
  it('an unknown id is not_found with candidates (failed/pending first)', async () => {
    const r = await find('C1001', 'what about T9999X');
    expect(r).toMatchObject({ kind: 'not_found', transactionId: 'T9999X' });
    expect(ids(r)).toEqual(['T1001C', 'T1001B']);
  });
  it("another customer's transaction id is not_found", async () => {
    const r = await find('C1001', 'T1005B');
    expect(r.kind).toBe('not_found');
  });
  it('finds by amount', async () => {
    expect(ids(await find('C1001', '299元那笔付款失败了'))).toEqual(['T1001B']);
    expect(ids(await find('C1005', 'a charge of $89.99', 'unrecognized'))).toEqual(['T1005B']);
  });
  it('reads bare numbers as amounts only when a transaction has that amount', async () => {
    expect(ids(await find('C1005', '89.99', 'unrecognized'))).toEqual(['T1005B']);
    expect(ids(await find('C1001', 'the 299 one'))).toEqual(['T1001B']);
    const r = await find('C1001', '3 days ago something failed');
    expect(r).toMatchObject({ kind: 'unspecified', triedCriteria: false });
  });
  it('finds by merchant name, whole or its prefix', async () => {
    expect(ids(await find('C1001', '京东商城的付款失败了'))).toEqual(['T1001B']);
    expect(ids(await find('C1001', '在京东买东西没付成功'))).toEqual(['T1001B']);
    expect(ids(await find('C1001', '转给张伟的钱怎么还没到'))).toEqual(['T1001C']);
    expect(ids(await find('C1005', 'what is this online store charge', 'unrecognized'))).toEqual(['T1005B']);
  });
  it('finds by a relative date, narrowing to failed/pending', async () => {
    const r = await find('C1001', '我昨天付款失败了，但是钱被扣了');
    expect(r.kind).toBe('found');
    expect(ids(r)).toEqual(['T1001B']);
  });
  it('"the last one" takes the newest likely transaction', async () => {
    expect(ids(await find('C1001', '最近一笔付款有问题'))).toEqual(['T1001C']);
    expect(ids(await find('C1005', 'the last one', 'unrecognized'))).toEqual(['T1005B']);
  });
  it('without clues it offers the likely candidates', async () => {
    const r = await find('C1001', '付款失败了');
    expect(r).toMatchObject({ kind: 'unspecified', triedCriteria: false });
    expect(ids(r)).toEqual(['T1001C', 'T1001B']);
    const u = await find('C1001', "there's a charge I don't know", 'unrecognized');
    expect(u.kind).toBe('unspecified');
    expect(ids(u)).toHaveLength(5);
    expect(ids(u)).not.toContain('T1001B');
  });
  it('clues that match nothing say so (triedCriteria) and still offer candidates', async () => {
    const r = await find('C1001', '7777元那笔失败了');
    expect(r).toMatchObject({ kind: 'unspecified', triedCriteria: true });
    expect(ids(r)).toEqual(['T1001C', 'T1001B']);
  });
  it('words like "failed" or "not arrived" settle a tie between a failed and a pending one', () => {
    const base = { type: 'payment' as const, currency: 'CNY', debited: true, counterparty: 'A', amount: '10.00' };
    const recent = [
      { ...base, id: 'P1', status: 'pending' as const, createdAt: '2026-11-24T15:50:00Z' },
      { ...base, id: 'F1', status: 'failed' as const, createdAt: '2026-11-24T06:00:00Z' },
    ];
    const query = (text: string) => ({ text, entities: extractEntities(text, { now: NOW }) });
    expect(matchTransactions(recent, query('我昨天付款失败了，但是钱被扣了'), 'payment_problem', NOW)).toMatchObject({
      kind: 'found',
      tx: { id: 'F1' },
    });
    expect(
      matchTransactions(recent, query('my transfer yesterday is still pending'), 'payment_problem', NOW),
    ).toMatchObject({ kind: 'found', tx: { id: 'P1' } });
    expect(matchTransactions(recent, query('yesterday something happened'), 'payment_problem', NOW).kind).toBe(
      'ambiguous',
    );
  });
  it('several matches are ambiguous', () => {
    const base = {
      type: 'payment' as const,
      status: 'failed' as const,
      currency: 'CNY',
      debited: false,
      counterparty: 'A',
    };
    const recent = [
      { ...base, id: 'X1', amount: '10.00', createdAt: '2026-11-25T05:00:00Z' },
      { ...base, id: 'X2', amount: '10.00', createdAt: '2026-11-25T04:00:00Z' },
    ];
    const r = matchTransactions(
      recent,
      { text: '10元', entities: extractEntities('10元', { now: NOW }) },
      'payment_problem',
      NOW,
    );
    expect(r.kind).toBe('ambiguous');
  });
  it('propagates outages', async () => {
    const wallet = new FakeWallet(NOW).failNext('listTransactions', new WalletError('unavailable', 'down', 503));
    await expect(findTransaction(wallet, 'C1001', { entities: [] }, 'payment_problem', NOW)).rejects.toMatchObject({
      code: 'unavailable',
    });
  });
  it('recent transactions come newest first', async () => {
    const recent = await recentTransactions(new FakeWallet(NOW), 'C1001');
    expect(recent[0]?.id).toBe('T1001C');
  });
});

describe('helpers', () => {
  it('mentionsCounterparty', () => {
    expect(mentionsCounterparty('京东', '京东商城')).toBe(true);
    expect(mentionsCounterparty('京', '京东商城')).toBe(false);
    expect(mentionsCounterparty('张', '张伟')).toBe(false);
    expect(mentionsCounterparty('ONLINE-STORE-8812', 'ONLINE-STORE-8812')).toBe(true);
    expect(mentionsCounterparty('I paid online', 'ONLINE-STORE-8812')).toBe(false);
  });
  it('pickedTransactionId', () => {
    expect(pickedTransactionId('tx:T1001B')).toBe('T1001B');
    expect(pickedTransactionId('T1001B')).toBe('T1001B');
    expect(pickedTransactionId('tx:none')).toBeUndefined();
    expect(pickedTransactionId('pay:ok')).toBeUndefined();
  });
});
