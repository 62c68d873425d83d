import { describe, expect, it } from 'vitest';
import { conversationKey, type Conversation } from '../../bot/engine/conversation.ts';
import type { CaseRecord } from '../../bot/engine/handoff.ts';
import { WalletError } from '../../bot/wallet/types.ts';
import { allText, createHarness } from './fakes.ts';

describe('engine: handoff policies', () => {
  it('an explicit request for a human hands off with the contact channels (no desk)', async () => {
    const h = createHarness();
    const r = await h.say('I want a human agent');
    expect(r.handoff).toBe('requested');
    expect(allText(r)).toContain('400-000-0000');
    expect(allText(r)).toContain('help@upay.example');
    expect(h.metrics.handoffs).toEqual(['customer_request']);
  });

  it('/human command hands off too, and a second request opens nothing new', async () => {
    const h = createHarness({ withDesk: true });
    const first = await h.send({ kind: 'command', name: 'human' }, { user: { id: 'u42', locale: 'en-GB' } });
    expect(first.handoff).toBe('queued');
    expect(allText(first)).toMatch(/There are 2 customers ahead of you\./);
    expect(allText(first)).toMatch(/about 5 minute/);
    const second = await h.say('human please');
    expect(allText(second)).toMatch(/already waiting/);
    expect(h.desk.opened).toHaveLength(1);
  });

  it('two misunderstandings in a row hand off; one understood message in between resets the count', async () => {
    const h = createHarness();
    const first = await h.say('what is the weather like');
    expect(first.handoff).toBe('none');
    expect(allText(first)).toContain('EN answer out_of_scope');
    expect(first.replies[0]?.buttons?.map((b) => b.value)).toContain('intent:account_frozen');
    await h.say('what are the fees');
    const again = await h.say('tell me a joke');
    expect(again.handoff).toBe('none');
    const twice = await h.say('sing a song');
    expect(twice.handoff).toBe('requested');
    expect(allText(twice)).toMatch(/keep misunderstanding/);
    expect(h.metrics.handoffs).toEqual(['repeated_misunderstanding']);
  });

  it('a flow asking for a fraud handoff marks it urgent and opens a case with linked transactions', async () => {
    const h = createHarness({ withDesk: true });
    const r = await h.say("I don't recognise this, it was not me");
    expect(r.handoff).toBe('queued');
    expect(allText(r)).toMatch(/urgent/);
    const c = h.desk.opened[0];
    expect(c?.urgent).toBe(true);
    expect(c?.reason).toBe('fraud');
    expect(c?.linkedTransactions).toEqual(['T1']);
    expect(c?.riskFlags).toContain('fraud_suspected');
    expect(c?.summary).toMatch(/fraud/);
    expect(h.metrics.outcomes).toContain('unrecognized_transaction:locked');
  });

  it('the case carries a redacted transcript, the intent trail and the masked customer', async () => {
    const h = createHarness({ withDesk: true });
    await h.say('check my balance');
    await h.say('13800001001');
    await h.say('123456');
    await h.say('my password is hunter22');
    await h.say('I want a human');
    const c = h.desk.opened[0];
    expect(c).toBeDefined();
    const text = JSON.stringify(c);
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain('13800001001');
    expect(text).not.toContain('123456');
    expect(c?.customer).toMatchObject({ verified: true, customerId: 'C1', maskedPhone: '138****1001' });
    expect(c?.intentTrail.map((i) => i.intent)).toContain('check_balance');
    expect(c?.language).toBe('en');
  });

  it('a wallet outage in a flow: friendly message, handoff, and the write happens once on retry', async () => {
    const h = createHarness({ channel: 'webchat', customerId: 'C1', withDesk: true });
    await h.say('account frozen');
    h.wallet.failNext(new WalletError('unavailable', '503', 503));
    const r = await h.press('yes');
    expect(allText(r)).toMatch(/not responding/);
    expect(r.handoff).toBe('queued');
    expect(h.desk.opened[0]?.reason).toBe('wallet_outage');
    expect(h.wallet.unfreezes).toBe(0);
  });
});

