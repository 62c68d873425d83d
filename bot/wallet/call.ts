import type { Logger } from '../logger.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { apiCodeOf, checkIdempotencyKey, errorForStatus, errorForThrown, type WalletOp } from './client-errors.ts';
import type { Endpoint } from './endpoints.ts';
import type { WalletFetch } from './http-transport.ts';
import { WalletError, type WalletErrorCode } from './types.ts';

export type WalletCallOutcome = 'ok' | WalletErrorCode;

/** One WalletApi call: its endpoint and what this call sends. */
export interface CallSpec<T> extends Endpoint<T> {
  op: WalletOp;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotencyKey?: string;
}

export interface CallerOptions {
  base: URL;
  apiKey: string | undefined;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  fetchImpl: WalletFetch;
  breaker: CircuitBreaker;
  logger: Logger | undefined;
  onCall: ((op: WalletOp, ms: number, outcome: WalletCallOutcome) => void) | undefined;
}

/** A retry is only worth making with at least this much of the call's deadline left. */
const MIN_ATTEMPT_MS = 50;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs WalletApi calls over HTTP: one deadline per call across its attempts, retries with backoff
 * for safe calls, the circuit breaker, the zod check of the answer, logs and the per-call callback.
 */
export function createWalletCaller(opts: CallerOptions): <T>(spec: CallSpec<T>) => Promise<T> {
  const { breaker, logger } = opts;

  function backoffMs(attempt: number): number {
    const step = Math.min(opts.retryMaxMs, opts.retryBaseMs * 2 ** attempt);
    return Math.min(opts.retryMaxMs, step + Math.random() * step);
  }

  function urlFor(spec: CallSpec<unknown>): URL {
    const url = new URL(spec.path.replace(/^\//, ''), opts.base);
    for (const [k, v] of Object.entries(spec.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url;
  }

  async function attemptOnce<T>(spec: CallSpec<T>, timeoutMs: number): Promise<{ value: T; status: number }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
    if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
    let bodyText: string | undefined;
    if (spec.method === 'POST') {
      headers['content-type'] = 'application/json';
      bodyText = JSON.stringify(spec.body ?? {});
    }
    const res = await opts.fetchImpl(urlFor(spec), {
      method: spec.method,
      headers,
      body: bodyText,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw errorForStatus(spec.op, res.status, apiCodeOf(text));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new WalletError('bad_response', `${spec.op}: response is not JSON`, res.status);
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((i) => i.path.join('.') || '(root)')
        .join(', ');
      throw new WalletError('bad_response', `${spec.op}: response does not match the contract at ${where}`, res.status);
    }
    return { value: parsed.data, status: res.status };
  }

  return async function call<T>(spec: CallSpec<T>): Promise<T> {
    const startedMs = performance.now();
    const deadlineMs = startedMs + opts.timeoutMs;
    let outcome: WalletCallOutcome = 'ok';
    try {
      if (spec.needsKey) checkIdempotencyKey(spec.op, spec.idempotencyKey);
      for (let attempt = 0; ; attempt++) {
        if (!breaker.tryAcquire()) {
          throw new WalletError(
            'unavailable',
            `${spec.op}: wallet circuit open, failing fast`,
            undefined,
            'circuit_open',
          );
        }
        const attemptStartMs = performance.now();
        try {
          const { value, status } = await attemptOnce(spec, Math.max(1, Math.ceil(deadlineMs - attemptStartMs)));
          breaker.onSuccess();
          logger?.debug(
            {
              wallet: {
                op: spec.op,
                method: spec.method,
                route: spec.route,
                status,
                ms: Math.round(performance.now() - attemptStartMs),
                attempt,
              },
            },
            'wallet call',
          );
          return value;
        } catch (err) {
          const error = errorForThrown(spec.op, err);
          if (error.isOutage) breaker.onFailure();
          else breaker.onSuccess(); // the wallet answered: it is up
          const waitMs = backoffMs(attempt);
          // A retry needs time left after its backoff; otherwise the call ends now (total deadline).
          const retry =
            spec.safe &&
            attempt < opts.retries &&
            (error.code === 'unavailable' || error.code === 'timeout') &&
            deadlineMs - performance.now() - waitMs >= MIN_ATTEMPT_MS;
          logger?.warn(
            {
              wallet: {
                op: spec.op,
                method: spec.method,
                route: spec.route,
                status: error.status,
                ms: Math.round(performance.now() - attemptStartMs),
                attempt,
                outcome: error.code,
                apiCode: error.apiCode,
                willRetry: retry,
              },
            },
            'wallet call failed',
          );
          if (!retry) throw error;
          await sleep(waitMs);
        }
      }
    } catch (err) {
      outcome = err instanceof WalletError ? err.code : 'unavailable';
      throw err;
    } finally {
      opts.onCall?.(spec.op, performance.now() - startedMs, outcome);
    }
  };
}
