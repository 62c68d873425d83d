import { describe, expect, it } from 'vitest';
import { checkBalanceFlow } from '../../bot/flows/check-balance.ts';
import type { CheckBalanceState } from '../../bot/flows/check-balance.ts';
import { HISTORY_PAGE_SIZE, MORE_VALUE, transactionHistoryFlow } from '../../bot/flows/transaction-history.ts';
import type { TransactionHistoryState } from '../../bot/flows/transaction-history.ts';
import { WalletError } from '../../bot/wallet/types.ts';
import type { Language } from '../../intents/types.ts';
import { text } from '../../bot/i18n/messages.ts';
import { FlowDriver, messagesIn } from './driver.ts';
import { FakeWallet } from './fake-wallet.ts';

const NOW = new Date('2026-11-25T06:00:00Z');

describe.each<Language>(['zh', 'en'])('check_balance (%s)', (language) => {
  const balance = (customerId: string) => {
    const wallet = new FakeWallet(NOW);
    return {
      wallet,
      driver: new FlowDriver<CheckBalanceState>(checkBalanceFlow, { wallet, customerId, language, now: NOW }),
    };
  };

  it('shows the balance per language with the as-of time', async () => {
    const { driver } = balance('C1001');
    const r = await driver.start();
    expect(r).toMatchObject({ done: true, outcome: 'balance_shown' });
    expect(driver.text).toBe(
      text(language, 'check_balance.balance', {
        money: language === 'zh' ? '¥1,280.50' : 'CNY 1,280.50',
        asOf: language === 'zh' ? '今天 14:00' : 'today 14:00',
      }),
    );
    const usd = balance('C1005');
    await usd.driver.start();
    expect(usd.driver.text).toContain('US$42.10');
  });

  it('a step on a leftover state shows the balance again', async () => {
    const { driver } = balance('C1005');
    await driver.start();
    const r = await driver.say('again');
    expect(r).toMatchObject({ done: true, outcome: 'balance_shown' });
    expect(driver.text).toContain('US$42.10');
  });

  it('outage → wallet_outage handoff', async () => {
    const { wallet, driver } = balance('C1001');
    wallet.failNext('getBalance', new WalletError('unavailable', 'down', 503));
    expect(await driver.start()).toMatchObject({ done: true, handoff: { reason: 'wallet_outage' } });
    expect(driver.text).toBe(text(language, 'common.outage'));
  });
});

describe.each<Language>(['zh', 'en'])('transaction_history (%s)', (language) => {
  const m = messagesIn(language);
  const history = (customerId: string) => {
    const wallet = new FakeWallet(NOW);
    return {
      wallet,
      driver: new FlowDriver<TransactionHistoryState>(transactionHistoryFlow, {
        wallet,
        customerId,
        language,
        now: NOW,
      }),
    };
  };
  const lines = (text: string) => text.split('\n').filter((l) => l.startsWith('• '));

  it('pages five at a time with a More button and the cursor in the state', async () => {
    const { wallet, driver } = history('C1001');
    await driver.start();
    expect(lines(driver.text)).toHaveLength(HISTORY_PAGE_SIZE);
    expect(driver.text.startsWith(m('transaction_history.first'))).toBe(true);
    expect(lines(driver.text)[0]).toBe(
      language === 'zh' ? '• 今天 13:30 · 张伟 · -¥500.00 · 处理中' : '• today 13:30 · 张伟 · -CNY 500.00 · pending',
    );
    expect(lines(driver.text)[1]).toContain(language === 'zh' ? '失败（已扣款）' : 'failed (debited)');
    expect(driver.buttons).toEqual([MORE_VALUE]);
    expect(driver.state).toEqual({ v: 1, step: 'page', cursor: '5', page: 1 });
    const r = await driver.press(MORE_VALUE);
    expect(wallet.calls.at(-1)?.args[1]).toEqual({ limit: 5, cursor: '5' });
    expect(driver.text.startsWith(m('transaction_history.next'))).toBe(true);
    expect(lines(driver.text)).toHaveLength(4);
    expect(driver.text).toContain(m('transaction_history.end'));
    expect(r).toMatchObject({ done: true, outcome: 'history_shown' });
  });

  it('typed "more" works; anything else ends the listing', async () => {
    const a = history('C1001');
    await a.driver.start();
    await a.driver.say(language === 'zh' ? '更多' : 'more please');
    expect(a.driver.text.startsWith(m('transaction_history.next'))).toBe(true);
    const b = history('C1001');
    await b.driver.start();
    expect(await b.driver.say('ok')).toMatchObject({ done: true });
    expect(b.driver.text).toBe(m('transaction_history.anything_else'));
  });

  it('a short history has no More button; an empty one says so', async () => {
    const a = history('C1005');
    expect(await a.driver.start()).toMatchObject({ done: true });
    expect(a.driver.buttons).toEqual([]);
    expect(lines(a.driver.text)).toHaveLength(2);
    const b = history('C1001');
    b.wallet.removeTransactions('C1001');
    expect(await b.driver.start()).toMatchObject({ done: true, outcome: 'history_empty' });
    expect(b.driver.text).toBe(m('transaction_history.empty'));
  });

  it('outage on a later page → wallet_outage handoff', async () => {
    const { wallet, driver } = history('C1001');
    await driver.start();
    wallet.failAll = new WalletError('timeout', 'timeout');
    expect(await driver.press(MORE_VALUE)).toMatchObject({ done: true, handoff: { reason: 'wallet_outage' } });
  });
});
