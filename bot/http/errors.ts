import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from '../logger.ts';
import { StoreError } from '../store/errors.ts';

/** An error that becomes `{"error":{"code","message"}}` with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/**
 * The request's path as it may be logged: the route pattern when a route matched, otherwise the path with
 * every long segment replaced, because in-app paths carry the session id, the session's only credential.
 */
export function loggablePath(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route === 'string') return route;
  return req.path
    .slice(0, 200)
    .split('/')
    .map((segment) => (segment.length >= 16 ? ':id' : segment))
    .join('/');
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Last middleware: every error becomes a JSON error; 5xx are logged without request bodies. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error instanceof HttpError) {
      for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
      sendError(res, error.status, error.code, error.message);
      return;
    }
    if (error instanceof StoreError && (error.code === 'store_unavailable' || error.code === 'store_closed')) {
      // Retryable: the client (or the platform) sends the same message again and nothing was half-saved.
      logger.warn({ code: error.code, path: loggablePath(req) }, 'store unavailable');
      res.setHeader('Retry-After', '2');
      sendError(res, 503, 'unavailable', 'the service is temporarily unavailable; retry shortly');
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError && typeof parserError === 'object' && parserError.type === 'entity.too.large') {
      sendError(res, 413, 'body_too_large', 'request body is too large');
      return;
    }
    if (parserError && typeof parserError === 'object' && parserError.type === 'entity.parse.failed') {
      sendError(res, 400, 'invalid_json', 'request body is not valid JSON');
      return;
    }
    if (
      parserError &&
      typeof parserError === 'object' &&
      typeof parserError.status === 'number' &&
      parserError.status < 500
    ) {
      sendError(res, parserError.status, 'bad_request', 'the request could not be read');
      return;
    }
    logger.error(
      {
        err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
        path: loggablePath(req),
      },
      'request failed',
    );
    sendError(res, 500, 'internal', 'something went wrong on our side; please try again');
  };
}
