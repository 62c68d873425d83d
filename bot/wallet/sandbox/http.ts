import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Low } from 'lowdb';
import type { SandboxData } from './data.ts';
import { stableJson } from './format.ts';

/** A refusal with an HTTP status and a stable code, sent as {"error":{"code","message"}}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface HandlerResult {
  status: number;
  body: unknown;
}

export type Handler = (req: Request) => Promise<HandlerResult> | HandlerResult;

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** Runs async critical sections one at a time (all sandbox writes go through it). */
export function createMutex(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** A read-only (or non-idempotent, like OTP check) route. */
export function plain(handler: Handler): RequestHandler {
  return async (req: Request, res: Response) => {
    const r = await handler(req);
    res.status(r.status).json(r.body);
  };
}

const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/**
 * A write route: requires `Idempotency-Key` (400 without). The first request with a key acts and
 * its response (2xx or 4xx) is stored; a repeat with the same key and the same request replays it
 * with `Idempotent-Replayed: true` and acts no more; the same key on a different request is 422.
 * Writes run one at a time, so two concurrent requests with one key still act once.
 */
export function idempotent(
  db: Low<SandboxData>,
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>,
  now: () => Date,
  handler: Handler,
): RequestHandler {
  return async (req: Request, res: Response) => {
    const key = req.get('idempotency-key');
    if (key === undefined || key === '') {
      throw new ApiError(400, 'idempotency_key_required', 'this request needs an Idempotency-Key header');
    }
    if (key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 1–255 visible ASCII characters');
    }
    const fingerprint = `${req.method} ${req.baseUrl}${req.path} ${stableJson(req.body ?? {})}`;
    const result = await exclusive(async () => {
      const data = db.data;
      const previous = data.idempotency.find((r) => r.key === key);
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          throw new ApiError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different request');
        }
        return { status: previous.status, body: previous.body, replayed: true };
      }
      let r: HandlerResult;
      try {
        r = await handler(req);
      } catch (err) {
        if (!(err instanceof ApiError) || err.status >= 500) throw err;
        r = { status: err.status, body: errorBody(err.code, err.message) };
      }
      const at = now();
      const oldest = at.getTime() - IDEMPOTENCY_TTL_MS;
      data.idempotency = data.idempotency.filter((x) => Date.parse(x.at) >= oldest);
      data.idempotency.push({ key, fingerprint, status: r.status, body: r.body, at: at.toISOString() });
      await db.write();
      return { ...r, replayed: false };
    });
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(result.status).json(result.body);
  };
}

/** Last middleware: ApiError → its status; bad JSON → 400; anything else → 500. */
export function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof ApiError) {
    res.status(err.status).json(errorBody(err.code, err.message));
    return;
  }
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') {
    res.status(400).json(errorBody('invalid_request', 'the body is not valid JSON'));
    return;
  }
  if (e?.type === 'entity.too.large') {
    res.status(413).json(errorBody('invalid_request', 'the body is too large'));
    return;
  }
  res.status(500).json(errorBody('internal', 'sandbox wallet error'));
}
