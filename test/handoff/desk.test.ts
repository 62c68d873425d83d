import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../adapters/slack/blocks.ts';
import { ticketKeys, type TicketRecord } from '../../bot/handoff/tickets.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { BOT_TOKEN, buttonPress, buttonValue, sendEvent, sendInteraction, threadReply } from '../slack/helpers.ts';
import { createDeskHarness, sampleCase, type DeskHarness } from './harness.ts';
import { customerText, expectAddressKeptApart } from './ticket-support.ts';

const open: DeskHarness[] = [];
let sharedSlack: FakeSlackApi | undefined;

async function harness(opts: Parameters<typeof createDeskHarness>[0] = {}): Promise<DeskHarness> {
  const h = await createDeskHarness(opts);
  open.push(h);
  return h;
}

afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  await sharedSlack?.close();
  sharedSlack = undefined;
});

async function fakeSlack(): Promise<FakeSlackApi> {
  sharedSlack = await startFakeSlackApi({
    token: BOT_TOKEN,
    users: [{ id: 'UAGENT01', name: 'mei', display_name: 'Mei' }],
  });
  return sharedSlack;
}

const SATURDAY_NOON_SHANGHAI = new Date('2026-11-28T04:00:00.000Z');
const WEDNESDAY_NOON_SHANGHAI = new Date('2026-11-25T04:00:00.000Z');

describe('Slack outage', () => {
  it('keeps the case queued, tells the customer, and posts it once Slack is back (in order with thread messages)', async () => {
    const h = await harness();
    h.slack.setDown({ status: 500 });
    const c = sampleCase();
    const status = await h.handoff.desk.open(c);
    expect(status).toMatchObject({ state: 'queued', deskDelayed: true, queuePosition: 0 });
    await h.handoff.desk.relayCustomerMessage(c.caseId, 'hello? anyone?');
    await h.handoff.idle();
    expect(h.sink.sent).toEqual([
      {
        conversationId: c.conversationId,
        replies: [{ id: 'desk.delayed', text: expect.stringContaining('not reachable') as string }],
      },
    ]);
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('queued');

    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    await h.handoff.desk.flushOutbox();
    expect(h.slack.callsTo('chat.postMessage').length).toBeGreaterThanOrEqual(2); // still failing

    h.slack.setDown(undefined);
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    await h.handoff.desk.flushOutbox();
    const delivered = h.slack.messages;
    expect(delivered).toHaveLength(2);
    expect(delivered[0]!.thread_ts).toBeUndefined();
    expect(delivered[1]!.thread_ts).toBe(delivered[0]!.ts);
    expect(delivered[1]!.text).toContain('hello? anyone?');
    expect((await h.handoff.desk.get(c.caseId))?.slack?.ts).toBe(delivered[0]!.ts);
  });

  it('honours Retry-After on 429 before trying again', async () => {
    const h = await harness();
    h.slack.failNext('chat.postMessage', { status: 429, retryAfterS: 30 });
    const c = sampleCase();
    const status = await h.handoff.desk.open(c);
    expect(status.deskDelayed).toBe(true);
    const tries = () => h.slack.callsTo('chat.postMessage').length;
    expect(tries()).toBe(1);
    h.clock.now = new Date(h.clock.now.getTime() + 10_000);
    await h.handoff.desk.flushOutbox();
    expect(tries()).toBe(1);
    h.clock.now = new Date(h.clock.now.getTime() + 21_000);
    await h.handoff.desk.flushOutbox();
    expect(tries()).toBe(2);
    expect(h.slack.messages).toHaveLength(1);
  });

  it('a restarted desk (new instance, same store) retries what the old one could not send', async () => {
    const store = createMemoryStore();
    const slack = await fakeSlack();
    const a = await harness({ store, slack });
    slack.setDown({ status: 503 });
    const c = sampleCase();
    await a.handoff.desk.open(c);
    await a.handoff.idle();
    slack.setDown(undefined);
    const b = await harness({ store, slack, now: new Date(Date.now() + 120_000) });
    await b.handoff.desk.sweep();
    expect(slack.messages).toHaveLength(1);
    expect((await b.handoff.desk.get(c.caseId))?.slack?.ts).toBe(slack.messages[0]!.ts);
  });
});

