/** Staff management for admins: list, add (with a first password), remove. */
import { Router } from 'express';
import { z } from 'zod';
import { HttpError } from '../http/errors.ts';
import { requireStaff, sessionOf, type ConsoleContext } from './auth.ts';
import { PASSWORD_MAX_CHARS, PasswordError } from './password.ts';
import { parseOr400 } from './query.ts';
import { STAFF_NAME_PATTERN, STAFF_ROLES, StaffError } from './staff.ts';

const StaffName = z.string().regex(STAFF_NAME_PATTERN, 'must be 1–64 characters of a-z, 0-9, ".", "_" and "-"');
const AddBody = z
  .object({ name: StaffName, role: z.enum(STAFF_ROLES), password: z.string().max(PASSWORD_MAX_CHARS * 4) })
  .strict();

const STATUS_OF_STAFF_ERROR: Record<StaffError['code'], number> = {
  invalid_name: 400,
  invalid_role: 400,
  weak_password: 400,
  exists: 409,
  not_found: 404,
};

export function createStaffRoutes(ctx: ConsoleContext): Router {
  const { deps, staff } = ctx;
  const router = Router();
  const admin = requireStaff(ctx, 'admin');
  const log = deps.logger;

  router.get('/staff', admin, async (_req, res) => {
    res.json({ items: await staff.list() });
  });

  router.post('/staff', admin, async (req, res) => {
    const body = parseOr400(AddBody, req.body);
    try {
      const account = await staff.add(body.name, body.role, body.password);
      log.info({ staff: sessionOf(res).name, added: account.name, role: account.role }, 'console staff added');
      res.status(201).json(account);
    } catch (error) {
      if (error instanceof StaffError)
        throw new HttpError(STATUS_OF_STAFF_ERROR[error.code], error.code, error.message);
      if (error instanceof PasswordError && error.code === 'busy')
        throw new HttpError(503, 'busy', error.message, { 'Retry-After': '2' });
      throw error;
    }
  });

  router.delete('/staff/:name', admin, async (req, res) => {
    const name = parseOr400(StaffName, req.params.name);
    const account = await staff.get(name);
    if (!account) throw new HttpError(404, 'not_found', `no account named "${name}"`);
    if (account.role === 'admin') {
      const admins = (await staff.list()).filter((a) => a.role === 'admin');
      // The CLI can still do it; the console keeps someone who can manage it.
      if (admins.length <= 1)
        throw new HttpError(409, 'last_admin', 'the last admin cannot be removed from the console');
    }
    await staff.remove(name);
    log.info({ staff: sessionOf(res).name, removed: name }, 'console staff removed');
    res.status(204).end();
  });

  return router;
}
