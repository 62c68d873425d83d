/**
 * The support console's API (`/api/console/…`), built from its small route files. The whole console answers
 * 404 until a staff account exists (`upay-bot staff add`), so a fresh deployment exposes nothing.
 */
import { Router, type RequestHandler } from 'express';
import { HttpError } from '../http/errors.ts';
import type { ConsoleContext } from './auth.ts';
import { consoleCookie } from './cookies.ts';
import type { ConsoleDeps } from './deps.ts';
import { createAuthRoutes } from './routes-auth.ts';
import { createConversationRoutes } from './routes-conversations.ts';
import { createStatsRoutes } from './routes-stats.ts';
import { createStaffRoutes } from './routes-staff.ts';
import { createTeachRoutes } from './routes-teach.ts';
import { createUnansweredRoutes } from './routes-unanswered.ts';
import { createConsoleSessions } from './sessions.ts';
import { createStaffAccounts, type StaffAccounts } from './staff.ts';

export type { ConsoleDeps } from './deps.ts';

export const CONSOLE_API_PREFIX = '/api/console/';

export interface ConsoleRoutes {
  /** Mount on the server's API stage: answers `/api/console/…`. */
  api: Router;
  /** 404 unless a staff account exists (checked at most every 5 s): put it in front of the console page too. */
  gate: RequestHandler;
  staff: StaffAccounts;
}

export function createConsoleRoutes(deps: ConsoleDeps): ConsoleRoutes {
  const staff = createStaffAccounts(deps.store, {
    now: deps.now,
    ...(deps.scryptCost ? { scryptCost: deps.scryptCost } : {}),
  });
  const ctx: ConsoleContext = {
    deps,
    staff,
    sessions: createConsoleSessions(deps.store, { now: deps.now }),
    cookie: consoleCookie(deps.config.NODE_ENV === 'production'),
  };
  const gate: RequestHandler = async (req, _res, next) => {
    if (!(await staff.anyExists()))
      throw new HttpError(404, 'not_found', `no such page: ${(req.baseUrl + req.path).slice(0, 100)}`);
    next();
  };
  const api = Router();
  api.use(
    CONSOLE_API_PREFIX.slice(0, -1),
    gate,
    createAuthRoutes(ctx),
    createStatsRoutes(ctx),
    createUnansweredRoutes(ctx),
    createTeachRoutes(ctx),
    createConversationRoutes(ctx),
    createStaffRoutes(ctx),
  );
  return { api, gate, staff };
}
