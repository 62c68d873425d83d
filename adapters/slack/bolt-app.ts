import { App, LogLevel, type BlockAction, type ButtonAction, type Logger as BoltLogger, type webApi } from '@slack/bolt';
import type { HandoffDeskService } from '../../bot/handoff/desk.ts';
import type { Logger } from '../../bot/logger.ts';
import { ACTION_IDS, parseSuggestionValue } from './blocks.ts';
import { slackToPlain } from './plain-text.ts';
import type { SlackEventsReceiver } from './receiver.ts';

/** Bolt logs go to pino; only strings are kept (payloads may carry customer text). */
export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.WARN;
  const text = (msg: unknown[]): string => msg.filter((m) => typeof m === 'string').join(' ');
  return {
    debug: (...msg: unknown[]) => logger.debug({ component: 'bolt' }, text(msg)),
    info: (...msg: unknown[]) => logger.info({ component: 'bolt' }, text(msg)),
    warn: (...msg: unknown[]) => logger.warn({ component: 'bolt' }, text(msg)),
    error: (...msg: unknown[]) => logger.error({ component: 'bolt' }, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

export interface SlackBotIdentity {
  botUserId?: string;
  botId?: string;
}

/** auth.test once (cached on success, retried after a failure) to know the bot's own ids. */
export function createIdentityResolver(client: webApi.WebClient, logger: Logger): () => Promise<SlackBotIdentity> {
  let known: SlackBotIdentity | undefined;
  return async () => {
    if (known) return known;
    try {
      const r = await client.auth.test();
      known = { ...(r.user_id ? { botUserId: r.user_id } : {}), ...(r.bot_id ? { botId: r.bot_id } : {}) };
      return known;
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'slack auth.test failed; bot identity unknown for now');
      return {};
    }
  };
}

interface MessageLike {
  type?: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  channel?: string;
}

/**
 * The Bolt app behind the desk: thread replies and button presses in the handoff channel become
 * desk calls. The bot's own messages and other subtypes (edits, joins, bot messages) are ignored.
 */
export function createSlackBoltApp(opts: {
  receiver: SlackEventsReceiver;
  token: string;
  client: webApi.WebClient;
  desk: HandoffDeskService;
  logger: Logger;
}): App {
  const { desk, logger } = opts;
  const identity = createIdentityResolver(opts.client, logger);
  const app = new App({
    receiver: opts.receiver,
    authorize: async () => ({ botToken: opts.token, ...(await identity()) }),
    ignoreSelf: true,
    convoStore: false,
    logger: boltLogger(logger),
  });

  app.event('message', async ({ event }) => {
    const m = event as MessageLike;
    if (m.subtype && m.subtype !== 'thread_broadcast') return;
    if (m.bot_id || !m.user || !m.thread_ts || m.thread_ts === m.ts || typeof m.text !== 'string') return;
    const self = await identity();
    if (self.botUserId && m.user === self.botUserId) return;
    const caseId = await desk.caseForThread(m.thread_ts);
    if (!caseId) return;
    const record = await desk.get(caseId);
    if (!record?.slack || record.slack.channel !== m.channel) return;
    await desk.agentMessage(m.thread_ts, { agentId: m.user }, slackToPlain(m.text));
  });

  const agentOf = (body: BlockAction<ButtonAction>) => ({
    agentId: body.user.id,
    ...(body.user.name ? { fallbackName: body.user.name } : {}),
  });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.claim, async ({ ack, body, action }) => {
    await ack();
    await desk.claim(action.value ?? '', agentOf(body));
  });
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.resolve, async ({ ack, body, action }) => {
    await ack();
    await desk.closeByAgent(action.value ?? '', agentOf(body), 'resolved');
  });
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.returnToBot, async ({ ack, body, action }) => {
    await ack();
    await desk.closeByAgent(action.value ?? '', agentOf(body), 'returned_to_bot');
  });
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.sendSuggestion, async ({ ack, body, action }) => {
    await ack();
    const ref = parseSuggestionValue(action.value ?? '');
    if (!ref) {
      logger.warn({}, 'suggested-answer button with a bad value');
      return;
    }
    await desk.sendSuggestion(ref.caseId, agentOf(body), ref.intent, ref.locale);
  });

  app.error(async (error) => {
    logger.error({ err: error.name, code: error.code }, 'slack listener failed');
  });
  return app;
}
