import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import { createCircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker.ts';
import {
  BalanceSchema,
  CustomerRefSchema,
  CustomerSchema,
  DisputeSchema,
  ErrorBodySchema,
  HealthSchema,
  OtpChallengeSchema,
  OtpCheckSchema,
  ResetLinkSentSchema,
  TransactionPageSchema,
  TransactionSchema,
} from './schemas.ts';
import { WalletError, type WalletApi, type WalletErrorCode } from './types.ts';
import { createHttpTransport, type WalletFetch } from './http-transport.ts';

/** The WalletApi method a call belongs to (metrics label). */
export type WalletOp = keyof WalletApi;
export type WalletCallOutcome = 'ok' | WalletErrorCode;

export interface WalletClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /**
   * Deadline for one WalletApi call, covering every attempt (connect, headers and body) and the
   * backoff between them: a retry only gets what is left, and none is made when nothing is left.
   */
  timeoutMs: number;
  /** Extra attempts for safe (read-only) calls after an outage error. Default 2. */
  retries?: number;
  /** First backoff step; attempt n waits base·2ⁿ plus up to base·2ⁿ of jitter. Default 100. */
  retryBaseMs?: number;
  /** Upper bound for one backoff wait. Default 2000. */
  retryMaxMs?: number;
  breaker?: Omit<CircuitBreakerOptions, 'now'>;
  logger?: Logger;
  /** Transport; default node:http(s) with keep-alive (http-transport.ts). Global `fetch` fits too. */
  fetchImpl?: WalletFetch;
  /** Called once per WalletApi call (after retries) with the total latency and the outcome. */
  onCall?: (op: WalletOp, ms: number, outcome: WalletCallOutcome) => void;
  /** Clock for the circuit breaker (tests). */
  now?: () => number;
}

export interface WalletClient extends WalletApi {
  /** Current circuit-breaker state (for health pages and tests). */
  breakerState(): BreakerState;
}

interface CallSpec<T> {
  op: WalletOp;
  method: 'GET' | 'POST';
  /** Path template for logs, e.g. /v1/customers/{id}/balance. */
  route: string;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  /** A write: refuse to send it without a usable idempotency key. */
  needsKey?: boolean;
  /** Read-only: safe to retry. */
  safe: boolean;
  schema: z.ZodType<T>;
}

const enc = encodeURIComponent;

/** A retry is only worth making with at least this much of the call's deadline left. */
const MIN_ATTEMPT_MS = 50;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function checkKey(op: WalletOp, key: string | undefined): void {
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new WalletError('rejected', `${op}: an idempotency key (1–255 visible ASCII characters) is required`);
  }
}

/** Maps a non-2xx status (and the wallet's own error code, when sent) to a WalletError. */
function errorForStatus(op: WalletOp, status: number, apiCode: string | undefined): WalletError {
  const suffix = apiCode ? ` (${apiCode})` : '';
  if (status === 404) return new WalletError('not_found', `${op}: not found${suffix}`, status, apiCode);
  if (apiCode === 'resend_limit') return new WalletError('resend_limit', `${op}: resend limit reached`, status, apiCode);
  // A refused API key is an operations problem, not the wallet saying no to the customer.
  if (status === 401 || status === 403) {
    return new WalletError('unavailable', `${op}: wallet refused the API key (${status})`, status, apiCode);
  }
  if (status >= 400 && status < 500) {
    return new WalletError('rejected', `${op}: wallet refused the request (${status})${suffix}`, status, apiCode);
  }
  return new WalletError('unavailable', `${op}: wallet answered ${status}${suffix}`, status, apiCode);
}

function errorForThrown(op: WalletOp, err: unknown): WalletError {
  if (err instanceof WalletError) return err;
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new WalletError('timeout', `${op}: wallet did not answer in time`);
  }
  return new WalletError('unavailable', `${op}: wallet unreachable`);
}