describe('restart in the middle of a handoff', () => {
  it('a new desk instance on the same store continues: thread replies relay, Resolve closes', async () => {
    const store = createMemoryStore();
    const slack = await fakeSlack();
    const a = await harness({ store, slack });
    const c = sampleCase();
    await a.handoff.desk.open(c);
    await a.handoff.idle();
    await sendInteraction(a.app, buttonPress({ actionId: ACTION_IDS.claim, value: c.caseId, user: 'UAGENT01' }));
    await a.handoff.idle();
    const ts = (await a.handoff.desk.get(c.caseId))!.slack!.ts;
    await a.close();
    open.splice(open.indexOf(a), 1);

    const b = await harness({ store, slack });
    await sendEvent(b.app, threadReply({ threadTs: ts, user: 'UAGENT01', text: 'still here after the restart' }));
    await b.handoff.idle();
    await b.handoff.desk.relayCustomerMessage(c.caseId, 'thanks');
    await sendInteraction(b.app, buttonPress({ actionId: ACTION_IDS.resolve, value: c.caseId, user: 'UAGENT01' }));
    await b.handoff.idle();
    expect(b.engine.calls.map((x) => [x.kind, x.value])).toEqual([
      ['agent_message', 'still here after the restart'],
      ['closed', 'resolved'],
    ]);
    expect(slack.messages.filter((m) => m.thread_ts === ts).map((m) => m.text)).toContain('Customer: thanks');
    expect((await b.handoff.desk.get(c.caseId))?.history.map((x) => x.state)).toEqual([
      'requested',
      'queued',
      'claimed',
      'relaying',
      'resolved',
    ]);
  });
});

describe('business hours and timeouts', () => {
  it('outside business hours: expired on the desk, the engine is told, the customer is offered an email ticket', async () => {
    const h = await harness({ businessHours: 'Mon-Fri 09:00-21:00 Asia/Shanghai', now: SATURDAY_NOON_SHANGHAI });
    const c = sampleCase();
    const status = await h.handoff.desk.open(c);
    expect(status).toMatchObject({ caseId: c.caseId, offerEmailTicket: true });
    await h.handoff.idle();
    expect(h.engine.calls).toEqual([
      { kind: 'closed', conversationId: c.conversationId, caseId: c.caseId, value: 'expired' },
    ]);
    const offer = h.sink.sent.at(-1)!;
    expect(offer.conversationId).toBe(c.conversationId);
    expect(offer.replies[0]!.text).toContain('Mon–Fri 09:00–21:00 (Beijing time)');
    expect(offer.replies[0]!.text).toContain('l***i@example.com');
    expect(offer.replies[0]!.buttons?.map((b) => b.value)).toEqual([
      `ticket:yes:${c.caseId}`,
      `ticket:other:${c.caseId}`,
      `ticket:no:${c.caseId}`,
    ]);
    const record = await h.handoff.desk.get(c.caseId);
    expect(record).toMatchObject({ state: 'expired', outsideHours: true, outcome: 'expired' });
    const post = JSON.stringify(h.slack.callsTo('chat.postMessage')[0]!.args.blocks);
    expect(post).toContain('outside business hours');
    expect(post).not.toContain(ACTION_IDS.claim);

    // the customer accepts: a ticket with a case reference, recorded and noted on the case
    const replies = await h.handoff.tickets.handleReply({
      ...customerText(c.conversationId, ''),
      input: { kind: 'action', value: `ticket:yes:${c.caseId}` },
    });
    expect(replies?.[0]?.text).toMatch(/UP-20261128-0001/);
    const ticket = await h.store.get<TicketRecord>(ticketKeys.ticket('UP-20261128-0001'));
    expect(ticket).toMatchObject({
      caseId: c.caseId,
      emailOnFile: true,
      maskedEmail: 'l***i@example.com',
      reason: 'outside_hours',
      customerId: 'C1001',
    });
    await h.handoff.idle();
    expect((await h.handoff.desk.get(c.caseId))?.ticketRef).toBe('UP-20261128-0001');
    expect(h.slack.messages.some((m) => m.text.includes('UP-20261128-0001'))).toBe(true);
    // answered once: the offer is gone
    expect(await h.handoff.tickets.handleReply(customerText(c.conversationId, 'yes'))).toBeUndefined();
  });

  it('inside business hours the case is queued normally', async () => {
    const h = await harness({ businessHours: 'Mon-Fri 09:00-21:00 Asia/Shanghai', now: WEDNESDAY_NOON_SHANGHAI });
    const status = await h.handoff.desk.open(sampleCase());
    expect(status).toMatchObject({ state: 'queued', queuePosition: 0 });
    expect(status.offerEmailTicket).toBeUndefined();
  });

  it('the sweeper expires an unclaimed case after HANDOFF_TIMEOUT_MS (restart-safe) and offers a ticket; a typed email gets a reference', async () => {
    const store = createMemoryStore();
    const slack = await fakeSlack();
    const start = WEDNESDAY_NOON_SHANGHAI;
    const a = await harness({ store, slack, timeoutMs: 60_000, now: start });
    const c = sampleCase({ customer: { verified: false }, language: 'zh' });
    const claimedCase = sampleCase();
    await a.handoff.desk.open(c);
    await a.handoff.desk.open(claimedCase);
    await a.handoff.desk.claim(claimedCase.caseId, { agentId: 'UAGENT01' });
    await a.handoff.desk.sweep(new Date(start.getTime() + 30_000));
    await a.handoff.idle();
    expect(a.engine.calls.filter((x) => x.kind === 'closed')).toEqual([]);

    // a new instance (after a restart) finds the deadline in the store
    const b = await harness({ store, slack, timeoutMs: 60_000, now: new Date(start.getTime() + 61_000) });
    await b.handoff.desk.sweep();
    await b.handoff.desk.sweep();
    await b.handoff.idle();
    expect(b.engine.calls).toEqual([
      { kind: 'closed', conversationId: c.conversationId, caseId: c.caseId, value: 'expired' },
    ]);
    expect((await b.handoff.desk.get(c.caseId))?.state).toBe('expired');
    expect((await b.handoff.desk.get(claimedCase.caseId))?.state).toBe('claimed');
    const offer = b.sink.sent.at(-1)!;
    expect(offer.replies[0]!.text).toContain('邮箱');
    expect(JSON.stringify(slack.callsTo('chat.update').at(-1)!.args.blocks)).toContain('nobody claimed it in time');

    expect((await b.handoff.tickets.handleReply(customerText(c.conversationId, 'wang@@')))?.at(0)?.text).toContain(
      '邮箱',
    );
    const replies = await b.handoff.tickets.handleReply(customerText(c.conversationId, '请发到 wang.wu@example.com'));
    expect(replies?.[0]?.text).toContain('UP-20261125-0001');
    expect(replies?.[0]?.text).toContain('w***u@example.com');
    // The typed address is kept apart from the ticket, for as long as the ticket needs it.
    await expectAddressKeptApart(store, b.handoff.tickets, 'UP-20261125-0001', 'wang.wu@example.com', {
      maskedEmail: 'w***u@example.com',
      emailOnFile: false,
      reason: 'timeout',
      language: 'zh',
    });
  });
});

