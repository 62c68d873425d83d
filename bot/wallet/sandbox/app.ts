import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { faultMiddleware } from './faults.ts';
import { sameSecret } from './format.ts';
import { ApiError, errorBody, errorHandler } from './http.ts';
import { mountAccountActionRoutes } from './routes/account-actions.ts';
import { mountControlRoutes } from './routes/controls.ts';
import { mountCustomerRoutes } from './routes/customers.ts';
import { mountMoneyRoutes } from './routes/money.ts';
import { mountOneTimeCodeRoutes } from './routes/one-time-codes.ts';
import { createSandboxState, type SandboxOptions } from './state.ts';

export { OTP_MAX_ATTEMPTS, OTP_MAX_RESENDS, OTP_TTL_MS } from './routes/one-time-codes.ts';
export type { SandboxOptions } from './state.ts';

/**
 * The sandbox wallet as an express app implementing bot/wallet/openapi.yaml (for supertest or
 * startSandboxWallet). The data loads lazily on the first request.
 */
export function createSandboxApp(opts: SandboxOptions = {}): Express {
  if (opts.fixedOtp !== undefined && !/^\d{6}$/.test(opts.fixedOtp)) {
    throw new TypeError('createSandboxApp: fixedOtp must be six digits');
  }
  const state = createSandboxState(opts);
  const { ready } = state;

  const app = express();
  app.disable('x-powered-by');
  // Every answer is computed per request (and the bot calls it in-process): no ETag to hash for each.
  app.set('etag', false);
  // startSandboxWallet awaits this so a broken data file fails start-up, not every request.
  app.locals.sandboxReady = ready;
  ready.catch(() => undefined);
  app.use(async (_req: Request, _res: Response, next: NextFunction) => {
    await ready;
    next();
  });
  app.use(express.json({ limit: '16kb' }));

  // Fault injection applies to the contract, not to the sandbox controls.
  const injectFaults = faultMiddleware(state.faults);
  app.use('/v1', injectFaults);
  app.use('/healthz', injectFaults);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  if (opts.apiKey) {
    const expected = `Bearer ${opts.apiKey}`;
    const requireKey = (req: Request, _res: Response, next: NextFunction): void => {
      if (!sameSecret(req.get('authorization') ?? '', expected)) {
        throw new ApiError(401, 'unauthorized', 'a valid API key is required');
      }
      next();
    };
    app.use('/v1', requireKey);
    app.use('/sandbox', requireKey);
  }

  mountCustomerRoutes(app, state);
  mountOneTimeCodeRoutes(app, state);
  mountAccountActionRoutes(app, state);
  mountMoneyRoutes(app, state);
  mountControlRoutes(app, state);

  app.use((_req: Request, res: Response) => {
    res.status(404).json(errorBody('not_found', 'no such route'));
  });
  app.use(errorHandler);
  return app;
}
