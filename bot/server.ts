import { fileURLToPath } from 'node:url';
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Engine } from './types.ts';
import type { Store } from './store/types.ts';
import type { WalletApi } from './wallet/types.ts';
import type { Nlu } from '../intents/types.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { HttpError, errorHandler, sendError } from './http/errors.ts';
import { createRateLimiter, limitByIp } from './http/rate-limit.ts';
import { securityHeaders } from './http/security-headers.ts';
import { cors } from './http/cors.ts';
import { createSessionRegistry } from '../adapters/webchat/sessions.ts';
import { createConversationLog } from '../adapters/webchat/conversation-log.ts';
import { createWebchatRoutes } from '../adapters/webchat/routes.ts';
import { createWebchatSink } from '../adapters/webchat/sink.ts';
import { describeZodError } from '../adapters/webchat/schemas.ts';
import type { ReplySink } from '../adapters/types.ts';

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
  limits?: { ipPerMinute?: number; conversationPerMinute?: number; bodyBytes?: number };
  /** Browser origins allowed to call the API (CORS); none by default. */
  corsOrigins?: readonly string[];
  sessionTtlMs?: number;
  /** Middleware that sees every request first (in-flight accounting). */
  beforeRoutes?: (app: Express) => void;
  /** Channel webhooks (Telegram, WeChat, Bot Framework, Slack) mounted before the JSON body parser. */
  mountChannels?: (app: Express) => void;
  readinessTimeoutMs?: number;
}

const ParseBody = z.object({ text: z.string().trim().min(1, 'must not be empty').max(2000) }).strict();
const PUBLIC_DIR = fileURLToPath(new URL('../adapters/webchat/public/', import.meta.url));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref()),
  ]);
}

/** The express application: health, metrics, NLU, in-app chat API and page, channel webhooks. */
export function createHttpApp(deps: HttpAppDeps): { app: Express; webchatSink: ReplySink } {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // API answers are per request (turns, sessions, health): no ETag to hash for each of them. Static
  // files are served by express.static, which sets its own ETag and Last-Modified.
  app.set('etag', false);
  app.use(securityHeaders());
  deps.beforeRoutes?.(app);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
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

  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  // Channel webhooks verify signatures over the raw body, so they mount before the JSON parser.
  deps.mountChannels?.(app);

  const limits = deps.limits ?? {};
  app.use('/api', cors(deps.corsOrigins ?? []));
  app.use('/api', limitByIp(createRateLimiter({ limit: limits.ipPerMinute ?? 600, windowMs: 60_000 })));
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
      sandboxTokens: deps.sandboxInUse,
    }),
  );

  app.use('/api', (req, res) => sendError(res, 404, 'not_found', `no such endpoint: ${req.method} ${req.path}`));
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: '1h', fallthrough: true }));
  app.use((req, res) => sendError(res, 404, 'not_found', `no such page: ${req.path}`));
  app.use(errorHandler(deps.logger));

  return { app, webchatSink: createWebchatSink(deps.store, log) };
}
