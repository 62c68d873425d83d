import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../adapters/slack/blocks.ts';
import { createDeskHarness, sampleCase, type DeskHarness } from '../handoff/harness.ts';
import { FAKE_SLACK } from '../fakes/slack-api.ts';
import { buttonPress, buttonValue, fixture, sendEvent, sendInteraction, threadReply } from './helpers.ts';

let h: DeskHarness;

beforeEach(async () => {
  h = await createDeskHarness();
});
afterEach(async () => {
  await h.close();
});

async function openCase(overrides = {}) {
  const c = sampleCase(overrides);
  const status = await h.handoff.desk.open(c);
  await h.handoff.idle();
  const record = await h.handoff.desk.get(c.caseId);
  return { c, status, ts: record?.slack?.ts ?? '' };
}

async function press(actionId: string, value: string, user = 'UAGENT01', actionTs?: string) {
  const res = await sendInteraction(h.app, buttonPress({ actionId, value, user, ...(actionTs ? { actionTs } : {}) }));
  await h.handoff.idle();
  return res;
}

async function reply(
  threadTs: string,
  user: string,
  text: string,
  extra: Parameters<typeof threadReply>[0] extends infer T ? Partial<T> : never = {},
) {
  const body = threadReply({ threadTs, user, text, ...extra });
  const res = await sendEvent(h.app, body);
  await h.handoff.idle();
  return { res, body };
}

describe('Slack request verification', () => {
  it('answers url_verification challenges', async () => {
    const body = fixture<{ challenge: string }>('url-verification.json');
    const res = await sendEvent(h.app, body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge: body.challenge });
  });

  it('rejects a forged signature with 401 and does nothing', async () => {
    const { c, ts } = await openCase();
    const res = await sendInteraction(
      h.app,
      buttonPress({ actionId: ACTION_IDS.claim, value: c.caseId, user: 'UAGENT01' }),
      { secret: 'not-the-secret' },
    );
    expect(res.status).toBe(401);
    const bad = await sendEvent(h.app, threadReply({ threadTs: ts, user: 'UAGENT01', text: 'hi' }), {
      signature: 'v0=deadbeef',
    });
    expect(bad.status).toBe(401);
    await h.handoff.idle();
    expect(h.engine.calls).toEqual([]);
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('queued');
  });

  it('rejects a replayed request with an old timestamp (401), even when correctly signed', async () => {
    const { c } = await openCase();
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await sendInteraction(
      h.app,
      buttonPress({ actionId: ACTION_IDS.claim, value: c.caseId, user: 'UAGENT01' }),
      { timestampS: old },
    );
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'timestamp_stale' });
    await h.handoff.idle();
    expect(h.engine.calls).toEqual([]);
  });

  it('rejects requests without signature headers', async () => {
    const res = await sendEvent(h.app, { type: 'event_callback' }, { signature: '' });
    expect(res.status).toBe(401);
  });
});