describe('engine: handoff callbacks', () => {
  async function queued() {
    const h = createHarness({ withDesk: true });
    await h.say('I want a human');
    const caseId = h.desk.opened[0]?.caseId as string;
    return { h, caseId };
  }

  it('claim → agent named to the customer; customer text relayed, bot silent', async () => {
    const { h, caseId } = await queued();
    await h.engine.onClaimed('telegram:42', caseId, 'Alice');
    await h.engine.onClaimed('telegram:42', caseId, 'Alice');
    expect(h.sink.sent).toHaveLength(1);
    expect(allText(h.sink.sent[0]!)).toContain('Alice');
    const r = await h.say('my card is 4111 1111 1111 1111');
    expect(r.handoff).toBe('claimed');
    expect(r.replies.map((x) => x.text).join()).toMatch(/never send/);
    expect(h.desk.relayed.at(-1)?.text).not.toContain('4111 1111 1111 1111');
    const plain = await h.say('hello?');
    expect(plain.replies).toEqual([]);
    expect(h.desk.relayed.at(-1)?.text).toBe('hello?');
  });

  it('agent messages reach the customer through the sink; close asks for a rating that is stored with the case', async () => {
    const { h, caseId } = await queued();
    await h.engine.onClaimed('telegram:42', caseId, 'Alice');
    await h.engine.onAgentMessage('telegram:42', caseId, 'Hi, I can help');
    expect(h.sink.sent.at(-1)?.replies[0]?.text).toBe('Hi, I can help');
    const conv = await h.store.get<Conversation>(conversationKey('telegram:42'));
    expect(conv?.handoff.state).toBe('relaying');
    expect(conv?.transcript.at(-1)).toMatchObject({ from: 'agent', text: 'Hi, I can help' });

    await h.engine.onClosed('telegram:42', caseId, 'resolved');
    await h.engine.onClosed('telegram:42', caseId, 'resolved');
    const closing = h.sink.sent.filter((s) => allText(s).includes('How satisfied'));
    expect(closing).toHaveLength(1);
    expect(closing[0]?.replies.at(-1)?.buttons?.map((b) => b.value)).toEqual([
      'rating:1',
      'rating:2',
      'rating:3',
      'rating:4',
      'rating:5',
    ]);

    const rated = await h.press('rating:4');
    expect(allText(rated)).toMatch(/Thank you for your feedback/);
    const record = await h.store.get<CaseRecord>(`case:${caseId}`);
    expect(record).toMatchObject({ rating: 4, state: 'resolved', agentName: 'Alice' });
    const after = await h.say('hello');
    expect(allText(after)).toContain('EN answer greeting');
  });

  it('a callback for another case changes nothing', async () => {
    const { h } = await queued();
    await h.engine.onClaimed('telegram:42', 'other-case', 'Bob');
    expect(h.sink.sent).toHaveLength(0);
    const conv = await h.store.get<Conversation>(conversationKey('telegram:42'));
    expect(conv?.handoff.state).toBe('queued');
  });

  it('returned to the bot mid-flow resumes the flow question', async () => {
    const h = createHarness({ channel: 'webchat', customerId: 'C1', withDesk: true, conversationId: 'webchat:42' });
    await h.say('account frozen');
    await h.say('human please');
    const caseId = h.desk.opened[0]?.caseId as string;
    await h.engine.onClaimed('webchat:42', caseId, 'Alice');
    await h.engine.onClosed('webchat:42', caseId, 'returned_to_bot');
    expect(allText(h.sink.sent.at(-1)!)).toContain('Unfreeze now?');
    const r = await h.press('yes');
    expect(allText(r)).toContain('active again');
  });

  it('/cancel while waiting leaves the queue and tells the desk', async () => {
    const { h, caseId } = await queued();
    const r = await h.send({ kind: 'command', name: 'cancel' });
    expect(r.handoff).toBe('none');
    expect(h.desk.closed).toEqual([{ caseId, outcome: 'customer_left' }]);
  });
});

describe('engine: desk and store failures', () => {
  it('agent messages are marked as from the agent, with the name', async () => {
    const h = createHarness({ withDesk: true });
    await h.say('I want a human');
    const caseId = h.desk.opened[0]?.caseId as string;
    await h.engine.onClaimed('telegram:42', caseId, 'Alice');
    await h.engine.onAgentMessage('telegram:42', caseId, 'Hello from Alice');
    expect(h.sink.sent.at(-1)?.replies[0]).toEqual({ text: 'Hello from Alice', from: 'agent', agentName: 'Alice' });
  });

  it('when the desk cannot open the case the customer still gets the contact channels, and a later request retries', async () => {
    const h = createHarness({ withDesk: true });
    const open = h.desk.open;
    h.desk.open = async () => {
      throw new Error('slack down');
    };
    const first = await h.say('I want a human');
    expect(first.handoff).toBe('requested');
    expect(allText(first)).toContain('400-000-0000');
    h.desk.open = open;
    const second = await h.say('human agent please');
    expect(second.handoff).toBe('queued');
    expect(h.desk.opened).toHaveLength(1);
  });

  it('an unreachable store gives an apology, not an exception', async () => {
    const h = createHarness();
    h.store.setIfAbsent = async () => {
      throw new Error('connection refused');
    };
    const r = await h.say('hello', { user: { id: 'u42', locale: 'en' } });
    expect(allText(r)).toMatch(/something went wrong/i);
    expect(r.replies.map((reply) => reply.id)).toEqual(['error']);
  });
});
