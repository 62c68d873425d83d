import { describe, expect, it } from 'vitest';
import { paymentFailedFlow } from '../../bot/flows/payment-failed.ts';
import type { PaymentFailedState } from '../../bot/flows/payment-failed.ts';
import type { SandboxTransaction } from '../../bot/wallet/sandbox/data.ts';
import { WalletError } from '../../bot/wallet/types.ts';
import type { Language } from '../../intents/types.ts';
import { text } from '../../bot/i18n/messages.ts';
import { FlowDriver, messagesIn } from './driver.ts';
import { FakeWallet } from './fake-wallet.ts';

const NOW = new Date('2026-11-25T06:00:00Z');

function setup(language: Language, customerId = 'C1001') {
  const wallet = new FakeWallet(NOW);
  const driver = new FlowDriver<PaymentFailedState>(paymentFailedFlow, { wallet, customerId, language, now: NOW });
  return { wallet, driver, m: messagesIn(language) };
}

const extra = (fields: Partial<SandboxTransaction> & { id: string }): SandboxTransaction => ({
  customerId: 'C1001',
  type: 'payment',
  status: 'failed',
  amount: '66.00',
  currency: 'CNY',
  counterparty: '测试商户',
  createdAt: '2026-11-25T05:00:00Z',
  debited: false,
  ...fields,
});

