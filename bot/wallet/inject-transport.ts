import type { IncomingMessage, ServerResponse } from 'node:http';
import inject from 'light-my-request';
import { abortError, type WalletFetch } from './http-transport.ts';

/** A Node request listener, such as an express app. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A wallet transport that hands each request straight to an in-process HTTP handler (the sandbox
 * wallet's express app) with light-my-request: the same method, path, headers and JSON body, the
 * same status and body back, through the same routes and middleware (auth, idempotency, faults),
 * but without a loopback socket. Over loopback TCP a wallet call cost the turn about as much CPU
 * as the rest of the engine (two socket writes, two HTTP parses); in-process it costs a fraction.
 * Only for a wallet that runs in this process: a real backend (WALLET_API_URL) uses
 * `createHttpTransport()`.
 *
 * Failures look like fetch's, as the client expects: an aborted or timed-out signal rejects with
 * its `TimeoutError` / `AbortError` (the handler's late answer is dropped), a handler that throws
 * or never finishes a response rejects with a `TypeError`.
 */
export function createInjectTransport(listener: RequestListener): WalletFetch {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const signal = init.signal;
      if (signal.aborted) {
        reject(abortError(signal));
        return;
      }
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      inject(listener, {
        // The options are built here, always well-formed: skip light-my-request's per-call schema check.
        validate: false,
        method: init.method as 'GET' | 'POST',
        url: `${url.pathname}${url.search}`,
        headers: { ...init.headers, host: url.host },
        ...(init.body !== undefined ? { payload: init.body } : {}),
      }).then(
        (res) => {
          signal.removeEventListener('abort', onAbort);
          if (settled) return;
          settled = true;
          const body = res.payload;
          resolve({
            ok: res.statusCode >= 200 && res.statusCode < 300,
            status: res.statusCode,
            text: async () => body,
          });
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          if (settled) return;
          settled = true;
          const failure = new Error('in-process wallet request failed', { cause: error });
          failure.name = 'TypeError';
          reject(failure);
        },
      );
    });
}
