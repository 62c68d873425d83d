/**
 * End to end: a Telegram customer (fake Bot API) asks for a human; the case appears in Slack (fake
 * Web API); an agent claims it, writes in the thread, reads the customer's reply, returns the
 * conversation to the bot; the customer rates the help. Real engine, real NLU and knowledge,
 * sandbox wallet, memory store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../adapters/slack/blocks.ts';
import type { CaseRecord } from '../../bot/engine/handoff.ts';
import { buttonPress, sendEvent, sendInteraction, threadReply } from '../slack/helpers.ts';
import { callbackUpdate, keyboardOf } from '../telegram/helpers.ts';
import { startTelegramSlackRig, type TelegramSlackRig } from './telegram-slack-rig.ts';

const CHAT = 424242;

let rig: TelegramSlackRig;

beforeAll(async () => {
  rig = await startTelegramSlackRig({
    tgToken: '123456:TEST-handoff-e2e',
    chat: CHAT,
    slackUsers: [{ id: 'UAGENT01', name: 'mei.lin', real_name: 'Lin Mei', display_name: 'Mei' }],
    env: { SANDBOX_FIXED_OTP: '123456', SLACK_ONCALL_GROUP: 'S0ONCALL', BUSINESS_HOURS: 'Daily 00:00-24:00 UTC' },
  });
}, 60_000);

afterAll(async () => {
  await rig?.close();
});

function lastTexts(n: number): string[] {
  return rig.tg.sentTexts(CHAT).slice(-n);
}

describe('Telegram customer ↔ Slack agent', () => {
  let caseId = '';
  let threadTs = '';

  it('asking for a human posts the case in Slack and tells the customer their place and wait', async () => {
    await rig.customerSays('I want to talk to a human agent');
    const posts = rig.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const blocks = JSON.stringify(posts[0]!.args.blocks);
    expect(blocks).toContain('telegram');
    expect(blocks).toContain('human_agent');
    const said = rig.tg.sentTexts(CHAT).join('\n');
    expect(said).toMatch(/human agent/i);
    expect(said).toMatch(/You are next in line\./);
    expect(said).toMatch(/Expected wait/);
    caseId = (await rig.store.get<string>(`handoff:conv:telegram:${CHAT}`)) ?? '';
    expect((await rig.store.get<{ handoff: { caseId?: string } }>(`conv:telegram:${CHAT}`))?.handoff.caseId).toBe(
      caseId,
    );
    const record = await rig.handoff.desk.get(caseId);
    expect(record?.state).toBe('queued');
    threadTs = record!.slack!.ts;
  });

  it('Claim names the agent to the customer', async () => {
    await sendInteraction(rig.http, buttonPress({ actionId: ACTION_IDS.claim, value: caseId, user: 'UAGENT01' }));
    await rig.settle();
    expect(lastTexts(1)[0]).toContain('Mei');
    expect((await rig.store.get<CaseRecord>(`case:${caseId}`))?.state).toBe('claimed');
  });

  it('the agent’s thread reply reaches the customer; // notes do not', async () => {
    await sendEvent(rig.http, threadReply({ threadTs, user: 'UAGENT01', text: '// checking the ledger first' }));
    await sendEvent(rig.http, threadReply({ threadTs, user: 'UAGENT01', text: 'Hi, this is Mei. How can I help?' }));
    await rig.settle();
    const texts = rig.tg.sentTexts(CHAT);
    expect(texts.at(-1)).toContain('Hi, this is Mei. How can I help?');
    expect(texts.join('\n')).not.toContain('checking the ledger');
  });

  it('the customer’s reply reaches the thread (redacted) and the bot stays quiet', async () => {
    const before = rig.tg.sentTexts(CHAT).length;
    await rig.customerSays('My payment failed, my phone is 13800001001');
    const thread = rig.slack.messages.filter((m) => m.thread_ts === threadTs);
    const last = thread.at(-1)!;
    expect(last.text).toContain('My payment failed');
    expect(last.text).not.toContain('13800001001');
    expect(last.text).toContain('138****1001');
    expect(rig.tg.sentTexts(CHAT).length).toBe(before);
  });

  it('Return to bot hands back, asks for a rating, and the rating is stored with the case', async () => {
    await sendInteraction(rig.http, buttonPress({ actionId: ACTION_IDS.returnToBot, value: caseId, user: 'UAGENT01' }));
    await rig.settle();
    expect((await rig.handoff.desk.get(caseId))?.state).toBe('returned_to_bot');
    const rateCall = rig.tg
      .callsOf('sendMessage')
      .filter((c) => c.body.chat_id === CHAT)
      .at(-1)!;
    const five = keyboardOf(rateCall.body).find((b) => b.text === '5');
    expect(five).toBeDefined();
    await rig.telegram.handleUpdate(
      callbackUpdate(
        CHAT,
        Number((rateCall as { result?: { message_id?: number } }).result?.message_id ?? 1),
        five!.callback_data,
      ) as never,
    );
    await rig.settle();
    const record = await rig.store.get<CaseRecord>(`case:${caseId}`);
    expect(record).toMatchObject({ state: 'returned_to_bot', rating: 5 });
    expect(JSON.stringify(rig.slack.callsTo('chat.update').at(-1)!.args.blocks)).toContain('returned to the bot');
  });

  it('a restart in the middle of a handoff continues on the same store', async () => {
    await rig.customerSays('human please');
    const second = (await rig.store.get<string>(`handoff:conv:telegram:${CHAT}`)) ?? '';
    expect(second).not.toBe(caseId);
    expect((await rig.handoff.desk.get(second))?.state).toBe('queued');
    await sendInteraction(rig.http, buttonPress({ actionId: ACTION_IDS.claim, value: second, user: 'UAGENT01' }));
    await rig.settle();
    // "restart": a new desk, receiver and Telegram adapter on the same store
    await rig.restart();
    const ts = (await rig.handoff.desk.get(second))!.slack!.ts;
    await sendEvent(rig.http, threadReply({ threadTs: ts, user: 'UAGENT01', text: 'Back after a restart.' }));
    await rig.settle();
    expect(lastTexts(1)[0]).toContain('Back after a restart.');
    await rig.customerSays('great, thanks');
    expect(rig.slack.messages.filter((m) => m.thread_ts === ts).at(-1)?.text).toContain('great, thanks');
    await sendInteraction(rig.http, buttonPress({ actionId: ACTION_IDS.resolve, value: second, user: 'UAGENT01' }));
    await rig.settle();
    expect((await rig.store.get<CaseRecord>(`case:${second}`))?.state).toBe('resolved');
  });
});
