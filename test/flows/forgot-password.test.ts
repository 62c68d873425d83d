import { describe, expect, it } from 'vitest';
import { MAX_RESENDS, forgotPasswordFlow } from '../../bot/flows/forgot-password.ts';
import type { ForgotPasswordState } from '../../bot/flows/forgot-password.ts';
import { WalletError } from '../../bot/wallet/types.ts';
import type { Language } from '../../intents/types.ts';
import { text } from '../../bot/i18n/messages.ts';
import { FlowDriver, messagesIn } from './driver.ts';
import { FakeWallet } from './fake-wallet.ts';

const NOW = new Date('2026-11-25T06:00:00Z');

function setup(language: Language, customerId = 'C1001') {
  const wallet = new FakeWallet(NOW);
  const driver = new FlowDriver<ForgotPasswordState>(forgotPasswordFlow, { wallet, customerId, language, now: NOW });
  return { wallet, driver, m: messagesIn(language) };
}

describe.each<Language>(['zh', 'en'])('forgot_password (%s)', (language) => {
  it('sends the link once, checkpointing the key before the call, and explains the steps', async () => {
    const { wallet, driver, m } = setup(language);
    const r = await driver.start();
    expect(driver.checkpoints).toEqual([{ v: 1, step: 'sending', key: 'key-1', resends: 0 }]);
    expect(wallet.calls.find((c) => c.op === 'sendPasswordResetLink')?.idempotencyKey).toBe('key-1');
    expect(wallet.writeCount('sendPasswordResetLink')).toBe(1);
    expect(driver.text).toContain('138****1001');
    expect(driver.text).toContain(m('forgot_password.steps'));
    expect(driver.text).toContain(language === 'zh' ? '忘记密码' : 'Forgot password');
    expect(driver.buttons).toEqual(['pw:got', 'pw:missing']);
    expect(driver.ids).toEqual(['forgot_password.sent', 'forgot_password.steps', 'forgot_password.ask_received']);
    expect(r.done).toBeFalsy();
    expect(driver.step).toBe('sent');
  });

  it('"got it" ends the flow', async () => {
    const { driver, m } = setup(language);
    await driver.start();
    const r = await driver.press('pw:got');
    expect(r).toMatchObject({ done: true, outcome: 'reset_link_sent' });
    expect(r.handoff).toBeUndefined();
    expect(driver.text).toBe(m('forgot_password.finished'));
  });

  it('typed answers work too', async () => {
    const { driver } = setup(language);
    await driver.start();
    await driver.say(language === 'zh' ? '还没收到' : "I didn't get it");
    expect(driver.step).toBe('troubleshooting');
  });

  it('a typed number presses the button shown with that number (channels that number buttons)', async () => {
    const { driver } = setup(language);
    await driver.start();
    expect(driver.buttons).toEqual(['pw:got', 'pw:missing']);
    expect(forgotPasswordFlow.expects?.(driver.state!, '2')).toBe(true);
    await driver.say('2');
    expect(driver.step).toBe('troubleshooting');
    expect(driver.buttons).toEqual(['pw:resend', 'pw:human']);
    expect(forgotPasswordFlow.expects?.(driver.state!, '3')).toBe(false);
    const r = await driver.say('1');
    expect(driver.step).toBe('sent');
    expect(r.done).toBeFalsy();
  });

  it('not received → tips → resends (each a new key, checkpointed) → human after the limit', async () => {
    const { wallet, driver, m } = setup(language);
    await driver.start();
    for (let i = 1; i <= MAX_RESENDS; i++) {
      await driver.press('pw:missing');
      expect(driver.text).toContain(language === 'zh' ? '垃圾' : 'spam');
      expect(driver.text).toContain('138****1001');
      expect(driver.buttons).toEqual(['pw:resend', 'pw:human']);
      await driver.press('pw:resend');
      expect(driver.checkpoints.at(-1)).toEqual({ v: 1, step: 'sending', key: `key-${i + 1}`, resends: i });
      expect(driver.text).toContain(m('forgot_password.resent', { sentTo: '138****1001', channel: 'sms' }));
      expect(driver.buttons).toEqual(['pw:got', 'pw:missing']);
    }
    expect(wallet.writeCount('sendPasswordResetLink')).toBe(1 + MAX_RESENDS);
    const r = await driver.press('pw:missing');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'flow_failed' } });
    expect(driver.text).toBe(m('forgot_password.giving_up'));
    expect(wallet.writeCount('sendPasswordResetLink')).toBe(1 + MAX_RESENDS);
  });

  it('email links get email tips (spam folder)', async () => {
    const { wallet, driver, m } = setup(language);
    wallet.resetChannel = 'email';
    await driver.start();
    expect(driver.text).toContain(m('forgot_password.sent', { sentTo: 'l***i@example.com', channel: 'email' }));
    await driver.press('pw:missing');
    expect(driver.text).toBe(
      m('forgot_password.tips_email', { sentTo: 'l***i@example.com', resendsLeft: MAX_RESENDS }),
    );
    expect(driver.text).toContain(language === 'zh' ? '垃圾邮件' : 'spam or promotions folder');
  });

  it('asks for a person from the tips', async () => {
    const { driver, m } = setup(language);
    await driver.start();
    await driver.press('pw:missing');
    const r = await driver.press('pw:human');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'flow_failed' } });
    expect(driver.text).toBe(m('forgot_password.to_human'));
  });

  it('found it after the tips', async () => {
    const { driver } = setup(language);
    await driver.start();
    await driver.press('pw:missing');
    expect(await driver.press('pw:got')).toMatchObject({ done: true, outcome: 'reset_link_sent' });
  });

  it('re-asks on unclear input, then hands over', async () => {
    const { driver, m } = setup(language);
    await driver.start();
    await driver.say('🤔');
    expect(driver.text).toBe(m('forgot_password.ask_received'));
    expect(driver.buttons).toEqual(['pw:got', 'pw:missing']);
    await driver.press('something-else');
    const r = await driver.say('???');
    expect(r).toMatchObject({ done: true, handoff: { reason: 'repeated_misunderstanding' } });
  });

  it('a retried turn after a crash before save reuses the key: one write', async () => {
    const { wallet, driver } = setup(language);
    await driver.start();
    await driver.press('pw:missing');
    await driver.press('pw:resend');
    const checkpointed = driver.checkpoints.at(-1);
    expect(checkpointed?.step).toBe('sending');
    // The process died after the write but before the engine saved: the turn runs again from the checkpoint.
    await driver.run({ kind: 'action', value: 'pw:resend' }, checkpointed);
    expect(driver.step).toBe('sent');
    const keys = wallet.calls.filter((c) => c.op === 'sendPasswordResetLink').map((c) => c.idempotencyKey);
    expect(keys).toEqual(['key-1', 'key-2', 'key-2']);
    expect(wallet.writeCount('sendPasswordResetLink')).toBe(2);
  });

  it('wallet outage → apology and wallet_outage handoff, no stack', async () => {
    const { wallet, driver } = setup(language);
    wallet.failNext('sendPasswordResetLink', new WalletError('timeout', 'request timed out after 2000ms'));
    const r = await driver.start();
    expect(r).toMatchObject({ done: true, handoff: { reason: 'wallet_outage' } });
    expect(driver.text).toBe(text(language, 'common.outage'));
    expect(driver.text).not.toMatch(/timed out|Error|at /);
  });

  it('the wallet refusing (locked account) hands over as flow_failed', async () => {
    const { wallet, driver } = setup(language);
    wallet.customer('C1001').status = 'locked';
    const r = await driver.start();
    expect(r).toMatchObject({ done: true, handoff: { reason: 'flow_failed' } });
    expect(r.handoff?.note).toContain('rejected');
    expect(driver.text).toBe(text(language, 'common.rejected'));
  });
});
