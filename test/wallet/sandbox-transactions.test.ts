import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addBusinessDays } from '../../bot/wallet/sandbox/format.ts';
import {
  BalanceSchema,
  DisputeSchema,
  ErrorBodySchema,
  TransactionPageSchema,
  TransactionSchema,
} from '../../bot/wallet/schemas.ts';
import { START, app, expectError, postWithKey, useFreshSandbox } from './sandbox-testbed.ts';

useFreshSandbox();

describe('balance and transactions', () => {
  it('GET balance', async () => {
    const res = await request(app()).get('/v1/customers/C1001/balance');
    expect(res.headers.etag).toBeUndefined(); // answers are per request: nothing to revalidate
    expect(BalanceSchema.parse(res.body)).toEqual({ amount: '1280.50', currency: 'CNY', asOf: START.toISOString() });
    const john = BalanceSchema.parse((await request(app()).get('/v1/customers/C1005/balance')).body);
    expect(john).toMatchObject({ amount: '42.10', currency: 'USD' });
    expect((await request(app()).get('/v1/customers/C9999/balance')).status).toBe(404);
  });

  it('pages newest first with limit 5 and a cursor', async () => {
    const first = TransactionPageSchema.parse(
      (await request(app()).get('/v1/customers/C1001/transactions?limit=5')).body,
    );
    expect(first.items.map((t) => t.id)).toEqual(['T1001C', 'T1001B', 'T1001A', 'T1001D', 'T1001E']);
    expect(first.nextCursor).toBeDefined();
    const second = TransactionPageSchema.parse(
      (await request(app()).get(`/v1/customers/C1001/transactions?limit=5&cursor=${first.nextCursor}`)).body,
    );
    expect(second.items.map((t) => t.id)).toEqual(['T1001F', 'T1001G', 'T1001H', 'T1001I']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('filters by status', async () => {
    const page = TransactionPageSchema.parse(
      (await request(app()).get('/v1/customers/C1001/transactions?status=failed')).body,
    );
    expect(page.items.map((t) => t.id)).toEqual(['T1001B']);
  });

  it.each([['limit=0'], ['limit=51'], ['limit=x'], ['status=weird'], ['cursor=bm9wZQ']])('400 for ?%s', async (q) => {
    const res = await request(app()).get(`/v1/customers/C1001/transactions?${q}`);
    expect(res.status).toBe(400);
    expect(['invalid_request', 'invalid_cursor']).toContain(ErrorBodySchema.parse(res.body).error.code);
  });

  it('T1001B failed but debited, refund pending in 3 business days', async () => {
    const t = TransactionSchema.parse((await request(app()).get('/v1/customers/C1001/transactions/T1001B')).body);
    expect(t).toMatchObject({ status: 'failed', debited: true, amount: '299.00', counterparty: '京东商城' });
    expect(t.refund).toEqual({ status: 'pending', businessDays: 3, amount: '299.00', expectedBy: '2026-11-30' });
    expect(addBusinessDays(START, 3)).toBe('2026-11-30');
  });

  it('C1005 transactions', async () => {
    const a = TransactionSchema.parse((await request(app()).get('/v1/customers/C1005/transactions/T1005A')).body);
    expect(a).toMatchObject({ status: 'failed', debited: false, failureReason: 'insufficient_balance' });
    const b = TransactionSchema.parse((await request(app()).get('/v1/customers/C1005/transactions/T1005B')).body);
    expect(b).toMatchObject({ status: 'success', amount: '89.99', currency: 'USD', counterparty: 'ONLINE-STORE-8812' });
  });

  it("404 for another customer's transaction", async () => {
    const res = await request(app()).get('/v1/customers/C1005/transactions/T1001B');
    expect(res.status).toBe(404);
    expectError(res.body, 'not_found');
  });
});

describe('disputes', () => {
  it('one per transaction, even under another key', async () => {
    const a = await postWithKey('/v1/customers/C1005/transactions/T1005B/disputes', { reason: 'unrecognized' });
    expect(a.status).toBe(201);
    const d = DisputeSchema.parse(a.body);
    expect(d).toMatchObject({ transactionId: 'T1005B', status: 'open' });
    const b = await postWithKey('/v1/customers/C1005/transactions/T1005B/disputes', { reason: 'unrecognized' });
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    const tx = TransactionSchema.parse((await request(app()).get('/v1/customers/C1005/transactions/T1005B')).body);
    expect(tx.disputeId).toBe(d.disputeId);
    const all = (await request(app()).get('/sandbox/disputes')).body.items;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ customerId: 'C1005', reason: 'unrecognized' });
  });

  it('404 for a transaction of another customer; 400 for a bad reason', async () => {
    const r = await postWithKey('/v1/customers/C1001/transactions/T1005B/disputes', { reason: 'unrecognized' });
    expect(r.status).toBe(404);
    const bad = await postWithKey('/v1/customers/C1005/transactions/T1005B/disputes', { reason: 'meh' });
    expect(bad.status).toBe(400);
  });
});
