/**
 * End to end: a Telegram customer (fake Bot API) asks for a human; the case appears in Slack (fake
 * Web API); an agent claims it, writes in the thread, reads the customer's reply, returns the
 * conversation to the bot; the customer rates the help. Real engine, real NLU and knowledge,
 * sandbox wallet, memory store.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../adapters/slack/blocks.ts';
import { createSlackHandoff, mountSlack, type SlackHandoff } from '../../adapters/slack/index.ts';
import { createTelegramAdapter, type TelegramAdapter } from '../../adapters/telegram/adapter.ts';
import { createApp, type App } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import type { CaseRecord } from '../../bot/engine/handoff.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../fakes/telegram-api.ts';
import { callbackUpdate, keyboardOf, textUpdate } from '../telegram/helpers.ts';
import { BOT_TOKEN, SIGNING_SECRET, buttonPress, sendEvent, sendInteraction, slackOnlyApp, threadReply } from '../slack/helpers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TG_TOKEN = '123456:TEST-handoff-e2e';
const CHAT = 424242;

let tg: FakeTelegramApi;
let slack: FakeSlackApi;
let app: App;
let store: Store;
let telegram: TelegramAdapter;
let handoff: SlackHandoff;
let http: Express;

function build(forStore: Store): { handoff: SlackHandoff; telegram: TelegramAdapter; http: Express } {
  const h = createSlackHandoff({
    config: app.config,
    store: forStore,
    logger: silentLogger,
    nlu: app.nlu,
    knowledge: app.knowledge,
    engine: app.engine,
    sink: () => sinkRef.current,
    deskOptions: { followUpDelayMs: 0 },
  });
  const sinkRef: { current?: TelegramAdapter } = {};
  const t = createTelegramAdapter({ token: TG_TOKEN, apiRoot: tg.apiRoot, engine: app.engine, store: forStore, logger: silentLogger });
  sinkRef.current = t;
  app.engine.attachSink(t);
  return { handoff: h, telegram: t, http: slackOnlyApp((a) => mountSlack(a, h)) };
}

beforeAll(async () => {
  tg = await startFakeTelegramApi(TG_TOKEN);
  slack = await startFakeSlackApi({ token: BOT_TOKEN, users: [{ id: 'UAGENT01', name: 'mei.lin', real_name: 'Lin Mei', display_name: 'Mei' }] });
  store = createMemoryStore();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
    SANDBOX_FIXED_OTP: '123456',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_HANDOFF_CHANNEL: '#support-handoff',
    SLACK_API_URL: slack.url,
    SLACK_ONCALL_GROUP: 'S0ONCALL',
    BUSINESS_HOURS: 'Daily 00:00-24:00 UTC',
  });
  app = await createApp(config, { store, logger: silentLogger });
  ({ handoff, telegram, http } = build(store));
}, 60_000);

afterAll(async () => {
  await handoff?.stop();
  await app?.close();
  await tg?.close();
  await slack?.close();
});

async function customerSays(text: string): Promise<void> {
  await telegram.handleUpdate(textUpdate(CHAT, text) as never);
  await handoff.idle();
}

async function settle(): Promise<void> {
  await handoff.idle();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await handoff.idle();
}

function lastTexts(n: number): string[] {
  return tg.sentTexts(CHAT).slice(-n);
}

describe('Telegram customer ↔ Slack agent', () => {
  let caseId = '';
  let threadTs = '';

  it('asking for a human posts the case in Slack and tells the customer their place and wait', async () => {
    await customerSays('I want to talk to a human agent');
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const blocks = JSON.stringify(posts[0]!.args.blocks);
    expect(blocks).toContain('telegram');
    expect(blocks).toContain('human_agent');
    const said = tg.sentTexts(CHAT).join('\n');
    expect(said).toMatch(/human agent/i);
    expect(said).toMatch(/You are next in line\./);
    expect(said).toMatch(/Expected wait/);
    caseId = (await store.get<string>(`handoff:conv:telegram:${CHAT}`)) ?? '';
    expect((await store.get<{ handoff: { caseId?: string } }>(`conv:telegram:${CHAT}`))?.handoff.caseId).toBe(caseId);
    const record = await handoff.desk.get(caseId);
    expect(record?.state).toBe('queued');
    threadTs = record!.slack!.ts;
  });

  it('Claim names the agent to the customer', async () => {
    await sendInteraction(http, buttonPress({ actionId: ACTION_IDS.claim, value: caseId, user: 'UAGENT01' }));
    await settle();
    expect(lastTexts(1)[0]).toContain('Mei');
    expect((await store.get<CaseRecord>(`case:${caseId}`))?.state).toBe('claimed');
  });

  it('the agent’s thread reply reaches the customer; // notes do not', async () => {
    await sendEvent(http, threadReply({ threadTs, user: 'UAGENT01', text: '// checking the ledger first' }));
    await sendEvent(http, threadReply({ threadTs, user: 'UAGENT01', text: 'Hi, this is Mei. How can I help?' }));
    await settle();
    const texts = tg.sentTexts(CHAT);
    expect(texts.at(-1)).toContain('Hi, this is Mei. How can I help?');
    expect(texts.join('\n')).not.toContain('checking the ledger');
  });

  it('the customer’s reply reaches the thread (redacted) and the bot stays quiet', async () => {
    const before = tg.sentTexts(CHAT).length;
    await customerSays('My payment failed, my phone is 13800001001');
    const thread = slack.messages.filter((m) => m.thread_ts === threadTs);
    const last = thread.at(-1)!;
    expect(last.text).toContain('My payment failed');
    expect(last.text).not.toContain('13800001001');
    expect(last.text).toContain('138****1001');
    expect(tg.sentTexts(CHAT).length).toBe(before);
  });

  it('Return to bot hands back, asks for a rating, and the rating is stored with the case', async () => {
    await sendInteraction(http, buttonPress({ actionId: ACTION_IDS.returnToBot, value: caseId, user: 'UAGENT01' }));
    await settle();
    expect((await handoff.desk.get(caseId))?.state).toBe('returned_to_bot');
    const rateCall = tg.callsOf('sendMessage').filter((c) => c.body.chat_id === CHAT).at(-1)!;
    const five = keyboardOf(rateCall.body).find((b) => b.text === '5');
    expect(five).toBeDefined();
    await telegram.handleUpdate(callbackUpdate(CHAT, Number((rateCall as { result?: { message_id?: number } }).result?.message_id ?? 1), five!.callback_data) as never);
    await settle();
    const record = await store.get<CaseRecord>(`case:${caseId}`);
    expect(record).toMatchObject({ state: 'returned_to_bot', rating: 5 });
    expect(JSON.stringify(slack.callsTo('chat.update').at(-1)!.args.blocks)).toContain('returned to the bot');
  });

  it('a restart in the middle of a handoff continues on the same store', async () => {
    await customerSays('human please');
    const second = (await store.get<string>(`handoff:conv:telegram:${CHAT}`)) ?? '';
    expect(second).not.toBe(caseId);
    expect((await handoff.desk.get(second))?.state).toBe('queued');
    await sendInteraction(http, buttonPress({ actionId: ACTION_IDS.claim, value: second, user: 'UAGENT01' }));
    await settle();
    // "restart": a new desk, receiver and Telegram adapter on the same store
    await handoff.stop();
    ({ handoff, telegram, http } = build(store));
    const ts = (await handoff.desk.get(second))!.slack!.ts;
    await sendEvent(http, threadReply({ threadTs: ts, user: 'UAGENT01', text: 'Back after a restart.' }));
    await settle();
    expect(lastTexts(1)[0]).toContain('Back after a restart.');
    await customerSays('great, thanks');
    expect(slack.messages.filter((m) => m.thread_ts === ts).at(-1)?.text).toContain('great, thanks');
    await sendInteraction(http, buttonPress({ actionId: ACTION_IDS.resolve, value: second, user: 'UAGENT01' }));
    await settle();
    expect((await store.get<CaseRecord>(`case:${second}`))?.state).toBe('resolved');
  });
});
