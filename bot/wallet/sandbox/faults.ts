import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { errorBody } from './http.ts';

/**
 * Fault injection for tests: added latency on every contract route, and the next `failNext`
 * contract requests answered with `status` (default 503), either before the wallet acts
 * ('before_action', nothing happens) or after it acted ('after_action': the write happened,
 * the response is lost; a retry with the same Idempotency-Key replays the real answer).
 */
export const FaultsSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    failNext: z.number().int().min(0).max(1000).default(0),
    status: z.number().int().min(400).max(599).default(503),
    failMode: z.enum(['before_action', 'after_action']).default('before_action'),
  })
  .strict();

export type Faults = z.infer<typeof FaultsSchema>;
export type FaultsInput = z.input<typeof FaultsSchema>;

export function parseFaults(input: unknown): Faults {
  return FaultsSchema.parse(input ?? {});
}

export function faultMiddleware(getFaults: () => Faults) {
  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    const faults = getFaults();
    if (faults.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, faults.latencyMs).unref());
      if (res.destroyed || res.req.destroyed) return;
    }
    if (faults.failNext > 0) {
      faults.failNext -= 1;
      const body = errorBody('injected_fault', 'sandbox fault injection');
      if (faults.failMode === 'before_action') {
        res.status(faults.status).json(body);
        return;
      }
      const status = faults.status;
      res.json = function injected(this: Response) {
        res.status(status);
        res.set('Content-Type', 'application/json');
        res.send(JSON.stringify(body));
        return res;
      };
    }
    next();
  };
}
