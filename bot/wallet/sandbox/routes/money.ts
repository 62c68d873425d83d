import type { Express } from 'express';
import { plain } from '../http.ts';
import { DisputeBody, TxQuery, parse, parseBody } from '../requests.ts';
import type { SandboxState } from '../state.ts';
import { decodeCursor, encodeCursor, toTransaction } from '../views.ts';

/** Balance, transaction pages and single transactions, and disputes (one per transaction). */
export function mountMoneyRoutes(app: Express, state: SandboxState): void {
  const { db, now } = state;

  app.get(
    '/v1/customers/:id/balance',
    plain((req) => {
      const c = state.customerOf(req);
      return { status: 200, body: { amount: c.balance, currency: c.currency, asOf: now().toISOString() } };
    }),
  );

  app.get(
    '/v1/customers/:id/transactions',
    plain((req) => {
      const q = parse(TxQuery, req.query, 'query');
      const c = state.customerOf(req);
      const offset = q.cursor ? decodeCursor(q.cursor) : 0;
      const all = db.data.transactions
        .filter((t) => t.customerId === c.id && (!q.status || t.status === q.status))
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      const items = all.slice(offset, offset + q.limit).map(toTransaction);
      const next = offset + q.limit < all.length ? encodeCursor(offset + q.limit) : undefined;
      return { status: 200, body: { items, nextCursor: next } };
    }),
  );

  app.get(
    '/v1/customers/:id/transactions/:txId',
    plain((req) => ({ status: 200, body: toTransaction(state.transactionOf(req)) })),
  );

  app.post(
    '/v1/customers/:id/transactions/:txId/disputes',
    state.write(async (req) => {
      const body = parseBody(DisputeBody, req);
      const t = state.transactionOf(req);
      const existing = db.data.disputes.find((d) => d.transactionId === t.id);
      if (existing) {
        return {
          status: 200,
          body: { disputeId: existing.disputeId, transactionId: existing.transactionId, status: existing.status },
        };
      }
      const disputeId = `D${String(db.data.disputes.length + 1).padStart(5, '0')}`;
      db.data.disputes.push({
        disputeId,
        transactionId: t.id,
        customerId: t.customerId,
        status: 'open',
        reason: body.reason,
        openedAt: now().toISOString(),
      });
      t.disputeId = disputeId;
      return { status: 201, body: { disputeId, transactionId: t.id, status: 'open' } };
    }),
  );
}
