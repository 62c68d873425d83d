import { describe, expect, it } from 'vitest';
import { unrecognizedTransactionFlow } from '../../bot/flows/unrecognized-transaction.ts';
import type { UnrecognizedTransactionState } from '../../bot/flows/unrecognized-transaction.ts';
import { WalletError } from '../../bot/wallet/types.ts';
import type { Language } from '../../intents/types.ts';
import { text } from '../../bot/i18n/messages.ts';
import { FlowDriver, messagesIn } from './driver.ts';
import { FakeWallet } from './fake-wallet.ts';

const NOW = new Date('2026-11-25T06:00:00Z');

function setup(language: Language, customerId = 'C1005') {
  const wallet = new FakeWallet(NOW);
  const driver = new FlowDriver<UnrecognizedTransactionState>(unrecognizedTransactionFlow, {
    wallet,
    customerId,
    language,
    now: NOW,
  });
  return { wallet, driver, m: messagesIn(language) };
}

describe.each<Language>(['zh', 'en'])('unrecognized_transaction (%s)', (language) => {
  const zh = language === 'zh';
  const trigger = zh ? '有一笔89.99美元的扣款不是我付的' : "there's a $89.99 charge I don't recognise";

  it('finds the charge, locks once, opens a dispute, urgent fraud handoff', async () => {
    const { wallet, driver, m } = setup(language);
    await driver.start(trigger);
    expect(driver.state).toEqual({ v: 1, step: 'offer_lock', txId: 'T1005B' });
    expect(driver.text).toContain('ONLINE-STORE-8812');
    expect(driver.text).toContain('US$89.99');
    expect(driver.buttons).toEqual(['fraud:lock', 'fraud:nolock']);
    const r = await driver.press('fraud:lock');
    expect(driver.checkpoints).toEqual([
      { v: 1, step: 'locking', txId: 'T1005B', lockKey: 'key-1' },
      { v: 1, step: 'disputing', txId: 'T1005B', disputeKey: 'key-2', lock: 'locked' },
    ]);
    expect(wallet.writeCount('lockAccount')).toBe(1);
    expect(wallet.customer('C1005').status).toBe('locked');
    expect(wallet.disputes).toEqual([
      { disputeId: 'D00001', transactionId: 'T1005B', status: 'open', customerId: 'C1005', reason: 'unrecognized' },
    ]);
    expect(r).toMatchObject({
      done: true,
      outcome: 'locked_and_disputed',
      handoff: {
        reason: 'fraud',
        urgent: true,
        linkedTransactions: ['T1005B'],
        riskFlags: ['unrecognized_transaction', 'account_locked', 'dispute_opened'],
      },
    });
    expect(driver.text).toContain(m('unrecognized_transaction.locked'));
    expect(driver.text).toContain('D00001');
    expect(driver.text).toContain(m('unrecognized_transaction.safety'));
  });

  it('a repeated lock press after the end does nothing twice', async () => {
    const { wallet, driver } = setup(language);
    await driver.start(trigger);
    await driver.press('fraud:lock');
    const again = await driver.press('fraud:lock');
    expect(again).toMatchObject({ done: true, replies: [] });
    expect(wallet.callCount('lockAccount')).toBe(1);
    expect(wallet.callCount('openDispute')).toBe(1);
  });

  it('crash after the lock, before save: the retried turn reuses both keys (one lock, one dispute)', async () => {
    const { wallet, driver } = setup(language);
    await driver.start(trigger);
    await driver.press('fraud:lock');
    const [locking, disputing] = driver.checkpoints;
    await driver.run({ kind: 'action', value: 'fraud:lock' }, locking);
    await driver.run({ kind: 'action', value: 'fraud:lock' }, disputing);
    expect(wallet.calls.filter((c) => c.op === 'lockAccount').map((c) => c.idempotencyKey)).toEqual(['key-1', 'key-1']);
    expect(wallet.writeCount('lockAccount')).toBe(1);
    expect(wallet.disputes).toHaveLength(1);
    expect(driver.last?.handoff).toMatchObject({ reason: 'fraud', urgent: true });
  });

  it('lock declined → dispute + urgent human', async () => {
    const { wallet, driver, m } = setup(language);
    await driver.start(trigger);
    await driver.say(zh ? '先不锁' : "don't lock it");
    expect(driver.step).toBe('offer_dispute');
    expect(driver.text).toBe(m('unrecognized_transaction.offer_dispute'));
    expect(driver.buttons).toEqual(['fraud:dispute', 'fraud:human']);
    const r = await driver.press('fraud:dispute');
    expect(wallet.callCount('lockAccount')).toBe(0);
    expect(wallet.disputes).toHaveLength(1);
    expect(r).toMatchObject({
      done: true,
      outcome: 'disputed',
      handoff: {
        reason: 'fraud',
        urgent: true,
        riskFlags: ['unrecognized_transaction', 'lock_declined', 'dispute_opened'],
      },
    });
  });

  it('lock declined → just a person: urgent human without writes', async () => {
    const { wallet, driver } = setup(language);
    await driver.start(trigger);
    await driver.press('fraud:nolock');
    const r = await driver.press('fraud:human');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'fraud', urgent: true, linkedTransactions: ['T1005B'] } });
    expect(wallet.writes).toHaveLength(0);
  });

  it('no clue → recent successful debits as buttons → pick → offer lock', async () => {
    const { driver } = setup(language, 'C1001');
    await driver.start(zh ? '有一笔扣款不是我操作的' : "there's a payment I didn't make");
    expect(driver.step).toBe('choosing');
    expect(driver.text).toBe(text(language, 'pick_transaction.which_one.unrecognized'));
    expect(driver.buttons).toEqual(['tx:T1001A', 'tx:T1001D', 'tx:T1001E', 'tx:T1001F', 'tx:T1001G', 'tx:none']);
    await driver.press('tx:T1001E');
    expect(driver.state).toEqual({ v: 1, step: 'offer_lock', txId: 'T1001E' });
  });

  it('none of these → describe → found', async () => {
    const { driver } = setup(language, 'C1001');
    await driver.start(zh ? '有一笔扣款不是我操作的' : "there's a payment I didn't make");
    await driver.press('tx:none');
    expect(driver.step).toBe('describing');
    await driver.say(zh ? '房东 刘强 那笔' : 'the one to 房东 刘强');
    expect(driver.state).toMatchObject({ step: 'offer_lock', txId: 'T1001I' });
  });

  it('not found id → candidates; nothing identified → urgent human', async () => {
    const { driver, m } = setup(language);
    await driver.start('T0000Z');
    expect(driver.text).toBe(text(language, 'pick_transaction.not_found', { transactionId: 'T0000Z' }));
    await driver.press('tx:none');
    const r = await driver.press('tx:none');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'fraud', urgent: true } });
    expect(driver.text).toBe(m('unrecognized_transaction.gave_up'));
  });

  it('a wallet refusing the lock still opens the dispute and flags it', async () => {
    const { wallet, driver, m } = setup(language);
    await driver.start(trigger);
    wallet.failNext('lockAccount', new WalletError('rejected', 'account_closed', 409));
    const r = await driver.press('fraud:lock');
    expect(driver.text).toContain(m('unrecognized_transaction.lock_failed'));
    expect(r.handoff?.riskFlags).toEqual(['unrecognized_transaction', 'lock_failed', 'dispute_opened']);
  });

  it('an existing dispute on the transaction is reused, not opened again', async () => {
    const { wallet, driver } = setup(language);
    await wallet.openDispute('C1005', 'T1005B', { reason: 'unrecognized', idempotencyKey: 'earlier' });
    await driver.start(trigger);
    await driver.press('fraud:nolock');
    await driver.press('fraud:dispute');
    expect(wallet.disputes).toHaveLength(1);
    expect(driver.text).toContain('D00001');
  });

  it('outage during the lock → wallet_outage handoff, still urgent with the transaction', async () => {
    const { wallet, driver } = setup(language);
    await driver.start(trigger);
    wallet.failNext('lockAccount', new WalletError('unavailable', 'HTTP 502', 502));
    const r = await driver.press('fraud:lock');
    expect(r).toMatchObject({
      done: true,
      handoff: { reason: 'wallet_outage', urgent: true, linkedTransactions: ['T1005B'] },
    });
    expect(driver.text).toBe(text(language, 'common.outage'));
  });

  it('outage during the dispute → wallet_outage handoff, flags the lock and the missing dispute', async () => {
    const { wallet, driver } = setup(language);
    await driver.start(trigger);
    wallet.failNext('openDispute', new WalletError('timeout', 'timeout'));
    const r = await driver.press('fraud:lock');
    expect(r).toMatchObject({
      done: true,
      handoff: { reason: 'wallet_outage', riskFlags: ['unrecognized_transaction', 'account_locked', 'dispute_failed'] },
    });
    expect(wallet.disputes).toHaveLength(0);
  });

  it('outage at start → wallet_outage handoff', async () => {
    const { wallet, driver } = setup(language);
    wallet.failAll = new WalletError('unavailable', 'down', 503);
    expect(await driver.start(trigger)).toMatchObject({ done: true, handoff: { reason: 'wallet_outage' } });
  });

  it.each([
    ['请帮我锁定', false],
    ['不要锁', true],
    ['no wait, lock it', false],
    ["don't lock it yet", true],
    ['好的', false],
    ['不是现在', true],
  ] as const)('typed answer to the lock offer "%s"', async (text, declined) => {
    const { wallet, driver } = setup(language);
    await driver.start(trigger);
    await driver.say(text);
    expect(wallet.callCount('lockAccount')).toBe(declined ? 0 : 1);
    expect(driver.step).toBe(declined ? 'offer_dispute' : 'done');
  });

  it.each([
    ['no dispute, just a person', 0],
    ['open a dispute please', 1],
    ['不用提交，找人工', 0],
    ['好的，提交争议', 1],
  ] as const)('typed answer to the dispute offer "%s"', async (text, disputes) => {
    const { wallet, driver } = setup(language);
    await driver.start(trigger);
    await driver.press('fraud:nolock');
    const r = await driver.say(text);
    expect(r).toMatchObject({ done: true, handoff: { reason: 'fraud', urgent: true } });
    expect(wallet.disputes).toHaveLength(disputes);
  });

  it('unclear answer to the lock offer is asked again; still unclear → urgent fraud handoff', async () => {
    const { wallet, driver, m } = setup(language);
    await driver.start(trigger);
    await driver.say('🤔');
    expect(driver.step).toBe('offer_lock');
    expect(driver.text).toBe(m('unrecognized_transaction.offer_lock'));
    await driver.say('hmm');
    const r = await driver.say('?');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'fraud', urgent: true, linkedTransactions: ['T1005B'] } });
    expect(wallet.writes).toHaveLength(0);
  });
});
