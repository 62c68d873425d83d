import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What the wallet client needs of `fetch`: global fetch fits, and so does `createHttpTransport()`. */
export type WalletFetch = (
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string | undefined; signal: AbortSignal },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export interface HttpTransportOptions {
  /** Most open connections per wallet host. Default 64. */
  maxSockets?: number;
  /** Idle connections kept open this long. Default 30 s. */
  keepAliveMs?: number;
  /** Largest response body accepted. Default 1 MiB. */
  maxBodyBytes?: number;
}

/** A failed exchange, named like fetch's errors so callers classify both alike (TimeoutError / AbortError / TypeError). */
function transportError(name: string, message: string, cause?: unknown): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  return error;
}

/**
 * The wallet client's transport: node:http(s) with keep-alive connection pools. It does what the
 * client asks of fetch (method, headers, a JSON text body, an abort signal for the deadline; the
 * status and the body text back) at a fraction of global fetch's per-request CPU, which matters
 * because a turn may make several wallet calls. Timeouts reject with a `TimeoutError`, network
 * failures with a `TypeError`, as fetch does.
 */
export function createHttpTransport(opts: HttpTransportOptions = {}): WalletFetch & { close(): void } {
  const agentOptions = {
    keepAlive: true,
    keepAliveMsecs: 1000,
    maxSockets: opts.maxSockets ?? 64,
    timeout: opts.keepAliveMs ?? 30_000,
  };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);
  const maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;

  const transport = (url: URL, init: Parameters<WalletFetch>[1]) =>
    new Promise<{ ok: boolean; status: number; text(): Promise<string> }>((resolveOnce, rejectOnce) => {
      let settled = false;
      const resolve = (value: { ok: boolean; status: number; text(): Promise<string> }) => {
        if (settled) return;
        settled = true;
        resolveOnce(value);
      };
      const reject = (error: Error) => {
        if (settled) return;
        settled = true;
        rejectOnce(error);
      };
      const signal = init.signal;
      if (signal.aborted) {
        reject(abortError(signal));
        return;
      }
      const https = url.protocol === 'https:';
      if (!https && url.protocol !== 'http:') {
        reject(transportError('TypeError', `unsupported protocol ${url.protocol}`));
        return;
      }
      const headers: Record<string, string | number> = { ...init.headers };
      if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
      const req = (https ? httpsRequest : httpRequest)(url, {
        method: init.method,
        headers,
        agent: https ? httpsAgent : httpAgent,
      });
      const onAbort = () => req.destroy(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      const done = () => signal.removeEventListener('abort', onAbort);
      req.on('error', (err: Error) => {
        done();
        reject(
          err.name === 'TimeoutError' || err.name === 'AbortError'
            ? err
            : transportError('TypeError', 'wallet request failed', err),
        );
      });
      req.once('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > maxBodyBytes) {
            done();
            reject(transportError('TypeError', `wallet response larger than ${maxBodyBytes} bytes`));
            res.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.once('end', () => {
          done();
          if (settled) return;
          const status = res.statusCode ?? 0;
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ ok: status >= 200 && status < 300, status, text: async () => body });
        });
        res.on('error', (err: Error) => {
          done();
          reject(transportError('TypeError', 'wallet response interrupted', err));
        });
      });
      req.end(init.body);
    });

  return Object.assign(transport, {
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}

/** The error an aborted exchange rejects with: the signal's own TimeoutError / AbortError, as fetch does. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && (reason.name === 'TimeoutError' || reason.name === 'AbortError')) return reason;
  return transportError('AbortError', 'wallet request aborted', reason);
}
