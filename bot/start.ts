import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createChannelPlugins } from '../adapters/registry.ts';
import { createApp, type App, type AppOverrides } from './app.ts';
import type { Config } from './config.ts';
import type { ChannelName } from './core/messages.ts';
import { articleIndexOf } from './engine/article-answer.ts';
import { createLogger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createPluginHost } from './plugin/host.ts';
import { createSinkRouter, type SinkRouter } from './plugin/sink-router.ts';
import type { ChannelPlugin, PluginContext, ServerPlugin } from './plugin/types.ts';
import { createHttpApp } from './server.ts';

const ARTICLE_WARM_UP_DELAY_MS = 500;

export interface RunningServer {
  app: App;
  server: Server;
  url: string;
  metrics: Metrics;
  sinks: SinkRouter;
  /** The channels that run (those the configuration enables). */
  channels: readonly ChannelName[];
  /** Stops accepting, finishes in-flight turns, stops plugins and closes the store. */
  stop(): Promise<void>;
}

export interface StartOptions extends AppOverrides {
  /**
   * The channels to consider; each runs when the configuration enables it. Default: every channel of
   * adapters/registry.ts with its default options.
   */
  channels?: readonly ChannelPlugin[];
  /** Other plugins (the retention sweeper: bot/plugins.ts `configuredPlugins`), after the channels. */
  plugins?: readonly ServerPlugin[];
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

  const ctx: PluginContext = { app, config, sinks, metrics };
  const host = createPluginHost(opts.channels ?? createChannelPlugins(), opts.plugins ?? [], ctx);
  let inFlight = 0;
  await host.prepare();
  const http = createHttpApp({
    store: app.store,
    nlu: app.nlu,
    wallet: app.wallet,
    logger,
    metrics,
    limits: {
      ipPerMinute: config.RATE_LIMIT_IP_PER_MINUTE,
      webhookPerMinute: config.RATE_LIMIT_WEBHOOK_PER_MINUTE,
    },
    trustProxy: config.TRUST_PROXY,
    ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}),
    corsOrigins: config.CORS_ORIGINS,
    apiPrefixes: host.apiPrefixes,
    bodyLimits: host.bodyLimits,
    beforeRoutes: (express) => {
      // Counts requests still being answered (event streams excluded) for a graceful shutdown.
      express.use((req, res, next) => {
        if (req.path.endsWith('/events')) return next();
        inFlight++;
        res.once('close', () => inFlight--);
        next();
      });
    },
    mountRoutes: (routes) => host.mount(routes),
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = http.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  await host.start();
  // The help-article index (≈ 0.3–0.7 s: jieba's dictionary) is built just after start, off the first fallback turn.
  const articlesWarmUp = setTimeout(() => articleIndexOf(app.knowledge), ARTICLE_WARM_UP_DELAY_MS);
  articlesWarmUp.unref();
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info(
    {
      url,
      startupMs: Math.round(performance.now() - startedMs),
      sandboxWallet: app.sandboxInUse,
      plugins: host.plugins.map((p) => p.name),
    },
    'upay-support listening',
  );

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
      await host.stop(logger);
      await app.close();
      logger.info('stopped');
    })();
    return stopping;
  }

  return { app, server, url, metrics, sinks, channels: host.channels, stop };
}
