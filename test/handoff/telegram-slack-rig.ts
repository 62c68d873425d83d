/**
 * The end-to-end rig of the handoff tests: the real app (engine, NLU, knowledge, sandbox wallet) on
 * a memory store, a Telegram customer through a fake Bot API and the Slack desk through a fake Web API.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { createSlackHandoff, mountSlack, type SlackHandoff } from '../../adapters/slack/index.ts';
import { createTelegramAdapter, type TelegramAdapter } from '../../adapters/telegram/adapter.ts';
import { createApp, type App } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createMemoryStore } from '../../bot/store/memory.ts';
import type { Store } from '../../bot/store/types.ts';
import { startFakeSlackApi, type FakeSlackApi, type FakeSlackUser } from '../fakes/slack-api.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from '../fakes/telegram-api.ts';
import { BOT_TOKEN, SIGNING_SECRET, slackOnlyApp } from '../slack/helpers.ts';
import { textUpdate } from '../telegram/helpers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TelegramSlackRig {
  tg: FakeTelegramApi;
  slack: FakeSlackApi;
  app: App;
  store: Store;
  /** The desk, the Telegram adapter and the Slack receiver: replaced by `restart`. */
  handoff: SlackHandoff;
  telegram: TelegramAdapter;
  http: Express;
  /** A new desk, receiver and Telegram adapter on the same store, as after a restart of the service. */
  restart(): Promise<void>;
  /** The customer writes in the Telegram chat; resolves once the desk's work for it is done. */
  customerSays(text: string): Promise<void>;
  /** Waits for the desk's background work and what it starts shortly after. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startTelegramSlackRig(opts: {
  tgToken: string;
  chat: number;
  slackUsers?: FakeSlackUser[];
  /** Configuration on top of the test defaults and the Slack desk settings. */
  env: Record<string, string>;
}): Promise<TelegramSlackRig> {
  const tg = await startFakeTelegramApi(opts.tgToken);
  const slack = await startFakeSlackApi({ token: BOT_TOKEN, ...(opts.slackUsers ? { users: opts.slackUsers } : {}) });
  const store = createMemoryStore();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_HANDOFF_CHANNEL: '#support-handoff',
    SLACK_API_URL: slack.url,
    ...opts.env,
  });
  const app = await createApp(config, { store, logger: silentLogger });

  function build(): Pick<TelegramSlackRig, 'handoff' | 'telegram' | 'http'> {
    const sinkRef: { current?: TelegramAdapter } = {};
    const handoff = createSlackHandoff({
      config: app.config,
      store,
      logger: silentLogger,
      nlu: app.nlu,
      knowledge: app.knowledge,
      engine: app.engine,
      sink: () => sinkRef.current,
      deskOptions: { followUpDelayMs: 0 },
    });
    const telegram = createTelegramAdapter({
      token: opts.tgToken,
      apiRoot: tg.apiRoot,
      engine: app.engine,
      store,
      logger: silentLogger,
    });
    sinkRef.current = telegram;
    app.engine.attachSink(telegram);
    return { handoff, telegram, http: slackOnlyApp((a) => mountSlack(a, handoff)) };
  }

  const rig: TelegramSlackRig = {
    tg,
    slack,
    app,
    store,
    ...build(),
    async restart() {
      await rig.handoff.stop();
      Object.assign(rig, build());
    },
    async customerSays(text) {
      await rig.telegram.handleUpdate(textUpdate(opts.chat, text) as never);
      await rig.handoff.idle();
    },
    async settle() {
      await rig.handoff.idle();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await rig.handoff.idle();
    },
    async close() {
      await rig.handoff.stop();
      await app.close();
      await tg.close();
      await slack.close();
    },
  };
  return rig;
}
