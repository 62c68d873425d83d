import type { Express } from 'express';
import { z } from 'zod';
import { createSeedData } from '../data.ts';
import { parseFaults } from '../faults.ts';
import { normalizeEmail, normalizePhone } from '../format.ts';
import { ApiError, plain } from '../http.ts';
import { OutboxQuery, parse } from '../requests.ts';
import type { SandboxState } from '../state.ts';

/** The sandbox's own controls (not part of a real wallet): what it "sent", disputes, reset, fault injection. */
export function mountControlRoutes(app: Express, state: SandboxState): void {
  const { db, now } = state;

  app.get(
    '/sandbox/outbox',
    plain((req) => {
      const q = parse(OutboxQuery, req.query, 'query');
      const phone = q.to ? normalizePhone(q.to) : null;
      const email = q.to ? normalizeEmail(q.to) : null;
      const items = db.data.outbox.filter(
        (m) =>
          (!q.customerId || m.customerId === q.customerId) &&
          (!q.kind || m.kind === q.kind) &&
          (!q.to || m.to === phone || m.to === email),
      );
      return { status: 200, body: { items } };
    }),
  );

  app.get(
    '/sandbox/disputes',
    plain(() => ({ status: 200, body: { items: db.data.disputes } })),
  );

  app.post('/sandbox/reset', async (_req, res) => {
    await state.exclusive(async () => {
      db.data = createSeedData(now());
      state.setFaults(parseFaults({}));
      await db.write();
    });
    res.json({ status: 'reset' });
  });

  app.get('/sandbox/faults', (_req, res) => {
    res.json(state.faults());
  });

  app.post('/sandbox/faults', (req, res) => {
    const r = z
      .object({})
      .passthrough()
      .safeParse(req.body ?? {});
    if (!r.success) throw new ApiError(400, 'invalid_request', 'body must be an object');
    try {
      state.setFaults(parseFaults(r.data));
    } catch (err) {
      const message =
        err instanceof z.ZodError
          ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
          : 'invalid faults';
      throw new ApiError(400, 'invalid_request', message);
    }
    res.json(state.faults());
  });
}
