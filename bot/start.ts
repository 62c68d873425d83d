import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { createApp, type App, type AppOverrides } from './app.ts';
import type { Config } from './config.ts';
import { createLogger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createHttpApp } from './server.ts';
import { createSinkRouter, type SinkRouter } from './plugin/sink-router.ts';
import { secretKey } from '../adapters/webchat/token.ts';
import { articleIndexOf } from './engine/article-answer.ts';

const ARTICLE_WARM_UP_DELAY_MS = 500;

/** Extra parts mounted on the server: channel webhooks, the Slack desk. Each returns its closer. */
export interface ServerPlugin {
  name: string;
  /** Load what `mount` needs (e.g. channel SDK modules) — awaited before the express app is built. */
  prepare?(ctx: PluginContext): Promise<void>;
  /** Mount routes (before the JSON body parser) — called while the express app is built. */
  mount?(express: Express, ctx: PluginContext): void;
  /** Start background work (polling, sweepers) once the server listens. */
  start?(ctx: PluginContext): Promise<void>;
  close?(): Promise<void>;
}

export interface PluginContext {
  app: App;
  config: Config;
  sinks: SinkRouter;
  metrics: Metrics;
}

export interface RunningServer {
  app: App;
  server: Server;
  url: string;
  metrics: Metrics;
  sinks: SinkRouter;
  /** Stops accepting, finishes in-flight turns, closes plugins and the store. */
  stop(): Promise<void>;
}

export interface StartOptions extends AppOverrides {
  plugins?: ServerPlugin[];
  /** Longest wait for in-flight requests on shutdown. */
  drainTimeoutMs?: number;
}

/** Builds the whole service and listens on HOST:PORT. Used by `npm start` and by tests. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const startedMs = performance.now();
  const logger = opts.logger ?? createLogger({ level: config.LOG_LEVEL });
  const metrics = createMetrics();
  const sinks = createSinkRouter(logger);
  const app = await createApp(config, {
    metrics,
    sink: sinks,
    onWalletCall: (op, ms, outcome) => metrics.walletCall(op, ms, outcome),
    ...opts,
    logger,
  });

  let tokenSecret = config.INAPP_TOKEN_SECRET;
  if (!tokenSecret) {
    tokenSecret = randomBytes(32).toString('base64url');
    logger.warn('INAPP_TOKEN_SECRET is unset: using a random secret for this run (app tokens from elsewhere will not verify)');
  }

  const plugins = opts.plugins ?? [];
  const ctx: PluginContext = { app, config, sinks, metrics };
  let inFlight = 0;
  for (const plugin of plugins) await plugin.prepare?.(ctx);
  const { app: http, webchatSink } = createHttpApp({
    engine: app.engine,
    store: app.store,
    nlu: app.nlu,
    wallet: app.wallet,
    logger,
    metrics,
    tokenKey: secretKey(tokenSecret),
    sandboxInUse: app.sandboxInUse,
    limits: {
      ipPerMinute: config.RATE_LIMIT_IP_PER_MINUTE,
      conversationPerMinute: config.RATE_LIMIT_CONVERSATION_PER_MINUTE,
      webhookPerMinute: config.RATE_LIMIT_WEBHOOK_PER_MINUTE,
      maxStreamsPerSession: config.INAPP_MAX_STREAMS_PER_SESSION,
    },
    trustProxy: config.TRUST_PROXY,
    ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}),
    production: config.NODE_ENV === 'production',
    corsOrigins: config.CORS_ORIGINS,
    sessionTtlMs: config.INAPP_SESSION_TTL_MINUTES * 60_000,
    beforeRoutes: (express) => {
      // Counts requests still being answered (event streams excluded) for a graceful shutdown.
      express.use((req, res, next) => {
        if (req.path.endsWith('/events')) return next();
        inFlight++;
        res.once('close', () => inFlight--);
        next();
      });
    },
    mountChannels: (express) => {
      for (const plugin of plugins) plugin.mount?.(express, ctx);
    },
  });
  sinks.register('webchat', webchatSink);

  const server = await new Promise<Server>((resolve, reject) => {
    const s = http.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  for (const plugin of plugins) await plugin.start?.(ctx);
  // The help-article index (≈ 0.3–0.7 s: jieba's dictionary) is built just after start, off the first fallback turn.
  const articlesWarmUp = setTimeout(() => articleIndexOf(app.knowledge), ARTICLE_WARM_UP_DELAY_MS);
  articlesWarmUp.unref();
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url, startupMs: Math.round(performance.now() - startedMs), sandboxWallet: app.sandboxInUse, plugins: plugins.map((p) => p.name) }, 'upay-support listening');

  let stopping: Promise<void> | undefined;
  async function stop(): Promise<void> {
    stopping ??= (async () => {
      logger.info('shutting down: no new connections, finishing in-flight turns');
      clearTimeout(articlesWarmUp);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + (opts.drainTimeoutMs ?? 10_000);
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      server.closeAllConnections(); // event streams; clients reconnect to another instance
      await closed;
      for (const plugin of plugins.slice().reverse()) {
        try {
          await plugin.close?.();
        } catch (error) {
          logger.warn({ plugin: plugin.name, err: String(error) }, 'plugin did not close cleanly');
        }
      }
      await app.close();
      logger.info('stopped');
    })();
    return stopping;
  }

  return { app, server, url, metrics, sinks, stop };
}