describe('case message', () => {
  it('posts one Block Kit message with customer, trail, transcript (redacted) and the three buttons', async () => {
    const { c, status } = await openCase();
    expect(status).toMatchObject({ caseId: c.caseId, state: 'queued', queuePosition: 0, expectedWaitMinutes: 1 });
    const posts = h.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const args = posts[0]!.args;
    expect(posts[0]!.token).toBe('xoxb-test-0000-handoff');
    expect(args.channel).toBe('#support-handoff');
    const json = JSON.stringify(args.blocks);
    expect(json).toContain('138****1001');
    expect(json).toContain('verified');
    expect(json).toContain('payment_failed 0.82');
    expect(json).toContain('T20261125001');
    expect(json).toContain('payment_failed at ask_transaction');
    expect(json).toContain(c.summary);
    expect(json).not.toContain('4111 1111 1111 1111');
    expect(json).toContain('[card');
    // customer text cannot mention people in Slack
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
    const actions = (args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find(
      (b) => b.type === 'actions',
    );
    expect(actions?.elements?.map((e) => e.action_id)).toEqual([
      ACTION_IDS.claim,
      ACTION_IDS.resolve,
      ACTION_IDS.returnToBot,
    ]);
    expect(actions?.elements?.every((e) => e.value === c.caseId)).toBe(true);
    expect(json).not.toContain('subteam');
  });

  it('marks urgent cases and mentions the on-call group; urgent cases jump the queue', async () => {
    await openCase();
    await openCase();
    const { status } = await openCase({
      urgent: true,
      reason: 'fraud',
      riskFlags: ['unrecognized_transaction', 'urgent'],
    });
    expect(status.queuePosition).toBe(0);
    const last = h.slack.callsTo('chat.postMessage').at(-1)!.args;
    expect(String(last.text)).toContain(':rotating_light:');
    expect(String(last.text)).toContain('<!subteam^S0ONCALL>');
    expect(JSON.stringify(last.blocks)).toContain('URGENT');
    const { status: fourth } = await openCase();
    expect(fourth).toMatchObject({ queuePosition: 3, expectedWaitMinutes: 12 });
  });

  it('shows the bot’s Markdown lines formatted as mrkdwn and the customer’s words as typed', async () => {
    const transcript = [
      {
        from: 'customer' as const,
        text: 'is **this** bold? <https://evil.example|click>',
        at: '2026-11-25T10:00:00.000Z',
      },
      {
        from: 'bot' as const,
        text: 'Fees are shown **before** you confirm:\n\n- **Transfers:** on the [fee page](https://upay.example/fees)',
        at: '2026-11-25T10:00:01.000Z',
      },
    ];
    await openCase({ transcript });
    const section = (h.slack.callsTo('chat.postMessage')[0]!.args.blocks as { text?: { text: string } }[])
      .map((b) => b.text?.text ?? '')
      .find((t) => t.startsWith('*Transcript'));
    expect(section).toContain('*customer:* is **this** bold? &lt;https://evil.example|click&gt;');
    expect(section).toContain(
      '*bot:* Fees are shown *before* you confirm:\n• *Transfers:* on the <https://upay.example/fees|fee page>',
    );
  });

  it('opening the same case twice posts once', async () => {
    const c = sampleCase();
    await h.handoff.desk.open(c);
    const again = await h.handoff.desk.open(c);
    await h.handoff.idle();
    expect(again.state).toBe('queued');
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe('claim, relay and close', () => {
  it('claim names the agent (display name), updates the message, and ignores a second claim', async () => {
    const { c } = await openCase();
    const res = await press(ACTION_IDS.claim, c.caseId, 'UAGENT01');
    expect(res.status).toBe(200);
    expect(h.engine.calls).toEqual([
      { kind: 'claimed', conversationId: c.conversationId, caseId: c.caseId, value: 'Mei' },
    ]);
    expect((await h.handoff.desk.get(c.caseId))?.claimedBy).toEqual({ id: 'UAGENT01', name: 'Mei' });
    const update = h.slack.callsTo('chat.update').at(-1)!.args;
    expect(update.channel).toBe(FAKE_SLACK.channelId);
    expect(JSON.stringify(update.blocks)).toContain('<@UAGENT01>');
    expect(JSON.stringify(update.blocks)).not.toContain(ACTION_IDS.claim);

    await press(ACTION_IDS.claim, c.caseId, 'UAGENT02');
    expect(h.engine.calls.filter((x) => x.kind === 'claimed')).toHaveLength(1);
    expect((await h.handoff.desk.get(c.caseId))?.claimedBy?.id).toBe('UAGENT01');
  });

  it('falls back to real_name when there is no display name', async () => {
    const { c } = await openCase();
    await press(ACTION_IDS.claim, c.caseId, 'UAGENT02');
    expect(h.engine.calls[0]?.value).toBe('Tom Chen');
  });

  it('relays the claimer’s thread replies; keeps // notes, other agents and the bot itself out', async () => {
    const { c, ts } = await openCase();
    await reply(ts, 'UAGENT01', 'before claiming'); // not claimed yet: a note
    await press(ACTION_IDS.claim, c.caseId, 'UAGENT01');
    await reply(ts, 'UAGENT01', 'Hi, I am Mei. See <https://upay.example/help|our help page> &amp; wait');
    await reply(ts, 'UAGENT01', '// internal: customer sounds upset');
    await reply(ts, 'UAGENT02', 'I can take this too');
    await reply(ts, FAKE_SLACK.botUserId, 'bot echo');
    await reply(ts, 'UAGENT01', 'bot message', { botId: FAKE_SLACK.botId });
    await reply(ts, 'UAGENT01', 'edited', { subtype: 'message_changed' });
    await reply(ts, 'UAGENT01', 'wrong channel', { channel: 'C0OTHER' });
    const relayed = h.engine.calls.filter((x) => x.kind === 'agent_message');
    expect(relayed.map((x) => x.value)).toEqual(['Hi, I am Mei. See our help page (https://upay.example/help) & wait']);
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('relaying');
  });

  it('a retried event (same event_id, X-Slack-Retry-Num) has one effect', async () => {
    const { c, ts } = await openCase();
    await press(ACTION_IDS.claim, c.caseId, 'UAGENT01');
    const body = threadReply({ threadTs: ts, user: 'UAGENT01', text: 'only once please', eventId: 'Ev0RETRY0001' });
    const first = await sendEvent(h.app, body);
    const retry1 = await sendEvent(h.app, body, { retryNum: 1 });
    const retry2 = await sendEvent(h.app, body, { retryNum: 2 });
    await h.handoff.idle();
    expect([first.status, retry1.status, retry2.status]).toEqual([200, 200, 200]);
    expect(h.engine.calls.filter((x) => x.kind === 'agent_message')).toHaveLength(1);
  });

  it('a double-clicked button (same action_ts) acts once', async () => {
    const { c, ts } = await openCase();
    await press(ACTION_IDS.claim, c.caseId, 'UAGENT01');
    await h.handoff.desk.relayCustomerMessage(c.caseId, 'what is my balance');
    await h.handoff.idle();
    expect(ts).not.toBe('');
    const thread = h.slack.callsTo('chat.postMessage').at(-1)!.args;
    expect(thread.thread_ts).toBe(ts);
    const value = buttonValue(thread.blocks, ACTION_IDS.sendSuggestion);
    expect(value).toBeDefined();
    await press(ACTION_IDS.sendSuggestion, value!, 'UAGENT01', '1764100999.000001');
    await press(ACTION_IDS.sendSuggestion, value!, 'UAGENT01', '1764100999.000001');
    expect(h.engine.calls.filter((x) => x.kind === 'agent_message')).toHaveLength(1);
  });

  it('Resolve by the claimer closes the case, tells the engine and shows who acted', async () => {
    const { c } = await openCase();
    await press(ACTION_IDS.claim, c.caseId, 'UAGENT01');
    await press(ACTION_IDS.resolve, c.caseId, 'UAGENT02'); // not the owner: ignored
    expect((await h.handoff.desk.get(c.caseId))?.state).toBe('claimed');
    await press(ACTION_IDS.resolve, c.caseId, 'UAGENT01');
    await press(ACTION_IDS.returnToBot, c.caseId, 'UAGENT01'); // already closed: ignored
    const record = await h.handoff.desk.get(c.caseId);
    expect(record?.state).toBe('resolved');
    expect(record?.closedBy?.id).toBe('UAGENT01');
    expect(record?.history.map((x) => x.state)).toEqual(['requested', 'queued', 'claimed', 'resolved']);
    expect(h.engine.calls.filter((x) => x.kind === 'closed')).toEqual([
      { kind: 'closed', conversationId: c.conversationId, caseId: c.caseId, value: 'resolved' },
    ]);
    const update = JSON.stringify(h.slack.callsTo('chat.update').at(-1)!.args.blocks);
    expect(update).toContain('resolved');
    expect(update).toContain('closed by <@UAGENT01>');
    expect(update).not.toContain(ACTION_IDS.resolve);
  });

  it('Return to bot on an unclaimed case is allowed and leaves the queue', async () => {
    const { c } = await openCase();
    const { status: second } = await openCase();
    expect(second.queuePosition).toBe(1);
    await press(ACTION_IDS.returnToBot, c.caseId, 'UAGENT02');
    expect(h.engine.calls).toEqual([
      { kind: 'closed', conversationId: c.conversationId, caseId: c.caseId, value: 'returned_to_bot' },
    ]);
    const { status: third } = await openCase();
    expect(third.queuePosition).toBe(1);
  });
});
