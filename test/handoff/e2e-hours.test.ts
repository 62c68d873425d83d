/**
 * End to end outside business hours: the real engine on Telegram (fake Bot API) asks for a human
 * while no agent works; the engine itself offers an email ticket (one message, nothing contradicting
 * it later), the customer types an address and gets a case reference; the ticket is stored and
 * noted on the Slack case.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackHandoff, type SlackHandoff } from '../../adapters/slack/index.ts';
import { createTelegramAdapter, type TelegramAdapter } from '../../adapters/telegram/adapter.ts';
import { createApp, type App } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import type { CaseRecord } from '../../bot/engine/handoff.ts';
import { ticketKeys, type TicketRecord } from '../../bot/handoff/tickets.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../fakes/telegram-api.ts';
import { textUpdate } from '../telegram/helpers.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../slack/helpers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TG_TOKEN = '123456:TEST-handoff-hours';
const CHAT = 515151;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

let tg: FakeTelegramApi;
let slack: FakeSlackApi;
let app: App;
let store: Store;
let telegram: TelegramAdapter;
let handoff: SlackHandoff;

beforeAll(async () => {
  tg = await startFakeTelegramApi(TG_TOKEN);
  slack = await startFakeSlackApi({ token: BOT_TOKEN });
  store = createMemoryStore();
  const notToday = DAYS[(new Date().getUTCDay() + 3) % 7];
  app = await createApp(
    loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_HANDOFF_CHANNEL: '#support-handoff',
      SLACK_API_URL: slack.url,
      BUSINESS_HOURS: `${notToday} 00:00-24:00 UTC`,
    }),
    { store, logger: silentLogger },
  );
  const sinkRef: { current?: TelegramAdapter } = {};
  handoff = createSlackHandoff({
    config: app.config,
    store,
    logger: silentLogger,
    nlu: app.nlu,
    knowledge: app.knowledge,
    engine: app.engine,
    sink: () => sinkRef.current,
    deskOptions: { followUpDelayMs: 0 },
  });
  telegram = createTelegramAdapter({ token: TG_TOKEN, apiRoot: tg.apiRoot, engine: app.engine, store, logger: silentLogger });
  sinkRef.current = telegram;
  app.engine.attachSink(telegram);
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
  await new Promise((resolve) => setTimeout(resolve, 20));
  await handoff.idle();
}

describe('outside business hours', () => {
  it('offers an email ticket instead of waiting and gives a case reference', async () => {
    await customerSays('I want to talk to a human agent');
    const caseId = (await store.get<string>(`handoff:conv:telegram:${CHAT}`)) ?? '';
    expect(caseId).not.toBe('');
    // exactly one consistent message: the offer, no "you are number N", no later "sorry, expired"
    expect(tg.sentTexts(CHAT)).toEqual([
      expect.stringMatching(/^Our agents work .+, so nobody can join right now\. Instead of waiting, we can open an email ticket .+Please type the email address we should write to, or “no”\.$/u),
    ]);
    expect(tg.sentTexts(CHAT).join('\n')).not.toMatch(/asked a human agent|in the queue|no agent could take/);
    expect((await store.get<CaseRecord>(`case:${caseId}`))?.state).toBe('expired');
    expect((await store.get<{ handoff: { state: string } }>(`conv:telegram:${CHAT}`))?.handoff.state).toBe('expired');
    expect((await handoff.desk.get(caseId))?.outsideHours).toBe(true);

    await customerSays('zhang.san@example.com');
    expect(tg.sentTexts(CHAT)).toHaveLength(2);
    const reply = tg.sentTexts(CHAT).at(-1) ?? '';
    expect(reply).toMatch(/^Done: your case reference is UP-\d{8}-\d{4}\./u);
    const reference = /UP-\d{8}-\d{4}/.exec(reply)?.[0];
    expect(reference).toBeDefined();
    expect(reply).toContain('z***n@example.com');
    const ticket = await store.get<TicketRecord>(ticketKeys.ticket(reference!));
    expect(ticket).toMatchObject({ caseId, maskedEmail: 'z***n@example.com', emailOnFile: false, reason: 'outside_hours' });
    // The typed address is kept apart from the ticket record (for as long as the ticket needs it).
    expect(await store.get(ticketKeys.contact(reference!))).toMatchObject({ caseId, email: 'zhang.san@example.com' });
    expect(slack.messages.some((m) => m.text.includes(reference!))).toBe(true);

    // afterwards the bot answers normally again
    await customerSays('what are the fees?');
    expect(tg.sentTexts(CHAT)).toHaveLength(3);
    expect(tg.sentTexts(CHAT).at(-1)).not.toContain('UP-');
    expect(tg.sentTexts(CHAT).at(-1)).toMatch(/fee/i);
    // nothing arrives later (the desk sends no notice of its own)
    await new Promise((resolve) => setTimeout(resolve, 400));
    await handoff.idle();
    expect(tg.sentTexts(CHAT)).toHaveLength(3);
  });
});
