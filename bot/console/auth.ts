/**
 * Who may call a console endpoint: a live session (401 `unauthorized`), its account still there with the
 * same role (checked on every request against a ≤ 5 s cache; otherwise the session ends: 401), the
 * `X-CSRF-Token` header on state-changing calls (403 `csrf`), and a role that allows it (403 `forbidden`).
 */
import type { RequestHandler, Response } from 'express';
import { HttpError } from '../http/errors.ts';
import { secretsEqual } from '../http/secret-compare.ts';
import type { ConsoleCookie } from './cookies.ts';
import type { ConsoleDeps } from './deps.ts';
import type { ConsoleSession, ConsoleSessions } from './sessions.ts';
import { roleAllows, type StaffAccounts, type StaffRole } from './staff.ts';

/** The parts every console route shares. */
export interface ConsoleContext {
  deps: ConsoleDeps;
  staff: StaffAccounts;
  sessions: ConsoleSessions;
  cookie: ConsoleCookie;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** The session `requireStaff` admitted. */
export function sessionOf(res: Response): ConsoleSession {
  const session = res.locals.consoleSession as ConsoleSession | undefined;
  if (!session) throw new Error('sessionOf: the route has no requireStaff in front of it');
  return session;
}

/** The current session's token (for logout). */
export function sessionTokenOf(res: Response): string {
  return res.locals.consoleToken as string;
}

export function unauthorized(): HttpError {
  return new HttpError(401, 'unauthorized', 'sign in to the console first');
}

export function requireStaff(ctx: ConsoleContext, needed: StaffRole): RequestHandler {
  return async (req, res, next) => {
    const token = ctx.cookie.read(req);
    const session = token ? await ctx.sessions.open(token) : undefined;
    if (!token || !session) throw unauthorized();
    const account = await ctx.staff.getCached(session.name);
    if (!account || account.role !== session.role || account.id !== session.accountId) {
      await ctx.sessions.end(token);
      ctx.cookie.clear(res);
      throw unauthorized();
    }
    if (!SAFE_METHODS.has(req.method) && !secretsEqual(req.get('x-csrf-token'), session.csrfToken))
      throw new HttpError(403, 'csrf', 'this call needs the X-CSRF-Token header from sign-in or GET /api/console/me');
    if (!roleAllows(session.role, needed))
      throw new HttpError(403, 'forbidden', `this needs the ${needed} role; you are ${session.role}`);
    res.locals.consoleSession = session;
    res.locals.consoleToken = token;
    next();
  };
}
