import { fileURLToPath } from 'node:url';
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Engine } from './core/turn.ts';
import type { Store } from './store/types.ts';
import type { WalletApi } from './wallet/types.ts';
import type { Nlu } from '../intents/types.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { HttpError, errorHandler, sendError } from './http/errors.ts';
import { createRateLimiter, limitByIp } from './http/rate-limit.ts';
import { secretsEqual } from './http/secret-compare.ts';
import { securityHeaders } from './http/security-headers.ts';
import { cors } from './http/cors.ts';
import { createSessionRegistry } from '../adapters/webchat/sessions.ts';
import { createConversationLog } from '../adapters/webchat/conversation-log.ts';
import { createWebchatRoutes } from '../adapters/webchat/routes.ts';
import { createWebchatSink } from '../adapters/webchat/sink.ts';
import { describeZodError } from './http/zod-error.ts';
import type { ReplySink } from './core/messages.ts';

export interface HttpAppDeps {
  engine: Engine;
  store: Store;
  nlu: Nlu;
  wallet: WalletApi;
  logger: Logger;
  metrics: Metrics;
  /** HS256 key the app signs customer tokens with. */
  tokenKey: Uint8Array;
  /** True while the in-process sandbox wallet is used: enables the demo token endpoint. */
  sandboxInUse: boolean;
  limits?: {
    ipPerMinute?: number;
    conversationPerMinute?: number;
    bodyBytes?: number;
    /** Per client address on the channel webhooks (and everything else but the API, which has its own). */
    webhookPerMinute?: number;
    maxStreamsPerSession?: number;
  };
  /** express `trust proxy` (TRUST_PROXY): which hops may name the client in X-Forwarded-For. Default: loopback. */
  trustProxy?: boolean | number | string[];
  /** Bearer token for GET /metrics; without it /metrics answers only direct loopback callers. */
  metricsToken?: string;
  /** NODE_ENV=production: demo parts (the sandbox token endpoint) are never mounted. */
  production?: boolean;
  /** Browser origins allowed to call the API (CORS); none by default. */
  corsOrigins?: readonly string[];
  sessionTtlMs?: number;
  /** Middleware that sees every request first (in-flight accounting). */
  beforeRoutes?: (app: Express) => void;
  /** Channel webhooks (Telegram, WeChat, Bot Framework, Slack) mounted before the JSON body parser. */
  mountChannels?: (app: Express) => void;
  readinessTimeoutMs?: number;
}

/** The in-app API's own routes: limited per address by the API limiter (the webhook budget is for platforms). */
const OWN_API_PREFIXES = ['/api/inapp/', '/api/nlu/', '/api/sandbox/'];

const ParseBody = z.object({ text: z.string().trim().min(1, 'must not be empty').max(2000) }).strict();
const PUBLIC_DIR = fileURLToPath(new URL('../adapters/webchat/public/', import.meta.url));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref()),
  ]);
}

/**
 * Who may read /metrics: a caller with the bearer token (compared in constant time), or —
 * when no token is configured — a direct loopback caller that no proxy forwarded (a reverse proxy on the
 * same host would otherwise make every outside caller look local).
 */
function metricsAccess(token: string | undefined): express.RequestHandler {
  return (req, _res, next) => {
    if (token !== undefined) {
      const header = req.get('authorization') ?? '';
      const given = header.startsWith('Bearer ') ? header.slice(7) : '';
      next(secretsEqual(given, token) ? undefined : new HttpError(401, 'unauthorized', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>'));
      return;
    }
    const direct = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '') && req.get('x-forwarded-for') === undefined;
    next(direct ? undefined : new HttpError(403, 'forbidden', 'GET /metrics is served to loopback callers only; set METRICS_TOKEN to scrape it from elsewhere'));
  };
}

/** The express application: health, metrics, NLU, in-app chat API and page, channel webhooks. */
export function createHttpApp(deps: HttpAppDeps): { app: Express; webchatSink: ReplySink } {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  // API answers are per request (turns, sessions, health): no ETag to hash for each of them. Static
  // files are served by express.static, which sets its own ETag and Last-Modified.
  app.set('etag', false);
  app.use(securityHeaders());
  deps.beforeRoutes?.(app);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const limits = deps.limits ?? {};
  // Probes and metrics are cheap to ask for and not free to answer (readiness pings the store and the wallet).
  const ipLimit = limitByIp(createRateLimiter({ limit: limits.ipPerMinute ?? 600, windowMs: 60_000 }));
  app.get('/readyz', ipLimit, async (_req, res) => {
    const timeoutMs = deps.readinessTimeoutMs ?? 2000;
    const checks = await Promise.all(
      (
        [
          ['store', () => deps.store.ping()],
          ['wallet', () => deps.wallet.ping()],
        ] as const
      ).map(async ([name, ping]) => {
        try {
          await withTimeout(ping(), timeoutMs, name);
          return [name, 'ok'] as const;
        } catch {
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = checks.every(([, status]) => status === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(checks) });
  });

  app.get('/metrics', ipLimit, metricsAccess(deps.metricsToken), async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  // Channel webhooks verify signatures over the raw body, so they mount before the JSON parser. Platforms
  // send from few addresses, so their per-address budget is larger than the API's (which applies as well).
  const webhookLimit = limitByIp(createRateLimiter({ limit: limits.webhookPerMinute ?? 6000, windowMs: 60_000 }));
  app.use((req, res, next) => (OWN_API_PREFIXES.some((p) => req.path.startsWith(p)) ? next() : webhookLimit(req, res, next)));
  deps.mountChannels?.(app);

  app.use('/api', cors(deps.corsOrigins ?? []));
  app.use('/api', ipLimit);
  app.use('/api', express.json({ limit: limits.bodyBytes ?? 16 * 1024, strict: true }));
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  app.post('/api/nlu/parse', (req: Request, res: Response) => {
    const body = ParseBody.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'invalid_request', describeZodError(body.error));
    res.json(deps.nlu.parse(body.data.text));
  });

  const sessions = createSessionRegistry(deps.store, { sessionTtlMs: deps.sessionTtlMs ?? 24 * 3600_000 });
  const log = createConversationLog(deps.store, { maxEntries: 200, ttlMs: 30 * 24 * 3600_000 });
  app.use(
    createWebchatRoutes({
      engine: deps.engine,
      store: deps.store,
      sessions,
      log,
      tokenKey: deps.tokenKey,
      logger: deps.logger,
      conversationLimiter: createRateLimiter({ limit: limits.conversationPerMinute ?? 60, windowMs: 60_000 }),
      ...(limits.maxStreamsPerSession ? { maxStreamsPerSession: limits.maxStreamsPerSession } : {}),
      // Demo customer tokens: only with the in-process sandbox wallet, and never in production.
      sandboxTokens: deps.sandboxInUse && !deps.production,
    }),
  );

  app.use('/api', (req, res) => sendError(res, 404, 'not_found', `no such endpoint: ${req.method} ${req.path}`));
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '1h', fallthrough: true }));
  app.use((req, res) => sendError(res, 404, 'not_found', `no such page: ${req.path}`));
  app.use(errorHandler(deps.logger));

  return { app, webchatSink: createWebchatSink(deps.store, log) };
}