/**
 * The HTTP client of the wallet contract (bot/wallet/openapi.yaml).
 * - every 2xx body is checked with zod (mismatch → 'bad_response');
 * - one deadline (`timeoutMs`) per call across all attempts and backoffs (→ 'timeout'); network
 *   errors and 5xx → 'unavailable';
 *   404 → 'not_found'; other 4xx → 'rejected' ('resend_limit' for the OTP resend limit);
 * - read-only calls are retried with exponential backoff and jitter; writes never are (the caller
 *   retries them with the same idempotency key);
 * - a circuit breaker fails fast with 'unavailable' (apiCode 'circuit_open') after repeated outages.
 * Logs carry the method, path template, status, latency and outcome — never bodies.
 */
export function createWalletClient(opts: WalletClientOptions): WalletClient {
  let base: URL;
  try {
    base = new URL(opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`);
  } catch {
    throw new TypeError('createWalletClient: baseUrl must be an absolute URL');
  }
  if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0) {
    throw new RangeError('createWalletClient: timeoutMs must be a positive number');
  }
  const retries = opts.retries ?? 2;
  if (!Number.isInteger(retries) || retries < 0) throw new RangeError('createWalletClient: retries must be >= 0');
  const retryBaseMs = opts.retryBaseMs ?? 100;
  const retryMaxMs = opts.retryMaxMs ?? 2000;
  const fetchImpl = opts.fetchImpl ?? createHttpTransport();
  const logger = opts.logger;
  const breaker = createCircuitBreaker({ ...opts.breaker, now: opts.now });

  function backoffMs(attempt: number): number {
    const step = Math.min(retryMaxMs, retryBaseMs * 2 ** attempt);
    return Math.min(retryMaxMs, step + Math.random() * step);
  }

  function urlFor(spec: CallSpec<unknown>): URL {
    const url = new URL(spec.path.replace(/^\//, ''), base);
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
    const res = await fetchImpl(urlFor(spec), {
      method: spec.method,
      headers,
      body: bodyText,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) {
      let apiCode: string | undefined;
      try {
        const parsed = ErrorBodySchema.safeParse(JSON.parse(text));
        if (parsed.success) apiCode = parsed.data.error.code;
      } catch {
        // not JSON: no wallet error code
      }
      throw errorForStatus(spec.op, res.status, apiCode);
    }
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

  async function call<T>(spec: CallSpec<T>): Promise<T> {
    const startedMs = performance.now();
    const deadlineMs = startedMs + opts.timeoutMs;
    let outcome: WalletCallOutcome = 'ok';
    try {
      if (spec.needsKey) checkKey(spec.op, spec.idempotencyKey);
      for (let attempt = 0; ; attempt++) {
        if (!breaker.tryAcquire()) {
          throw new WalletError('unavailable', `${spec.op}: wallet circuit open, failing fast`, undefined, 'circuit_open');
        }
        const attemptStartMs = performance.now();
        try {
          const { value, status } = await attemptOnce(spec, Math.max(1, Math.ceil(deadlineMs - attemptStartMs)));
          breaker.onSuccess();
          logger?.debug(
            { wallet: { op: spec.op, method: spec.method, route: spec.route, status, ms: Math.round(performance.now() - attemptStartMs), attempt } },
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
            attempt < retries &&
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
  }

  return {
    breakerState: () => breaker.state(),

    async findCustomer(query) {
      if (!query.phone && !query.email) throw new WalletError('rejected', 'findCustomer: give a phone or an email');
      try {
        return await call({
          op: 'findCustomer',
          method: 'POST',
          route: '/v1/customers/lookup',
          path: '/v1/customers/lookup',
          body: { phone: query.phone, email: query.email },
          safe: true, // a read, even though it is a POST (keeps phone/email out of URLs)
          schema: CustomerRefSchema,
        });
      } catch (err) {
        if (err instanceof WalletError && err.code === 'not_found') return null;
        throw err;
      }
    },

    getCustomer(customerId) {
      return call({
        op: 'getCustomer',
        method: 'GET',
        route: '/v1/customers/{id}',
        path: `/v1/customers/${enc(customerId)}`,
        safe: true,
        schema: CustomerSchema,
      });
    },

    sendOtp(customerId, o) {
      return call({
        op: 'sendOtp',
        method: 'POST',
        route: '/v1/customers/{id}/otp',
        path: `/v1/customers/${enc(customerId)}/otp`,
        body: { channel: o.channel },
        idempotencyKey: o.idempotencyKey,
        needsKey: true,
        safe: false,
        schema: OtpChallengeSchema,
      });
    },

    resendOtp(challengeId, o) {
      return call({
        op: 'resendOtp',
        method: 'POST',
        route: '/v1/otp/{challengeId}/resend',
        path: `/v1/otp/${enc(challengeId)}/resend`,
        idempotencyKey: o.idempotencyKey,
        needsKey: true,
        safe: false,
        schema: OtpChallengeSchema,
      });
    },

    checkOtp(challengeId, code) {
      return call({
        op: 'checkOtp',
        method: 'POST',
        route: '/v1/otp/{challengeId}/check',
        path: `/v1/otp/${enc(challengeId)}/check`,
        body: { code },
        safe: false, // each check uses up an attempt
        schema: OtpCheckSchema,
      });
    },

    sendPasswordResetLink(customerId, o) {
      return call({
        op: 'sendPasswordResetLink',
        method: 'POST',
        route: '/v1/customers/{id}/password-reset-link',
        path: `/v1/customers/${enc(customerId)}/password-reset-link`,
        idempotencyKey: o.idempotencyKey,
        needsKey: true,
        safe: false,
        schema: ResetLinkSentSchema,
      });
    },

    unfreeze(customerId, o) {
      return call({
        op: 'unfreeze',
        method: 'POST',
        route: '/v1/customers/{id}/unfreeze',
        path: `/v1/customers/${enc(customerId)}/unfreeze`,
        idempotencyKey: o.idempotencyKey,
        needsKey: true,
        safe: false,
        schema: CustomerSchema,
      });
    },

    getBalance(customerId) {
      return call({
        op: 'getBalance',
        method: 'GET',
        route: '/v1/customers/{id}/balance',
        path: `/v1/customers/${enc(customerId)}/balance`,
        safe: true,
        schema: BalanceSchema,
      });
    },

    listTransactions(customerId, o = {}) {
      return call({
        op: 'listTransactions',
        method: 'GET',
        route: '/v1/customers/{id}/transactions',
        path: `/v1/customers/${enc(customerId)}/transactions`,
        query: { limit: o.limit, cursor: o.cursor, status: o.status },
        safe: true,
        schema: TransactionPageSchema,
      });
    },

    getTransaction(customerId, transactionId) {
      return call({
        op: 'getTransaction',
        method: 'GET',
        route: '/v1/customers/{id}/transactions/{txId}',
        path: `/v1/customers/${enc(customerId)}/transactions/${enc(transactionId)}`,
        safe: true,
        schema: TransactionSchema,
      });
    },

    lockAccount(customerId, o) {
      return call({
        op: 'lockAccount',
        method: 'POST',
        route: '/v1/customers/{id}/lock',
        path: `/v1/customers/${enc(customerId)}/lock`,
        body: { reason: o.reason },
        idempotencyKey: o.idempotencyKey,
        needsKey: true,
        safe: false,
        schema: CustomerSchema,
      });
    },

    openDispute(customerId, transactionId, o) {
      return call({
        op: 'openDispute',
        method: 'POST',
        route: '/v1/customers/{id}/transactions/{txId}/disputes',
        path: `/v1/customers/${enc(customerId)}/transactions/${enc(transactionId)}/disputes`,
        body: { reason: o.reason },
        idempotencyKey: o.idempotencyKey,
        needsKey: true,
        safe: false,
        schema: DisputeSchema,
      });
    },

    async ping() {
      await call({ op: 'ping', method: 'GET', route: '/healthz', path: '/healthz', safe: true, schema: HealthSchema });
    },
  };
}
