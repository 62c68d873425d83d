/**
 * The seam between the service and its plugins: the channels (adapters/<channel>/, listed in
 * adapters/registry.ts) and other server parts (the retention sweeper). bot/start.ts runs them; it
 * names none of them. Here, below the composition root, so a plugin never imports bot/start.ts.
 */
import type { Router } from 'express';
import type { Nlu } from '../../intents/types.ts';
import type { Config } from '../config.ts';
import type { KnowledgeBase } from '../core/knowledge.ts';
import type { ChannelName, Reply } from '../core/messages.ts';
import type { AssistantEngine } from '../engine.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Store } from '../store/types.ts';
import type { WalletApi } from '../wallet/types.ts';
import type { TurnEventLog } from '../analytics/types.ts';
import type { Teacher } from '../teach/types.ts';
import type { SinkRouter } from './sink-router.ts';

/** The assistant the composition root builds (bot/app.ts `createApp`). */
export interface App {
  config: Config;
  logger: Logger;
  engine: AssistantEngine;
  store: Store;
  wallet: WalletApi;
  /** True when the in-process sandbox wallet is in use (WALLET_API_URL unset, no wallet override): demo mode. */
  sandboxInUse: boolean;
  nlu: Nlu;
  knowledge: KnowledgeBase;
  /** Turn events for the support console and `upay-bot report` (bot/analytics/). */
  events: TurnEventLog;
  /** What staff teach in the console, laid over the knowledge files and retrained without a restart (bot/teach/). */
  teacher: Teacher;
  /** Closes what the app opened (store, sandbox wallet); overridden parts are left to their owner. */
  close(): Promise<void>;
}

export interface PluginContext {
  app: App;
  config: Config;
  /** Proactive replies to customers, routed by the conversation id's channel prefix. */
  sinks: SinkRouter;
  metrics: Metrics;
}

/**
 * Where a plugin mounts its routes. The server owns the order, so each stage sees the requests it
 * expects: webhooks the raw body, the API a parsed JSON body, pages whatever the API did not answer.
 */
export interface RouteStages {
  /**
   * Before any body parser (the platforms' signatures are over the raw bytes), under the per-address
   * webhook limit: Telegram, WeChat, Bot Framework and Slack webhooks.
   */
  webhooks: Router;
  /** After CORS, the per-address API limit and the JSON body parser (`/api/…`): the in-app chat API. */
  api: Router;
  /** After the API's 404: pages and static files (the in-app chat page). */
  pages: Router;
}

/** A larger JSON body limit for one API path prefix (`/api/console/`). */
export interface PrefixBodyLimit {
  prefix: string;
  bytes: number;
}

/** A part mounted on the server. Every step is optional; the server calls them in this order. */
export interface ServerPlugin {
  readonly name: string;
  /**
   * Path prefixes of the service's own API that the plugin serves (`/api/inapp/`): limited per address
   * by the API limit only. Every other path (webhooks, pages) is also charged to the webhook budget.
   */
  readonly apiPrefixes?: readonly string[];
  /** Largest JSON body on the plugin's `apiPrefixes`, when it needs more than the server's default (16 KiB). */
  readonly bodyBytes?: number;
  /** Loads what `mount` needs (e.g. a channel SDK) — awaited before the express app is built. */
  prepare?(ctx: PluginContext): Promise<void>;
  /** Mounts routes — called while the express app is built. */
  mount?(routes: RouteStages, ctx: PluginContext): void;
  /** Starts background work (polling, sweepers) once the server listens. */
  start?(ctx: PluginContext): Promise<void>;
  /** Stops background work and waits for work in flight; called in reverse order on shutdown. */
  stop?(): Promise<void>;
}

/**
 * A channel: a surface where people talk to the service, one folder under adapters/ listed in
 * adapters/registry.ts. The server asks `enabled` first and runs only the channels the configuration
 * turns on; a disabled channel is never prepared, so its SDK is never loaded.
 */
export interface ChannelPlugin extends ServerPlugin {
  /** The channel's name, which is also the prefix of its conversation ids (`telegram:42`). */
  readonly name: ChannelName;
  /** Whether the configuration turns the channel on (its token, app id, …). */
  enabled(config: Config): boolean;
  /**
   * Sends neutral replies to this channel's customers (agent messages, notices, late replies): the
   * sink router hands it every `<name>:…` conversation. Absent on a channel without customers of its
   * own (the Slack desk, whose people are agents).
   */
  send?(conversationId: string, replies: Reply[]): Promise<void>;
}
