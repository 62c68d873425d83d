/**
 * The flows against the real sandbox wallet over HTTP (the project's client), seeded at a fixed
 * clock: the demo customers' branches, idempotent writes, outages.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountFrozenFlow } from '../../bot/flows/account-frozen.ts';
import type { AccountFrozenState } from '../../bot/flows/account-frozen.ts';
import { checkBalanceFlow } from '../../bot/flows/check-balance.ts';
import { forgotPasswordFlow } from '../../bot/flows/forgot-password.ts';
import type { ForgotPasswordState } from '../../bot/flows/forgot-password.ts';
import { paymentFailedFlow } from '../../bot/flows/payment-failed.ts';
import { transactionHistoryFlow } from '../../bot/flows/transaction-history.ts';
import { unrecognizedTransactionFlow } from '../../bot/flows/unrecognized-transaction.ts';
import type { UnrecognizedTransactionState } from '../../bot/flows/unrecognized-transaction.ts';
import type { Flow, FlowStateBase } from '../../bot/flows/types.ts';
import { createInProcessWallet } from '../../bot/wallet/index.ts';
import type { InProcessWallet } from '../../bot/wallet/index.ts';
import type { Language } from '../../intents/types.ts';
import { FlowDriver } from './driver.ts';

const NOW = new Date('2026-11-25T06:00:00Z');
let wallet: InProcessWallet;

beforeAll(async () => {
  wallet = await createInProcessWallet({
    now: () => NOW,
    client: { retries: 0, breaker: { failureThreshold: 1000, coolDownMs: 1 } },
  });
});
afterAll(async () => {
  await wallet?.close();
});
beforeEach(async () => {
  await wallet.control.reset();
});

function drive<S extends FlowStateBase>(flow: Flow<S>, customerId: string, language: Language): FlowDriver<S> {
  return new FlowDriver<S>(flow, { wallet: wallet.api, customerId, language, now: NOW });
}

describe('flows against the sandbox wallet', () => {
  it('payment_failed: C1001 yesterday failed but debited → refund in 3 business days', async () => {
    const d = drive(paymentFailedFlow, 'C1001', 'zh');
    await d.start('我昨天付款失败了，但是钱被扣了');
    expect(d.state).toMatchObject({ step: 'explained', txId: 'T1001B' });
    expect(d.text).toMatch(/¥299\.00[\s\S]*退款[\s\S]*3个工作日/);
    const r = await d.press('pay:disagree');
    expect(r.handoff).toMatchObject({ reason: 'customer_disagrees', linkedTransactions: ['T1001B'] });
  });

  it('payment_failed: C1005 insufficient balance, not debited (en)', async () => {
    const d = drive(paymentFailedFlow, 'C1005', 'en');
    await d.start('my payment failed');
    expect(d.buttons).toEqual(['tx:T1005A', 'tx:none']);
    await d.press('tx:T1005A');
    expect(d.text).toContain('no money was taken');
    expect(d.text).toContain('insufficient balance');
  });

  it('payment_failed: unknown id → not found with candidates', async () => {
    const d = drive(paymentFailedFlow, 'C1001', 'en');
    await d.start('T1001Z failed');
    expect(d.buttons).toEqual(['tx:T1001C', 'tx:T1001B', 'tx:none']);
  });

  it('unrecognized: C1005 lock + dispute once, even when the turn is retried from its checkpoints', async () => {
    const d = drive<UnrecognizedTransactionState>(unrecognizedTransactionFlow, 'C1005', 'en');
    await d.start("I don't recognise the ONLINE-STORE-8812 charge");
    expect(d.state).toMatchObject({ step: 'offer_lock', txId: 'T1005B' });
    const r = await d.press('fraud:lock');
    expect(r.handoff).toMatchObject({ reason: 'fraud', urgent: true, linkedTransactions: ['T1005B'] });
    for (const checkpoint of d.checkpoints) await d.run({ kind: 'action', value: 'fraud:lock' }, checkpoint);
    expect(await wallet.control.disputes()).toHaveLength(1);
    expect((await wallet.api.getCustomer('C1005')).status).toBe('locked');
  });

  it('unrecognized: a lock whose answer was lost (written, 503) → outage handoff; the retry with the key replays', async () => {
    const d = drive<UnrecognizedTransactionState>(unrecognizedTransactionFlow, 'C1005', 'zh');
    await d.start('T1005B 不是我付的');
    await wallet.control.setFaults({ failNext: 1, failMode: 'after_action', status: 503 });
    const r = await d.press('fraud:lock');
    expect(r.handoff).toMatchObject({ reason: 'wallet_outage', urgent: true });
    expect((await wallet.api.getCustomer('C1005')).status).toBe('locked');
    const locking = d.checkpoints[0];
    expect(locking?.step).toBe('locking');
    const retried = await d.run({ kind: 'action', value: 'fraud:lock' }, locking);
    expect(retried.handoff).toMatchObject({
      reason: 'fraud',
      riskFlags: ['unrecognized_transaction', 'account_locked', 'dispute_opened'],
    });
    expect(await wallet.control.disputes()).toHaveLength(1);
  });

  it.each([
    ['C1002', 'en', 'unfreeze'],
    ['C1007', 'en', 'unfreeze'],
    ['C1004', 'zh', 'kyc'],
    ['C1003', 'zh', 'risk_review'],
    ['C1006', 'zh', 'legal_hold'],
    ['C1001', 'zh', 'active'],
  ] as const)('account_frozen: %s (%s) → %s', async (customerId, language, expected) => {
    const d = drive<AccountFrozenState>(accountFrozenFlow, customerId, language);
    const r = await d.start();
    if (expected === 'unfreeze') {
      expect(d.buttons).toEqual(['af:unfreeze', 'af:keep']);
      await d.press('af:unfreeze');
      await d.run({ kind: 'action', value: 'af:unfreeze' }, d.checkpoints[0]);
      expect((await wallet.api.getCustomer(customerId)).status).toBe('active');
    } else if (expected === 'kyc') {
      expect(r).toMatchObject({ done: true, outcome: 'kyc_guided' });
    } else if (expected === 'active') {
      expect(d.step).toBe('not_frozen');
    } else {
      expect(r.handoff).toMatchObject({ reason: 'not_self_service' });
      expect(r.handoff?.note).toContain(expected);
      expect(d.text).not.toMatch(/legal|法律|司法/i);
    }
  });

  it('forgot_password: one reset link per key, also when the turn is retried', async () => {
    const d = drive<ForgotPasswordState>(forgotPasswordFlow, 'C1001', 'zh');
    await d.start();
    expect(d.text).toContain('138****1001');
    await d.run({ kind: 'action', value: 'pw:got' }, d.checkpoints[0]);
    expect(await wallet.control.outbox({ customerId: 'C1001', kind: 'password_reset_link' })).toHaveLength(1);
    await d.press('pw:missing');
    await d.press('pw:resend');
    expect(await wallet.control.outbox({ customerId: 'C1001', kind: 'password_reset_link' })).toHaveLength(2);
  });

  it('check_balance and transaction_history', async () => {
    const b = drive(checkBalanceFlow, 'C1005', 'en');
    await b.start();
    expect(b.text).toBe('Your upay balance is US$42.10 (as of today 14:00).');
    const h = drive(transactionHistoryFlow, 'C1001', 'zh');
    await h.start();
    expect(h.buttons).toEqual(['history:more']);
    const r = await h.press('history:more');
    expect(r.done).toBe(true);
    expect(h.text).toContain('房东 刘强');
  });

  it('an outage becomes a wallet_outage handoff', async () => {
    await wallet.control.setFaults({ failNext: 3, status: 503 });
    const d = drive(checkBalanceFlow, 'C1001', 'en');
    expect(await d.start()).toMatchObject({ done: true, handoff: { reason: 'wallet_outage' } });
  });
});