describe.each<Language>(['zh', 'en'])('payment_failed (%s)', (language) => {
  const zh = language === 'zh';

  it('failed but debited (by date): refund status, expected date and business days', async () => {
    const { wallet, driver, m } = setup(language);
    await driver.start(zh ? '我昨天付款失败了，但是钱被扣了' : 'my payment yesterday failed but I was charged');
    expect(driver.step).toBe('explained');
    expect(driver.text).toContain(zh ? '¥299.00' : 'CNY 299.00');
    expect(driver.text).toContain('京东商城');
    expect(driver.text).toMatch(zh ? /退款[\s\S]*3个工作日/ : /refund[\s\S]*3 business days/);
    expect(driver.text).toMatch(zh ? /预计 \d+月\d+日 前到账/ : /expected by \d+ [A-Z][a-z]{2}/);
    expect(driver.text).not.toContain(m('payment_failed.checklist'));
    expect(driver.buttons).toEqual(['pay:ok', 'pay:disagree']);
    expect(wallet.writes).toHaveLength(0);
  });

  it('finds by transaction id, amount, merchant and "the last one"', async () => {
    for (const [text, id] of [
      ['T1001B', 'T1001B'],
      [zh ? '299元那笔' : 'the 299 one', 'T1001B'],
      [zh ? '是 299 那笔' : 'the 299 yuan one', 'T1001B'],
      [zh ? '京东的付款失败了' : 'my JD payment at 京东商城 failed', 'T1001B'],
      [zh ? '最近一笔转账还没到' : 'the last one is stuck', 'T1001C'],
    ] as const) {
      const { driver } = setup(language);
      await driver.start(text);
      expect(driver.state).toMatchObject({ step: 'explained', txId: id });
    }
  });

  it('failed, not debited: no money taken, reason and advice (no checklist for insufficient balance)', async () => {
    const { driver, m } = setup(language, 'C1005');
    await driver.start('T1005A');
    expect(driver.text).toContain(zh ? '没有被扣' : 'no money was taken');
    expect(driver.text).toContain(zh ? '余额不足' : 'insufficient balance');
    expect(driver.text).toContain(m('payment_failed.advice.insufficient_balance'));
    expect(driver.text).toContain('US$120.00');
    expect(driver.text).not.toContain(m('payment_failed.checklist'));
  });

  it('failed, not debited, network error: adds the five-step checklist', async () => {
    const { wallet, driver, m } = setup(language);
    wallet.addTransaction(extra({ id: 'T1001N', failureReason: 'network_error' }));
    await driver.start('T1001N');
    expect(driver.text).toContain(m('payment_failed.checklist'));
    expect(
      m('payment_failed.checklist')
        .split('\n')
        .filter((l) => /^\d\./.test(l)),
    ).toHaveLength(5);
    expect(driver.text).toContain(zh ? '网络异常' : 'a network problem');
  });

  it('pending: explains what pending means and not to pay again', async () => {
    const { driver } = setup(language);
    await driver.start(zh ? '转给张伟的钱怎么还没到' : 'my transfer to 张伟 has not arrived');
    expect(driver.text).toContain(zh ? '处理中' : 'pending');
    expect(driver.text).toContain(zh ? '不要重复付款' : "don't pay again");
    expect(driver.text).toContain(zh ? '¥500.00' : 'CNY 500.00');
  });

  it('success: it went through', async () => {
    const { driver } = setup(language);
    await driver.start('T1001A');
    expect(driver.text).toContain(zh ? '已经成功' : 'went through');
    expect(driver.text).toContain('T1001A');
  });

  it('reversed and refunded cases', async () => {
    const { wallet, driver } = setup(language);
    wallet.addTransaction(extra({ id: 'T1001R', status: 'reversed', debited: true }));
    wallet.addTransaction(extra({ id: 'T1001F2', debited: true, refund: { status: 'completed', amount: '66.00' } }));
    await driver.start('T1001R');
    expect(driver.text).toContain(zh ? '已被撤销' : 'was reversed');
    await driver.start('T1001F2');
    expect(driver.text).toContain(zh ? '已经退款' : 'has been refunded');
  });

  it('failed, debited, no refund: hands over with the transaction linked', async () => {
    const { wallet, driver } = setup(language);
    wallet.addTransaction(extra({ id: 'T1001X', debited: true, refund: { status: 'none' } }));
    const r = await driver.start('T1001X');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'flow_failed', linkedTransactions: ['T1001X'] } });
  });

  it('no clue → failed/pending candidates as buttons → pick one', async () => {
    const { driver } = setup(language);
    await driver.start(zh ? '付款失败了' : 'my payment failed');
    expect(driver.step).toBe('choosing');
    expect(driver.text).toBe(text(language, 'pick_transaction.which_one.payment_problem'));
    expect(driver.buttons).toEqual(['tx:T1001C', 'tx:T1001B', 'tx:none']);
    const labels = driver.last?.replies[0]?.buttons?.map((b) => b.label) ?? [];
    expect(labels[1]).toContain('京东商城');
    expect(labels[2]).toBe(text(language, 'pick_transaction.button_none'));
    await driver.press('tx:T1001B');
    expect(driver.state).toMatchObject({ step: 'explained', txId: 'T1001B' });
  });

  it('typed answer while choosing runs the finder again', async () => {
    const { driver } = setup(language);
    await driver.start(zh ? '付款失败了' : 'my payment failed');
    await driver.say(zh ? '京东那笔' : 'the 京东商城 one');
    expect(driver.state).toMatchObject({ step: 'explained', txId: 'T1001B' });
  });

  it('a typed number picks the numbered choice', async () => {
    const { driver } = setup(language);
    await driver.start(zh ? '付款失败了' : 'my payment failed');
    await driver.say('2');
    expect(driver.state).toMatchObject({ step: 'explained', txId: 'T1001B' });
  });

  it('none of these → describe → found', async () => {
    const { driver } = setup(language);
    await driver.start(zh ? '付款失败了' : 'my payment failed');
    await driver.press('tx:none');
    expect(driver.step).toBe('describing');
    expect(driver.text).toBe(text(language, 'pick_transaction.describe'));
    await driver.say(zh ? '星巴克那笔35块' : 'the 35 one at 星巴克');
    expect(driver.state).toMatchObject({ step: 'explained', txId: 'T1001A' });
  });

  it('none of these twice → human', async () => {
    const { driver, m } = setup(language);
    await driver.start(zh ? '付款失败了' : 'my payment failed');
    await driver.press('tx:none');
    const r = await driver.say(zh ? '都不是' : 'none of these');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'flow_failed' } });
    expect(driver.text).toBe(m('payment_failed.gave_up'));
  });

  it('unknown transaction id (not_found): says so kindly and lists candidates', async () => {
    const { driver } = setup(language);
    await driver.start('T9999Z');
    expect(driver.step).toBe('choosing');
    expect(driver.text).toBe(text(language, 'pick_transaction.not_found', { transactionId: 'T9999Z' }));
    expect(driver.buttons).toEqual(['tx:T1001C', 'tx:T1001B', 'tx:none']);
  });

  it('a stale button for an unknown transaction re-offers candidates, then gives up', async () => {
    const { driver } = setup(language);
    await driver.start(zh ? '付款失败了' : 'my payment failed');
    await driver.press('tx:T0000Q');
    expect(driver.step).toBe('choosing');
    expect(driver.text).toBe(text(language, 'pick_transaction.not_found', { transactionId: 'T0000Q' }));
    await driver.say('🙃');
    expect(driver.step).toBe('choosing');
    const r = await driver.press('garbage');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'flow_failed' } });
  });

  it('"that helps" ends the flow', async () => {
    const { driver, m } = setup(language);
    await driver.start('T1001B');
    const r = await driver.press('pay:ok');
    expect(r).toMatchObject({ done: true, outcome: 'explained' });
    expect(r.handoff).toBeUndefined();
    expect(driver.text).toBe(m('payment_failed.glad'));
  });

  it('disagree → customer_disagrees handoff with the transaction linked', async () => {
    const { driver, m } = setup(language);
    await driver.start('T1001B');
    const r = await driver.say(zh ? '不对，我不同意' : "this isn't right");
    expect(r).toMatchObject({
      done: true,
      outcome: 'customer_disagrees',
      handoff: { reason: 'customer_disagrees', linkedTransactions: ['T1001B'] },
    });
    expect(r.handoff?.note).toContain('failed_debited_refund_pending');
    expect(driver.text).toBe(m('payment_failed.to_human'));
  });

  it('unclear feedback is asked again', async () => {
    const { driver, m } = setup(language);
    await driver.start('T1001B');
    await driver.say('🤷');
    expect(driver.step).toBe('explained');
    expect(driver.text).toBe(m('payment_failed.does_this_help'));
    expect(driver.buttons).toEqual(['pay:ok', 'pay:disagree']);
  });

  it('feedback still unclear after the re-asks → a person, with the transaction linked', async () => {
    const { driver } = setup(language);
    await driver.start('T1001B');
    await driver.say('🤷');
    await driver.say('hmm');
    const r = await driver.say('...');
    expect(r).toMatchObject({
      done: true,
      handoff: { reason: 'repeated_misunderstanding', linkedTransactions: ['T1001B'] },
    });
  });

  it('no transactions at all → human', async () => {
    const { wallet, driver, m } = setup(language);
    wallet.removeTransactions('C1001');
    const r = await driver.start(zh ? '付款失败了' : 'my payment failed');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'flow_failed' } });
    expect(driver.text).toBe(m('payment_failed.no_transactions'));
  });

  it('outage at start and while picking → wallet_outage handoff', async () => {
    const a = setup(language);
    a.wallet.failNext('*', new WalletError('unavailable', 'HTTP 503', 503));
    expect(await a.driver.start('T1001B')).toMatchObject({ done: true, handoff: { reason: 'wallet_outage' } });
    expect(a.driver.text).toBe(text(language, 'common.outage'));
    const b = setup(language);
    await b.driver.start(zh ? '付款失败了' : 'my payment failed');
    b.wallet.failAll = new WalletError('timeout', 'timeout');
    expect(await b.driver.press('tx:T1001B')).toMatchObject({ done: true, handoff: { reason: 'wallet_outage' } });
  });
});
