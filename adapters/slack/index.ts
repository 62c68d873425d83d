import type { App } from '@slack/bolt';
import type { Express, Router } from 'express';
import type { ReplySink } from '../../bot/core/messages.ts';
import type { KnowledgeBase } from '../../bot/core/knowledge.ts';
import type { Nlu } from '../../intents/types.ts';
import type { Config } from '../../bot/config.ts';
import { ConfigError } from '../../bot/errors.ts';
import { createAgentAssist } from '../../bot/handoff/assist.ts';
import { describeBusinessHours, parseBusinessHours } from '../../bot/handoff/business-hours.ts';
import { createHandoffDesk, type DeskOptions, type HandoffDeskService } from '../../bot/handoff/desk.ts';
import { createTicketService, type TicketRecord, type TicketService } from '../../bot/handoff/tickets.ts';
import type { DeskTransport } from '../../bot/handoff/transport.ts';
import type { HandoffCallbacks, HandoffDesk } from '../../bot/handoff/types.ts';
import type { Logger } from '../../bot/logger.ts';
import type { Store } from '../../bot/store/types.ts';
import { createAgentDirectory } from './agent-directory.ts';
import { createSlackBoltApp } from './bolt-app.ts';
import { createDeskScope } from './desk-scope.ts';
import { createIdentityResolver } from './identity.ts';
import { SlackEventsReceiver } from './receiver.ts';
import { createSlackClient, createSlackTransport } from './transport.ts';

export type SlackConfig = Pick<
  Config,
  | 'SLACK_BOT_TOKEN'
  | 'SLACK_SIGNING_SECRET'
  | 'SLACK_HANDOFF_CHANNEL'
  | 'SLACK_API_URL'
  | 'SLACK_ONCALL_GROUP'
  | 'HANDOFF_TIMEOUT_MS'
  | 'BUSINESS_HOURS'
> &
  Partial<Pick<Config, 'NODE_ENV' | 'SLACK_AGENTS' | 'SLACK_AGENT_GROUP' | 'SLACK_TEAM_ID'>> & {
    HANDOFF_AVG_HANDLING_MINUTES?: number;
  };

/** The engine as the desk needs it: its handoff callbacks, and `attachDesk` for late wiring. */
export type DeskEngine = HandoffCallbacks & { attachDesk?: (desk: HandoffDesk) => void };

export interface SlackHandoffDeps {
  config: SlackConfig;
  store: Store;
  logger: Logger;
  nlu: Nlu;
  knowledge: KnowledgeBase;
  /** The engine; its desk is attached here when it has `attachDesk`. */
  engine: DeskEngine;
  /** Customer channels (the same sink given to `engine.attachSink`); a getter when built later. */
  sink?: ReplySink | (() => ReplySink | undefined);
  now?: () => Date;
  deskOptions?: Partial<DeskOptions>;
  /** Another transport instead of Slack's Web API (tests). */
  transport?: DeskTransport;
}

export interface SlackHandoff {
  desk: HandoffDeskService;
  tickets: TicketService;
  receiver: SlackEventsReceiver;
  bolt: App;
  /** Express router with POST /slack/events (mount before any body parser). */
  router(): Router;
  /** Starts outbox retries and the timeout sweeper. */
  start(): void;
  /** Stops timers and waits for work in flight. */
  stop(): Promise<void>;
  /** Waits for acknowledged Slack events and desk background work (tests). */
  idle(): Promise<void>;
}

/**
 * Builds the Slack handoff desk: Web API client (SLACK_API_URL), Bolt app with a receiver mounted
 * on the main express server, the desk (store-backed lifecycle, outbox, sweeper), email tickets and
 * agent assist. Throws ConfigError when Slack is not configured.
 */
