import {
  App,
  LogLevel,
  type BlockAction,
  type ButtonAction,
  type Logger as BoltLogger,
  type webApi,
} from '@slack/bolt';
import { CLOSED_STATES } from '../../bot/handoff/case-record.ts';
import type { HandoffDeskService } from '../../bot/handoff/desk.ts';
import type { Logger } from '../../bot/logger.ts';
import type { AgentDirectory } from './agent-directory.ts';
import { tellRefused, type DeskAct } from './agent-refusal.ts';
import { ACTION_IDS, parseSuggestionValue } from './blocks.ts';
import type { DeskScope } from './desk-scope.ts';
import type { SlackBotIdentity } from './identity.ts';
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
 * desk calls. Every interaction must come from the desk's team (global middleware) and the handoff
 * channel, else it is ignored; then only desk agents may act, and others are told so privately.
 * The bot's own messages and other subtypes (edits, joins, bot messages) are ignored.
 */
export function createSlackBoltApp(opts: {
  receiver: SlackEventsReceiver;
  token: string;
  client: webApi.WebClient;
  desk: HandoffDeskService;
  logger: Logger;
  identity: () => Promise<SlackBotIdentity>;
  scope: DeskScope;
  agents: AgentDirectory;
}): App {
  const { desk, logger, identity, scope, agents } = opts;
  const app = new App({
    receiver: opts.receiver,
    authorize: async () => ({ botToken: opts.token, ...(await identity()) }),
    ignoreSelf: true,
    convoStore: false,
    logger: boltLogger(logger),
  });

  // Before any listener: a payload from another workspace has no effect at all.
  app.use(async ({ body, next }) => {
    if (await scope.teamAllowed(body)) {
      await next();
      return;
    }
    logger.warn(
      { type: (body as { type?: unknown }).type, check: 'team' },
      'slack interaction from outside the desk ignored',
    );
  });

  function outsideDesk(type: string): void {
    logger.warn({ type, check: 'channel' }, 'slack interaction from outside the desk ignored');
  }

  /** True for a desk agent; anyone else gets an ephemeral explanation. */
  async function admitted(user: string, act: DeskAct, channel: string, threadTs?: string): Promise<boolean> {
    const verdict = await agents.verdict(user);
    if (verdict === 'agent') return true;
    await tellRefused(opts.client, logger, { channel, user, ...(threadTs ? { threadTs } : {}) }, act, verdict);
    return false;
  }

  app.event('message', async ({ event }) => {
    const m = event as MessageLike;
    if (m.subtype && m.subtype !== 'thread_broadcast') return;
    if (m.bot_id || !m.user || !m.thread_ts || m.thread_ts === m.ts || typeof m.text !== 'string') return;
    const self = await identity();
    if (self.botUserId && m.user === self.botUserId) return;
    const caseId = await desk.caseForThread(m.thread_ts);
    if (!caseId) return;
    const record = await desk.get(caseId);
    if (!record?.slack || !m.channel || !scope.channelAllowed(m.channel, record.slack.channel)) {
      outsideDesk('message');
      return;
    }
    const text = slackToPlain(m.text).trim();
    // Internal notes and replies to closed cases never reach a customer: nothing to relay or refuse.
    if (!text || text.startsWith('//') || CLOSED_STATES.has(record.state)) return;
    if (!(await admitted(m.user, 'reply', m.channel, m.thread_ts))) return;
    await desk.agentMessage(m.thread_ts, { agentId: m.user }, text);
  });

  const agentOf = (body: BlockAction<ButtonAction>) => ({
    agentId: body.user.id,
    ...(body.user.name ? { fallbackName: body.user.name } : {}),
  });

  /** Channel and agent checks for a button on case `caseId`; true when the press may act. */
  async function mayAct(body: BlockAction<ButtonAction>, caseId: string, act: DeskAct): Promise<boolean> {
    const channel = body.channel?.id ?? body.container?.channel_id;
    const record = caseId ? await desk.get(caseId) : undefined;
    if (typeof channel !== 'string' || !scope.channelAllowed(channel, record?.slack?.channel)) {
      outsideDesk('block_actions');
      return false;
    }
    return admitted(body.user.id, act, channel);
  }

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.claim, async ({ ack, body, action }) => {
    await ack();
    const caseId = action.value ?? '';
    if (await mayAct(body, caseId, 'claim')) await desk.claim(caseId, agentOf(body));
  });
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.resolve, async ({ ack, body, action }) => {
    await ack();
    const caseId = action.value ?? '';
    if (await mayAct(body, caseId, 'resolve')) await desk.closeByAgent(caseId, agentOf(body), 'resolved');
  });
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.returnToBot, async ({ ack, body, action }) => {
    await ack();
    const caseId = action.value ?? '';
    if (await mayAct(body, caseId, 'return')) await desk.closeByAgent(caseId, agentOf(body), 'returned_to_bot');
  });
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.sendSuggestion, async ({ ack, body, action }) => {
    await ack();
    const ref = parseSuggestionValue(action.value ?? '');
    if (!ref) {
      logger.warn({}, 'suggested-answer button with a bad value');
      return;
    }
    if (await mayAct(body, ref.caseId, 'suggest'))
      await desk.sendSuggestion(ref.caseId, agentOf(body), ref.intent, ref.locale);
  });

  app.error(async (error) => {
    logger.error({ err: error.name, code: error.code }, 'slack listener failed');
  });
  return app;
}
