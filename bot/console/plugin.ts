import { Router } from 'express';
import type { ServerPlugin } from '../plugin/types.ts';
import { mountConsolePage } from './page.ts';
import { CONSOLE_ANALYTICS, type ConsoleAnalytics } from './analytics.ts';
import type { ScryptCost } from './password.ts';
import { CONSOLE_API_PREFIX, createConsoleRoutes } from './routes.ts';

/** A new intent with its answers and examples in two locales is larger than the server's 16 KiB default. */
export const CONSOLE_BODY_BYTES = 128 * 1024;

export interface ConsolePluginOptions {
  /** Tests: a cheaper password hash. */
  scryptCost?: ScryptCost;
  loginPerAddress?: number;
  /** Tests: the clock (session expiry, the 5 s account caches). */
  now?: () => Date;
  /** Tests: canned figures instead of the computations over the events. */
  analytics?: Partial<ConsoleAnalytics>;
}

/**
 * The support console as a server plugin: its API under `/api/console/` (JSON bodies up to 128 KiB) and its
 * page under `/console/`, both 404 until a staff account exists. Listed in `configuredPlugins` (bot/plugins.ts).
 */
export function createConsolePlugin(opts: ConsolePluginOptions = {}): ServerPlugin {
  return {
    name: 'console',
    apiPrefixes: [CONSOLE_API_PREFIX],
    bodyBytes: CONSOLE_BODY_BYTES,
    mount(routes, { app, config }) {
      const consoleRoutes = createConsoleRoutes({
        store: app.store,
        events: app.events,
        teacher: app.teacher,
        nlu: () => app.nlu,
        knowledge: () => app.knowledge,
        config,
        logger: app.logger.child({ component: 'console' }),
        now: opts.now ?? (() => new Date()),
        analytics: { ...CONSOLE_ANALYTICS, ...opts.analytics },
        ...(opts.scryptCost ? { scryptCost: opts.scryptCost } : {}),
        ...(opts.loginPerAddress ? { loginPerAddress: opts.loginPerAddress } : {}),
      });
      routes.api.use(consoleRoutes.api);
      const page = Router();
      mountConsolePage(page);
      routes.pages.use('/console', consoleRoutes.gate);
      routes.pages.use(page);
    },
  };
}