export function createSlackHandoff(deps: SlackHandoffDeps): SlackHandoff {
  const { config, store, logger } = deps;
  const token = config.SLACK_BOT_TOKEN;
  const signingSecret = config.SLACK_SIGNING_SECRET;
  const channel = config.SLACK_HANDOFF_CHANNEL;
  if (!token || !signingSecret || !channel) {
    throw new ConfigError(
      'invalid configuration: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_HANDOFF_CHANNEL are needed for the handoff desk',
    );
  }
  const agentList = config.SLACK_AGENTS ?? [];
  const openDesk = agentList.length === 0 && !config.SLACK_AGENT_GROUP;
  if (openDesk && config.NODE_ENV === 'production') {
    // loadConfig refuses this already; a hand-built config must not slip through either.
    throw new ConfigError(
      'invalid configuration: SLACK_AGENTS or SLACK_AGENT_GROUP: required with the Slack desk when NODE_ENV=production',
    );
  }
  const now = deps.now ?? (() => new Date());
  const log = logger.child({ component: 'handoff' });
  if (openDesk)
    log.warn(
      {},
      'slack desk is open: neither SLACK_AGENTS nor SLACK_AGENT_GROUP is set, so anyone in the handoff channel may act on cases (development only)',
    );
  const businessHours = parseBusinessHours(config.BUSINESS_HOURS);
  const sinkOf = (): ReplySink | undefined => (typeof deps.sink === 'function' ? deps.sink() : deps.sink);

  const client = createSlackClient({ token, ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}) });
  const identity = createIdentityResolver(client, log);
  const scope = createDeskScope({
    channel,
    identity,
    logger: log,
    ...(config.SLACK_TEAM_ID ? { teamId: config.SLACK_TEAM_ID } : {}),
  });
  const agents = createAgentDirectory({
    client,
    logger: log,
    agents: agentList,
    now: () => now().getTime(),
    ...(config.SLACK_AGENT_GROUP ? { group: config.SLACK_AGENT_GROUP } : {}),
  });
  const baseTransport =
    deps.transport ??
    createSlackTransport({
      client,
      channel,
      logger: log,
      ...(config.SLACK_ONCALL_GROUP ? { oncallGroup: config.SLACK_ONCALL_GROUP } : {}),
    });
  // The channel id Slack answers for a post to SLACK_HANDOFF_CHANNEL is the desk's (it may be configured by name).
  const transport: DeskTransport = {
    async postCase(record) {
      const where = await baseTransport.postCase(record);
      scope.learnChannel(where.channel);
      return where;
    },
    updateCase: (record) => baseTransport.updateCase(record),
    postThread: (record, message) => baseTransport.postThread(record, message),
    agentName: (agentId) => baseTransport.agentName(agentId),
  };

  let noteTicket: (ticket: TicketRecord) => Promise<void> = async () => undefined;
  const tickets = createTicketService({
    store,
    logger: log,
    now,
    sink: sinkOf,
    timeZone: businessHours.timeZone,
    hoursText: (language) => describeBusinessHours(businessHours, language),
    replyHours: deps.knowledge.contact.emailReplyHours,
    onTicketCreated: (ticket) => noteTicket(ticket),
  });

  const desk = createHandoffDesk({
    store,
    transport,
    logger: log,
    callbacks: () => deps.engine,
    sink: sinkOf,
    tickets,
    businessHours,
    assist: createAgentAssist(deps.nlu, deps.knowledge),
    now,
    options: {
      timeoutMs: config.HANDOFF_TIMEOUT_MS,
      ...(config.HANDOFF_AVG_HANDLING_MINUTES !== undefined
        ? { avgHandlingMinutes: config.HANDOFF_AVG_HANDLING_MINUTES }
        : {}),
      ...deps.deskOptions,
    },
  });
  noteTicket = (ticket) => desk.noteTicket(ticket);
  deps.engine.attachDesk?.(desk);

  const receiver = new SlackEventsReceiver({ signingSecret, store, logger: log, nowMs: () => now().getTime() });
  const bolt = createSlackBoltApp({ receiver, token, client, desk, logger: log, identity, scope, agents });

  return {
    desk,
    tickets,
    receiver,
    bolt,
    router: () => receiver.router(),
    start() {
      // Learn the bot's ids and team now rather than on the first interaction.
      if (!config.SLACK_TEAM_ID) void identity();
      desk.start();
    },
    async stop() {
      await receiver.stop();
      await desk.stop();
    },
    async idle() {
      await receiver.idle();
      await desk.idle();
      await receiver.idle();
    },
  };
}

/** Mounts POST /slack/events on an express app, before any body parser (the channel plugin mounts it in its webhooks stage). */
export function mountSlack(app: Express, handoff: SlackHandoff): void {
  app.use(handoff.router());
}
