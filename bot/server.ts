import express, { type Express, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Store } from './store/types.ts';
import type { WalletApi } from './wallet/types.ts';
import type { Nlu } from '../intents/types.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import type { PrefixBodyLimit, RouteStages } from './plugin/types.ts';
import { HttpError, errorHandler, sendError } from './http/errors.ts';
import { createRateLimiter, limitByIp } from './http/rate-limit.ts';
import { secretsEqual } from './http/secret-compare.ts';
import { securityHeaders } from './http/security-headers.ts';
import { cors } from './http/cors.ts';
import { describeZodError } from './http/zod-error.ts';

export interface HttpAppDeps {
  store: Store;
  nlu: Nlu;
  wallet: WalletApi;
  logger: Logger;
  metrics: Metrics;
  limits?: {
    ipPerMinute?: number;
    bodyBytes?: number;
    /** Per client address on the channel webhooks (and everything else but the API, which has its own). */
    webhookPerMinute?: number;
  };
  /** express `trust proxy` (TRUST_PROXY): which hops may name the client in X-Forwarded-For. Default: loopback. */
  trustProxy?: boolean | number | string[];
  /** Bearer token for GET /metrics; without it /metrics answers only direct loopback callers. */
  metricsToken?: string;
  /** Browser origins allowed to call the API (CORS); none by default. */
  corsOrigins?: readonly string[];
  /** Middleware that sees every request first (in-flight accounting). */
  beforeRoutes?: (app: Express) => void;
  /** Mounts the plugins' routes (the channels): each stage is placed where its requests belong. */
  mountRoutes?: (routes: RouteStages) => void;
  /** Path prefixes of the plugins' own API (`/api/inapp/`): not charged to the webhook budget. */
  apiPrefixes?: readonly string[];
  /** JSON body limits of particular API prefixes, instead of `limits.bodyBytes` (the console's new intents). */
  bodyLimits?: readonly PrefixBodyLimit[];
  readinessTimeoutMs?: number;
}

/** The service's own API path: limited per address by the API limiter (the webhook budget is for platforms). */
const NLU_API_PREFIX = '/api/nlu/';

const ParseBody = z.object({ text: z.string().trim().min(1, 'must not be empty').max(2000) }).strict();

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref(),
    ),
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
      next(
        secretsEqual(given, token)
          ? undefined
          : new HttpError(401, 'unauthorized', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>'),
      );
      return;
    }
    const direct =
      ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '') &&
      req.get('x-forwarded-for') === undefined;
    next(
      direct
        ? undefined
        : new HttpError(
            403,
            'forbidden',
            'GET /metrics is served to loopback callers only; set METRICS_TOKEN to scrape it from elsewhere',
          ),
    );
  };
}

/**
 * The express application: health, readiness, metrics and the NLU API, and the routes the plugins mount
 * (channel webhooks, a channel's own API and pages) at their stages.
 */
export function createHttpApp(deps: HttpAppDeps): Express {
  const routes: RouteStages = { webhooks: express.Router(), api: express.Router(), pages: express.Router() };
  deps.mountRoutes?.(routes);

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
  const ownApi = [NLU_API_PREFIX, ...(deps.apiPrefixes ?? [])];
  const webhookLimit = limitByIp(createRateLimiter({ limit: limits.webhookPerMinute ?? 6000, windowMs: 60_000 }));
  app.use((req, res, next) => (ownApi.some((p) => req.path.startsWith(p)) ? next() : webhookLimit(req, res, next)));
  useStage(app, routes.webhooks);

  app.use('/api', cors(deps.corsOrigins ?? []));
  app.use('/api', ipLimit);
  const defaultJson = express.json({ limit: limits.bodyBytes ?? 16 * 1024, strict: true });
  const prefixJson = (deps.bodyLimits ?? []).map(({ prefix, bytes }) => ({
    prefix,
    parse: express.json({ limit: bytes, strict: true }),
  }));
  app.use('/api', (req, res, next) => {
    const path = req.baseUrl + req.path;
    const parse = prefixJson.find((p) => path.startsWith(p.prefix))?.parse ?? defaultJson;
    parse(req, res, next);
  });
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  app.post('/api/nlu/parse', (req: Request, res: Response) => {
    const body = ParseBody.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'invalid_request', describeZodError(body.error));
    res.json(deps.nlu.parse(body.data.text));
  });

  useStage(app, routes.api);

  app.use('/api', (req, res) => sendError(res, 404, 'not_found', `no such endpoint: ${req.method} ${req.path}`));
  useStage(app, routes.pages);
  app.use((req, res) => sendError(res, 404, 'not_found', `no such page: ${req.path}`));
  app.use(errorHandler(deps.logger));

  return app;
}

/** A stage's router joins the app only when a plugin mounted something on it (no empty hop per request). */
function useStage(app: Express, stage: Router): void {
  if (stage.stack.length > 0) app.use(stage);
}