describe('agent assist', () => {
  it('shows the suggested FAQ answer in the case language under a customer message; the button sends it as is', async () => {
    const h = await harness();
    const c = sampleCase({ language: 'zh' });
    await h.handoff.desk.open(c);
    await h.handoff.desk.claim(c.caseId, { agentId: 'UAGENT01' });
    await h.handoff.desk.relayCustomerMessage(c.caseId, '我的余额是多少');
    await h.handoff.idle();
    const post = h.slack.callsTo('chat.postMessage').at(-1)!.args;
    expect(JSON.stringify(post.blocks)).toContain('ZH answer check_balance');
    const value = buttonValue(post.blocks, ACTION_IDS.sendSuggestion)!;
    // another agent cannot send it
    await sendInteraction(h.app, buttonPress({ actionId: ACTION_IDS.sendSuggestion, value, user: 'UAGENT02' }));
    await h.handoff.idle();
    expect(h.engine.calls.filter((x) => x.kind === 'agent_message')).toEqual([]);
    await sendInteraction(h.app, buttonPress({ actionId: ACTION_IDS.sendSuggestion, value, user: 'UAGENT01' }));
    await h.handoff.idle();
    expect(h.engine.calls.filter((x) => x.kind === 'agent_message').map((x) => x.value)).toEqual([
      'ZH answer check_balance',
    ]);
  });

  it('suggests nothing for chit-chat or unknown messages, and redacts customer text again', async () => {
    const h = await harness();
    const c = sampleCase();
    await h.handoff.desk.open(c);
    await h.handoff.desk.relayCustomerMessage(c.caseId, 'my password is hunter2, card 4111111111111111');
    await h.handoff.idle();
    const post = h.slack.callsTo('chat.postMessage').at(-1)!.args;
    expect(buttonValue(post.blocks, ACTION_IDS.sendSuggestion)).toBeUndefined();
    expect(JSON.stringify(post)).not.toContain('4111111111111111');
    expect(JSON.stringify(post)).not.toContain('hunter2');
  });
});

describe('engine-side close', () => {
  it('customer_left resolves the case, leaves the queue, notes it in the thread and updates the message', async () => {
    const h = await harness();
    const c = sampleCase();
    await h.handoff.desk.open(c);
    await h.handoff.idle();
    await h.handoff.desk.close(c.caseId, 'customer_left');
    await h.handoff.desk.close(c.caseId, 'customer_left');
    await h.handoff.idle();
    expect(await h.handoff.desk.get(c.caseId)).toMatchObject({ state: 'resolved', outcome: 'customer_left' });
    expect(h.slack.messages.filter((m) => m.text.includes('customer left'))).toHaveLength(1);
    expect(JSON.stringify(h.slack.callsTo('chat.update').at(-1)!.args.blocks)).toContain('the customer left');
    const next = await h.handoff.desk.open(sampleCase());
    expect(next.queuePosition).toBe(0);
  });
});
