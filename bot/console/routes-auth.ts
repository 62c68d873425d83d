/** Sign-in, sign-out and "who am I" (the CSRF token again after a page reload). */
import { Router } from 'express';
import { z } from 'zod';
import { HttpError } from '../http/errors.ts';
import { createRateLimiter } from '../http/rate-limit.ts';
import { describeZodError } from '../http/zod-error.ts';
import { requireStaff, sessionOf, sessionTokenOf, type ConsoleContext } from './auth.ts';
import { createLoginLockout, LOGIN_WINDOW_MS } from './lockout.ts';
import { PASSWORD_MAX_CHARS, PasswordError } from './password.ts';
import { SESSION_MAX_AGE_MS } from './sessions.ts';
import { STAFF_NAME_PATTERN } from './staff.ts';

const LoginBody = z
  .object({
    name: z.string().min(1).max(200),
    // Longer than any valid password can be: checked like any other wrong one, so nothing is revealed.
    password: z
      .string()
      .min(1)
      .max(PASSWORD_MAX_CHARS * 4),
  })
  .strict();

function locked(seconds: number, message: string): HttpError {
  return new HttpError(429, 'locked', message, { 'Retry-After': String(seconds) });
}

export function createAuthRoutes(ctx: ConsoleContext): Router {
  const { deps, staff, sessions, cookie } = ctx;
  const lockout = createLoginLockout(deps.store, deps.now);
  const perAddress = createRateLimiter({
    limit: deps.loginPerAddress ?? 30,
    windowMs: LOGIN_WINDOW_MS,
    now: () => deps.now().getTime(),
  });
  const log = deps.logger;
  const router = Router();

  router.post('/login', async (req, res) => {
    const wait = perAddress.take(req.ip ?? 'unknown');
    if (wait) throw locked(wait, 'too many sign-in attempts from this address; retry later');
    const body = LoginBody.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'invalid_request', describeZodError(body.error));
    const { name, password } = body.data;
    // Only a well-formed name reaches a log line (a guessed "name" could be anything, even a password).
    const loggedName = STAFF_NAME_PATTERN.test(name) ? name : '(malformed)';

    const lockedSeconds = await lockout.lockedForSeconds(name);
    if (lockedSeconds) {
      log.warn({ staff: loggedName }, 'console sign-in refused: locked');
      throw locked(lockedSeconds, 'too many failed sign-ins for this name; retry later');
    }
    let account;
    try {
      account = await staff.verify(name, password);
    } catch (error) {
      if (error instanceof PasswordError && error.code === 'busy')
        throw new HttpError(503, 'busy', error.message, { 'Retry-After': '2' });
      throw error;
    }
    if (!account) {
      const nowLocked = await lockout.fail(name);
      log.warn({ staff: loggedName, locked: nowLocked }, 'console sign-in failed');
      throw new HttpError(401, 'bad_credentials', 'the name or the password is wrong');
    }
    await lockout.clear(name);
    const { token, session } = await sessions.create(account);
    cookie.set(res, token, SESSION_MAX_AGE_MS);
    log.info({ staff: account.name, role: account.role }, 'console sign-in');
    res.json({ name: session.name, role: session.role, csrfToken: session.csrfToken });
  });

  router.post('/logout', requireStaff(ctx, 'viewer'), async (_req, res) => {
    const session = sessionOf(res);
    await sessions.end(sessionTokenOf(res));
    cookie.clear(res);
    log.info({ staff: session.name }, 'console sign-out');
    res.status(204).end();
  });

  router.get('/me', requireStaff(ctx, 'viewer'), (_req, res) => {
    const session = sessionOf(res);
    res.json({ name: session.name, role: session.role, csrfToken: session.csrfToken });
  });

  return router;
}
