import { describe, expect, it } from 'vitest';
import type { IncomingEvent, Reply } from '../../bot/core/messages.ts';
import { conversationKey, type Conversation } from '../../bot/engine/conversation.ts';
import { queueText, type CaseRecord } from '../../bot/engine/handoff.ts';
import type { HandoffStatus } from '../../bot/handoff/types.ts';
import { allText, createHarness, type Harness } from './fakes.ts';

/** The fake desk answers `open` with this status; optionally it can make and answer ticket offers. */
function withStatus(
  h: Harness,
  status: Partial<HandoffStatus>,
  tickets = true,
): { offers: { caseId: string; reason: string }[]; answered: IncomingEvent[] } {
  const offers: { caseId: string; reason: string }[] = [];
  const answered: IncomingEvent[] = [];
  let pending = false;
  h.desk.open = async (c) => {
    h.desk.opened.push(c);
    return { caseId: c.caseId, state: 'queued', ...status };
  };
  if (tickets) {
    h.desk.prepareTicketOffer = async (caseId, reason) => {
      offers.push({ caseId, reason });
      pending = true;
      return [{ text: `OFFER ${reason}`, buttons: [{ label: 'No, thanks', value: `ticket:no:${caseId}` }] }];
    };
    h.desk.answerTicketOffer = async (event) => {
      if (!pending || event.input.kind !== 'text' || !/@|^no$/u.test(event.input.text)) return undefined;
      answered.push(event);
      pending = false;
      return [{ text: 'TICKET UP-20261125-0001' }] satisfies Reply[];
    };
  }
  return { offers, answered };
}

describe('engine: what the customer hears about the desk', () => {
  it('outside business hours: only the email-ticket offer, state expired, the answer is handled by the engine', async () => {
    const h = createHarness({ withDesk: true });
    const { offers, answered } = withStatus(h, { state: 'expired', offerEmailTicket: true });
    const r = await h.say('I want a human');
    expect(r.replies.map((x) => x.text)).toEqual(['OFFER outside_hours']);
    expect(r.handoff).toBe('expired');
    const caseId = h.desk.opened[0]!.caseId;
    expect(offers).toEqual([{ caseId, reason: 'outside_hours' }]);
    expect(await h.store.get<CaseRecord>(`case:${caseId}`)).toMatchObject({
      state: 'expired',
      outcome: 'outside_hours',
    });

    // a later "expired" from the desk says nothing more
    await h.engine.onClosed('telegram:42', caseId, 'expired');
    expect(h.sink.sent).toEqual([]);

    const other = await h.say('what are the fees');
    expect(allText(other)).toContain('EN answer fees');
    const answer = await h.say('me@example.com');
    expect(answer.replies.map((x) => x.text)).toEqual(['TICKET UP-20261125-0001']);
    expect(answered).toHaveLength(1);
    const conv = await h.store.get<Conversation>(conversationKey('telegram:42'));
    expect(JSON.stringify(conv?.transcript)).not.toContain('me@example.com');
    // a retried event gets the same answer, the desk is not asked twice
    const retry = await h.retry({ kind: 'text', text: 'me@example.com' });
    expect(retry).toMatchObject({ duplicate: true, replies: answer.replies });
    expect(answered).toHaveLength(1);
  });

  it('outside business hours with a desk that cannot make offers: the contact channels, no queue text', async () => {
    const h = createHarness({ withDesk: true });
    withStatus(h, { state: 'expired', offerEmailTicket: true }, false);
    const r = await h.say('I want a human');
    expect(r.handoff).toBe('expired');
    expect(r.replies.map((x) => x.text)).toEqual([
      expect.stringMatching(/^Sorry, no agent can join right now\. .*400-000-0000.*help@upay\.example/u),
    ]);
  });

  it('a desk that cannot reach Slack: the request is recorded and will reach an agent shortly', async () => {
    const h = createHarness({ withDesk: true });
    withStatus(h, { state: 'queued', queuePosition: 0, expectedWaitMinutes: 1, deskDelayed: true });
    const r = await h.say('I want a human');
    expect(r.handoff).toBe('queued');
    expect(r.replies.map((x) => x.text)).toEqual([
      expect.stringMatching(/^I have recorded your request for a human agent\..*shortly/u),
    ]);
    expect(allText(r)).not.toMatch(/ahead of you|next in line/);
  });

  it('a case that expires unclaimed: the engine makes the ticket offer instead of the plain apology', async () => {
    const h = createHarness({ withDesk: true });
    const { offers } = withStatus(h, { state: 'queued', queuePosition: 0, expectedWaitMinutes: 1 });
    const r = await h.say('I want a human');
    expect(allText(r)).toMatch(/You are next in line\. Expected wait: about 1 minute\./);
    const caseId = h.desk.opened[0]!.caseId;
    await h.engine.onClosed('telegram:42', caseId, 'expired');
    expect(offers).toEqual([{ caseId, reason: 'timeout' }]);
    expect(h.sink.sent.map((s) => s.replies.map((x) => x.text))).toEqual([['OFFER timeout']]);
    const answer = await h.say('no');
    expect(answer.replies.map((x) => x.text)).toEqual(['TICKET UP-20261125-0001']);
  });

  it('without ticket offers an unclaimed case still gets the apology with the contact channels', async () => {
    const h = createHarness({ withDesk: true });
    await h.say('I want a human');
    await h.engine.onClosed('telegram:42', h.desk.opened[0]!.caseId, 'expired');
    expect(allText(h.sink.sent[0]!)).toMatch(/no agent could take your chat in time/);
  });

  it('tells the desk it makes the offers itself', () => {
    expect(createHarness().engine.offersEmailTickets).toBe(true);
  });
});

describe('engine texts: the queue counts the customers ahead', () => {
  it.each([
    [
      'en',
      0,
      1,
      'I have asked a human agent to join this chat. You are next in line. Expected wait: about 1 minute. You can keep writing here meanwhile.',
    ],
    [
      'en',
      1,
      5,
      'I have asked a human agent to join this chat. There is 1 customer ahead of you. Expected wait: about 5 minutes. You can keep writing here meanwhile.',
    ],
    [
      'en',
      3,
      15,
      'I have asked a human agent to join this chat. There are 3 customers ahead of you. Expected wait: about 15 minutes. You can keep writing here meanwhile.',
    ],
    ['zh', 0, 1, '已为您转接人工客服。下一位就是您。预计等待约 1 分钟。等待期间您可以继续在这里留言。'],
    ['zh', 2, 10, '已为您转接人工客服。您前面还有 2 位客户。预计等待约 10 分钟。等待期间您可以继续在这里留言。'],
  ] as const)('%s, %i ahead', (language, queuePosition, expectedWaitMinutes, expected) => {
    expect(queueText(language, queuePosition, expectedWaitMinutes)).toBe(expected);
  });

  it('the engine passes the desk position on (zh, next in line)', async () => {
    const h = createHarness({ withDesk: true });
    withStatus(h, { state: 'queued', queuePosition: 0, expectedWaitMinutes: 1 });
    const r = await h.say('我要人工客服');
    expect(allText(r)).toContain('下一位就是您。预计等待约 1 分钟。');
  });
});
