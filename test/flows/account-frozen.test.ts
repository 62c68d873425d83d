import { describe, expect, it } from 'vitest';
import { accountFrozenFlow } from '../../bot/flows/account-frozen.ts';
import type { AccountFrozenState } from '../../bot/flows/account-frozen.ts';
import { WalletError } from '../../bot/wallet/types.ts';
import type { Language } from '../../intents/types.ts';
import { text, type MessageId } from '../../bot/i18n/messages.ts';
import { FlowDriver, messagesIn } from './driver.ts';
import { FakeWallet } from './fake-wallet.ts';

const NOW = new Date('2026-11-25T06:00:00Z');

function setup(language: Language, customerId: string) {
  const wallet = new FakeWallet(NOW);
  const driver = new FlowDriver<AccountFrozenState>(accountFrozenFlow, { wallet, customerId, language, now: NOW });
  return { wallet, driver, m: messagesIn(language) };
}

describe.each<Language>(['zh', 'en'])('account_frozen (%s)', (language) => {
  it('too many password attempts: offers unfreeze, unfreezes once, offers a password reset', async () => {
    const { wallet, driver, m } = setup(language, 'C1002');
    await driver.start();
    expect(driver.text).toContain(m('account_frozen.frozen_for.too_many_password_attempts'));
    expect(driver.buttons).toEqual(['af:unfreeze', 'af:keep']);
    expect(driver.ids).toEqual(['account_frozen.offer_unfreeze']);
    await driver.press('af:unfreeze');
    expect(driver.ids).toEqual(['account_frozen.unfrozen', 'account_frozen.password_tip']);
    expect(driver.checkpoints).toEqual([
      { v: 1, step: 'unfreezing', reason: 'too_many_password_attempts', key: 'key-1' },
    ]);
    expect(wallet.writeCount('unfreeze')).toBe(1);
    expect(wallet.customer('C1002').status).toBe('active');
    expect(driver.text).toContain(m('account_frozen.unfrozen'));
    expect(driver.text).toContain(m('account_frozen.password_tip'));
    expect(driver.buttons).toEqual(['af:password', 'af:ok']);
    const r = await driver.press('af:ok');
    expect(r).toMatchObject({ done: true, outcome: 'unfrozen' });
  });

  it('after unfreezing, the password reset runs inline and checkpoints wrapped', async () => {
    const { wallet, driver } = setup(language, 'C1002');
    await driver.start();
    await driver.press('af:unfreeze');
    await driver.press('af:password');
    expect(driver.step).toBe('password_reset');
    expect(driver.checkpoints.at(-1)).toEqual({
      v: 1,
      step: 'password_reset',
      inner: { v: 1, step: 'sending', key: 'key-2', resends: 0 },
    });
    expect(wallet.writeCount('sendPasswordResetLink')).toBe(1);
    expect(driver.text).toContain(text(language, 'forgot_password.steps'));
    expect(driver.buttons).toEqual(['pw:got', 'pw:missing']);
    // A retried turn from the wrapped checkpoint reuses the inner key.
    await driver.run({ kind: 'action', value: 'af:password' }, driver.checkpoints.at(-1));
    expect(wallet.calls.filter((c) => c.op === 'sendPasswordResetLink').map((c) => c.idempotencyKey)).toEqual([
      'key-2',
      'key-2',
    ]);
    expect(wallet.writeCount('sendPasswordResetLink')).toBe(1);
    const r = await driver.press('pw:got');
    expect(r).toMatchObject({ done: true, outcome: 'reset_link_sent' });
  });

  it('customer_requested: unfreezes with the re-freeze tip and ends', async () => {
    const { wallet, driver, m } = setup(language, 'C1007');
    await driver.start();
    expect(driver.text).toContain(m('account_frozen.frozen_for.customer_requested'));
    const r = await driver.say(language === 'zh' ? '好的，解冻吧' : 'yes please unfreeze');
    expect(r).toMatchObject({ done: true, outcome: 'unfrozen' });
    expect(driver.text).toContain(m('account_frozen.refreeze_tip'));
    expect(wallet.writeCount('unfreeze')).toBe(1);
  });

  it.each([
    ['不要冻结了，帮我解冻', true],
    ['暂不解冻', false],
    ['not now', false],
    ['yes please', true],
    ['不是现在', false],
  ] as const)('typed answer to the unfreeze offer "%s"', async (text, unfreezes) => {
    const { wallet, driver } = setup(language, 'C1007');
    await driver.start();
    await driver.say(text);
    expect(wallet.writeCount('unfreeze')).toBe(unfreezes ? 1 : 0);
  });

  it('declining keeps the account frozen', async () => {
    const { wallet, driver, m } = setup(language, 'C1007');
    await driver.start();
    const r = await driver.press('af:keep');
    expect(r).toMatchObject({ done: true, outcome: 'unfreeze_declined' });
    expect(driver.text).toBe(m('account_frozen.kept'));
    expect(wallet.callCount('unfreeze')).toBe(0);
  });

  it('typed answers are read as whole words: "暂不解冻" / "don\'t unfreeze" keep it frozen, "2" is the second button', async () => {
    for (const answer of [
      language === 'zh' ? '暂不解冻' : "don't unfreeze",
      language === 'zh' ? '先不解冻吧' : 'not now',
      '2',
    ]) {
      const { wallet, driver } = setup(language, 'C1007');
      await driver.start();
      expect(driver.buttons).toEqual(['af:unfreeze', 'af:keep']);
      const r = await driver.say(answer);
      expect(r, answer).toMatchObject({ done: true, outcome: 'unfreeze_declined' });
      expect(wallet.callCount('unfreeze')).toBe(0);
    }
    const { wallet, driver } = setup(language, 'C1007');
    await driver.start();
    await driver.say('1');
    expect(wallet.writeCount('unfreeze')).toBe(1);
  });

  it('a retried unfreeze turn reuses the checkpointed key (one write)', async () => {
    const { wallet, driver } = setup(language, 'C1002');
    await driver.start();
    await driver.press('af:unfreeze');
    await driver.run({ kind: 'action', value: 'af:unfreeze' }, driver.checkpoints[0]);
    expect(wallet.calls.filter((c) => c.op === 'unfreeze').map((c) => c.idempotencyKey)).toEqual(['key-1', 'key-1']);
    expect(wallet.writeCount('unfreeze')).toBe(1);
    expect(driver.step).toBe('unfrozen');
  });

  it('a self-service reason with self-service switched off for the customer goes to a human', async () => {
    const { wallet, driver, m } = setup(language, 'C1007');
    wallet.noSelfService.add('C1007');
    const r = await driver.start();
    expect(r).toMatchObject({ done: true, handoff: { reason: 'not_self_service' } });
    expect(r.handoff?.note).toContain('self-service unfreeze not allowed');
    expect(driver.text).toBe(m('account_frozen.needs_colleague'));
    expect(wallet.callCount('unfreeze')).toBe(0);
  });

  it('kyc_expired: guides the ID re-upload, no unfreeze', async () => {
    const { wallet, driver, m } = setup(language, 'C1004');
    const r = await driver.start();
    expect(r).toMatchObject({ done: true, outcome: 'kyc_guided' });
    expect(r.handoff).toBeUndefined();
    expect(driver.text).toBe(m('account_frozen.kyc'));
    expect(driver.text).toMatch(
      language === 'zh' ? /实名认证[\s\S]*重新上传证件/ : /Identity verification[\s\S]*Upload ID again/,
    );
    expect(wallet.callCount('unfreeze')).toBe(0);
  });

  // A freeze the customer cannot lift: a human takes over, the reason stays an internal note.
  const HANDED_OVER: { name: string; customer: string; reason: string; id: MessageId; unsaid?: RegExp }[] = [
    {
      name: 'risk_review: human, reason as internal note',
      customer: 'C1003',
      reason: 'risk_review',
      id: 'account_frozen.review',
    },
    {
      name: 'legal_hold: human, and the customer hears nothing of the reason',
      customer: 'C1006',
      reason: 'legal_hold',
      id: 'account_frozen.needs_colleague',
      unsaid: /legal|法律|司法|hold|冻结原因|review|审核/i,
    },
  ];
  for (const c of HANDED_OVER) {
    it(c.name, async () => {
      const { driver, m } = setup(language, c.customer);
      const r = await driver.start();
      expect(r).toMatchObject({ done: true, handoff: { reason: 'not_self_service' } });
      expect(r.handoff?.note).toContain(c.reason);
      expect(driver.text).toBe(m(c.id));
      if (c.unsaid) expect(driver.text).not.toMatch(c.unsaid);
    });
  }

  it('a locked account goes to a human', async () => {
    const { wallet, driver, m } = setup(language, 'C1001');
    wallet.customer('C1001').status = 'locked';
    const r = await driver.start();
    expect(r).toMatchObject({ done: true, handoff: { reason: 'not_self_service' } });
    expect(driver.text).toBe(m('account_frozen.locked'));
  });

  it('not frozen: says so and offers password reset / human / fine', async () => {
    const { driver, m } = setup(language, 'C1001');
    await driver.start();
    expect(driver.text).toBe(m('account_frozen.not_frozen'));
    expect(driver.buttons).toEqual(['af:password', 'af:human', 'af:ok']);
    const human = await driver.press('af:human');
    expect(human).toMatchObject({ done: true, handoff: { reason: 'customer_request' } });
  });

  it('not frozen → "I forgot my password" starts the reset', async () => {
    const { wallet, driver } = setup(language, 'C1005');
    await driver.start();
    await driver.say(language === 'zh' ? '我忘记密码了' : 'I forgot my password');
    expect(driver.step).toBe('password_reset');
    expect(wallet.writeCount('sendPasswordResetLink')).toBe(1);
  });

  it('not frozen → fine', async () => {
    const { driver } = setup(language, 'C1001');
    await driver.start();
    expect(await driver.press('af:ok')).toMatchObject({ done: true, outcome: 'not_frozen' });
  });

  it('outage while looking up → wallet_outage handoff', async () => {
    const { wallet, driver } = setup(language, 'C1002');
    wallet.failAll = new WalletError('unavailable', 'HTTP 503', 503);
    const r = await driver.start();
    expect(r).toMatchObject({ done: true, handoff: { reason: 'wallet_outage' } });
    expect(driver.text).toBe(text(language, 'common.outage'));
  });

  it('outage during the unfreeze → wallet_outage handoff; nothing changed', async () => {
    const { wallet, driver } = setup(language, 'C1002');
    await driver.start();
    wallet.failNext('unfreeze', new WalletError('timeout', 'timeout'));
    const r = await driver.press('af:unfreeze');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'wallet_outage' } });
    expect(wallet.customer('C1002').status).toBe('frozen');
  });

  it('the wallet refusing the unfreeze hands over', async () => {
    const { wallet, driver } = setup(language, 'C1002');
    await driver.start();
    wallet.failNext('unfreeze', new WalletError('rejected', 'unfreeze_not_allowed', 409));
    const r = await driver.press('af:unfreeze');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'flow_failed' } });
  });

  it('an unknown customer (not_found) hands over kindly', async () => {
    const { driver } = setup(language, 'C9999');
    const r = await driver.start();
    expect(r).toMatchObject({ done: true, outcome: 'not_found', handoff: { reason: 'flow_failed' } });
    expect(driver.text).toBe(text(language, 'common.not_found'));
  });
});
