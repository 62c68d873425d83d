import { describe, expect, it } from 'vitest';
import { conversationKey, type Conversation } from '../../bot/engine/conversation.ts';
import { WalletError } from '../../bot/wallet/types.ts';
import { allText, createHarness, type Harness } from './fakes.ts';

async function stored(h: Harness): Promise<Conversation> {
  const conv = await h.store.get<Conversation>(conversationKey('telegram:42'));
  if (!conv) throw new Error('no conversation stored');
  return conv;
}

/** A customer who has asked for their balance and so is being asked for a phone number or email. */
async function askedToVerify(): Promise<Harness> {
  const h = createHarness();
  await h.say('check my balance');
  return h;
}

describe('engine: identity verification on anonymous channels', () => {
  it('asks for phone/email before an account flow, sends a code, and starts the flow once verified', async () => {
    const h = createHarness();
    const ask = await h.say('my account is frozen');
    expect(allText(ask)).toMatch(/registered with your upay account/);
    expect(ask.flow).toBeNull();
    expect(h.wallet.calls.unfreeze).toBeUndefined();

    const sent = await h.say('13800001001');
    expect(allText(sent)).toContain('138****1001');
    expect(h.wallet.calls.sendOtp).toBe(1);

    const ok = await h.say('123456');
    expect(allText(ok)).toMatch(/you are verified/);
    expect(allText(ok)).toContain('Unfreeze now?');
    expect(ok.flow).toBe('account_frozen');
    const conv = await stored(h);
    expect(conv.identity).toMatchObject({ verified: true, customerId: 'C1', via: 'otp' });
    expect(JSON.stringify(conv.transcript)).not.toContain('123456');
  });

  it('uses the phone number already in the triggering message', async () => {
    const h = createHarness();
    const sent = await h.say('account frozen, my phone is 13800001001');
    expect(allText(sent)).toContain('138****1001');
    expect(h.wallet.calls.sendOtp).toBe(1);
  });

  it('verifies by email too', async () => {
    const h = await askedToVerify();
    const sent = await h.say('li@example.com');
    expect(allText(sent)).toContain('l***@example.com');
    const ok = await h.say('123456');
    expect(allText(ok)).toContain('Balance 1280.50');
  });

  it('the phone/email question asks channels to offer "share my phone number" (requestContact); other replies do not', async () => {
    const h = createHarness();
    const ask = await h.say('check my balance');
    const question = ask.replies.find((r) => /registered with your upay account/.test(r.text));
    expect(question?.requestContact).toBe(true);
    expect(question?.buttons?.map((b) => b.value)).toEqual(['cmd:cancel']);
    const unclear = await h.say('hmm');
    expect(unclear.replies.at(-1)).toMatchObject({ requestContact: true });
    expect(allText(unclear)).toMatch(/does not look like a phone number/);
    const sent = await h.say('13800001001');
    expect(sent.replies.some((r) => r.requestContact)).toBe(false);
    const other = await h.press('verify:other');
    expect(other.replies).toEqual([
      expect.objectContaining({
        requestContact: true,
        text: expect.stringMatching(/registered with your upay account/) as unknown,
      }),
    ]);
    const shared = await h.send({ kind: 'contact', phone: '+8613800001001' });
    expect(allText(shared)).toContain('138****1001');
    expect(shared.replies.some((r) => r.requestContact)).toBe(false);
  });

  it('a Telegram shared contact counts as the phone number', async () => {
    const h = await askedToVerify();
    const sent = await h.send({ kind: 'contact', phone: '+8613800001001' });
    expect(allText(sent)).toContain('138****1001');
    expect(h.wallet.calls.sendOtp).toBe(1);
  });

  it('gives exactly the same reply for an unregistered phone, sends nothing, and every code fails', async () => {
    const known = await askedToVerify();
    const knownReply = await known.say('13800001001');

    const unknown = await askedToVerify();
    const unknownReply = await unknown.say('13800009999');
    expect(unknown.wallet.calls.sendOtp).toBeUndefined();
    expect(unknownReply.replies.map((r) => ({ ...r, text: r.text.replace('138****9999', 'X') }))).toEqual(
      knownReply.replies.map((r) => ({ ...r, text: r.text.replace('138****1001', 'X') })),
    );

    const knownWrong = await known.say('000000');
    const unknownWrong = await unknown.say('123456');
    expect(unknownWrong.replies).toEqual(knownWrong.replies);
    expect(allText(unknownWrong)).toMatch(/4 attempt/);
  });

  it('counts wrong codes down and hands off after too many', async () => {
    const h = await askedToVerify();
    await h.say('13800001001');
    for (let left = 4; left >= 1; left--) {
      const wrong = await h.say('111111');
      expect(allText(wrong)).toContain(`${left} attempt`);
    }
    const last = await h.say('111111');
    expect(allText(last)).toMatch(/Too many wrong codes/);
    expect(last.handoff).toBe('requested');
    expect(h.metrics.handoffs).toEqual(['flow_failed']);
    const after = await h.say('123456');
    expect(allText(after)).not.toContain('Balance');
  });

  it('an expired code offers a resend, and the new code works', async () => {
    const h = await askedToVerify();
    await h.say('13800001001');
    h.clock.advance(6 * 60_000);
    const expired = await h.say('123456');
    expect(allText(expired)).toMatch(/expired/);
    expect(expired.replies.at(-1)?.buttons?.map((b) => b.value)).toContain('verify:resend');
    const resent = await h.press('verify:resend');
    expect(allText(resent)).toMatch(/new code/);
    expect(h.wallet.calls.resendOtp).toBe(1);
    const ok = await h.say('123456');
    expect(allText(ok)).toContain('Balance 1280.50');
  });

  it('stops resending after the limit', async () => {
    const h = createHarness({ overrides: { options: { maxResends: 1 } } });
    await h.say('check my balance');
    await h.say('13800001001');
    await h.press('verify:resend');
    const limited = await h.press('verify:resend');
    expect(allText(limited)).toMatch(/cannot send more codes/);
  });

  it('a wallet refusing a resend (its own limit) is answered like a sent code, as for an unknown number', async () => {
    const h = await askedToVerify();
    await h.say('13800001001');
    h.wallet.failNext(new WalletError('resend_limit', 'no resends left', 429));
    const resent = await h.press('verify:resend');
    expect(allText(resent)).toMatch(/new code is on its way/);
    // The code sent first is still the one to type.
    expect(allText(await h.say('123456'))).toContain('Balance 1280.50');
  });

  it('an ask_code record saved before the per-number counters (no identifierHash) still verifies', async () => {
    const h = await askedToVerify();
    await h.say('13800001001');
    const conv = await stored(h);
    if (conv.verification?.step !== 'ask_code') throw new Error('expected ask_code');
    expect(conv.verification.identifierHash).toEqual(expect.any(String));
    delete conv.verification.identifierHash;
    await h.store.set(conversationKey('telegram:42'), conv);
    expect(allText(await h.say('111111'))).toContain('4 attempt');
    expect(allText(await h.say('123456'))).toContain('Balance 1280.50');
  });

  it('an OTP verification expires after its TTL and is asked again', async () => {
    const h = await askedToVerify();
    await h.say('13800001001');
    await h.say('123456');
    h.clock.advance(31 * 60_000);
    const again = await h.say('check my balance');
    expect(allText(again)).toMatch(/registered with your upay account/);
  });

  it('never starts an account flow in a group chat', async () => {
    const h = createHarness();
    const r = await h.say('check my balance', { isGroup: true });
    expect(allText(r)).toMatch(/private chat/);
    expect(h.wallet.calls.getBalance).toBeUndefined();
    expect(h.wallet.calls.findCustomer).toBeUndefined();
  });

  it('a contact shared in a group chat starts nothing', async () => {
    const h = createHarness();
    const r = await h.send({ kind: 'contact', phone: '+8613800001001' }, { isGroup: true });
    expect(allText(r)).toMatch(/私聊/);
    expect(h.wallet.calls.findCustomer).toBeUndefined();
  });

  it('in-app events with a signed customer id are verified without a code', async () => {
    const h = createHarness({ channel: 'webchat', customerId: 'C1' });
    const r = await h.say('check my balance');
    expect(allText(r)).toContain('Balance 1280.50');
    expect(h.wallet.calls.sendOtp).toBeUndefined();
  });

  it('a wallet outage while sending the code: friendly message and handoff', async () => {
    const h = await askedToVerify();
    h.wallet.failNext(new WalletError('unavailable', 'down', 503));
    const r = await h.say('13800001001');
    expect(allText(r)).toMatch(/not responding/);
    expect(r.handoff).toBe('requested');
    expect(h.metrics.handoffs).toEqual(['wallet_outage']);
  });

  it('a question during verification is answered and the question re-asked; cancel leaves', async () => {
    const h = await askedToVerify();
    const faq = await h.say('what are the fees?');
    expect(allText(faq)).toContain('EN answer fees');
    expect(allText(faq)).toMatch(/registered with your upay account/);
    const cancelled = await h.say('cancel');
    expect(allText(cancelled)).toMatch(/stopped/);
    expect((await stored(h)).verification).toBeUndefined();
  });

  it('a password typed during verification is redacted and the customer warned', async () => {
    const h = await askedToVerify();
    const r = await h.say('my password is hunter22');
    expect(allText(r)).toMatch(/never send your password/);
    const conv = await stored(h);
    expect(JSON.stringify(conv)).not.toContain('hunter22');
  });

  it('another account question while verifying replaces the pending one; intent trail skips bare codes', async () => {
    const h = createHarness();
    await h.say('account frozen');
    const switched = await h.say('actually just check my balance');
    expect(allText(switched)).toMatch(/registered with your upay account/);
    expect(allText(switched)).not.toMatch(/does not look like/);
    await h.say('13800001001');
    const ok = await h.say('123456');
    expect(allText(ok)).toContain('Balance 1280.50');
    const conv = await stored(h);
    expect(conv.intentTrail.map((i) => i.intent)).toEqual(['account_frozen', 'check_balance']);
  });
});
