import type { Logger } from '../logger.ts';
import { createWalletCaller, type CallSpec, type WalletCallOutcome } from './call.ts';
import { createCircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker.ts';
import type { WalletOp } from './client-errors.ts';
import { ENDPOINTS, fillRoute } from './endpoints.ts';
import { createHttpTransport, type WalletFetch } from './http-transport.ts';
import { WalletError, type WalletApi } from './types.ts';

export type { WalletCallOutcome } from './call.ts';
export type { WalletOp } from './client-errors.ts';

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

type Endpoints = typeof ENDPOINTS;
type Answer<K extends WalletOp> = Endpoints[K] extends { schema: { parse(v: unknown): infer T } } ? T : never;

/** What a single call adds to its endpoint: the path parameters, and the query, body and key it sends. */
interface CallInput {
  params?: string[];
  query?: CallSpec<unknown>['query'];
  body?: unknown;
  idempotencyKey?: string;
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
  const breaker = createCircuitBreaker({ ...opts.breaker, now: opts.now });
  const run = createWalletCaller({
    base,
    apiKey: opts.apiKey,
    timeoutMs: opts.timeoutMs,
    retries,
    retryBaseMs: opts.retryBaseMs ?? 100,
    retryMaxMs: opts.retryMaxMs ?? 2000,
    fetchImpl: opts.fetchImpl ?? createHttpTransport(),
    breaker,
    logger: opts.logger,
    onCall: opts.onCall,
  });

  function call<K extends WalletOp>(op: K, input: CallInput = {}): Promise<Answer<K>> {
    const endpoint = ENDPOINTS[op];
    const { params = [], ...sent } = input;
    return run({ ...endpoint, ...sent, op, path: fillRoute(endpoint.route, params) } as CallSpec<Answer<K>>);
  }

  return {
    breakerState: () => breaker.state(),

    async findCustomer(query) {
      if (!query.phone && !query.email) throw new WalletError('rejected', 'findCustomer: give a phone or an email');
      try {
        return await call('findCustomer', { body: { phone: query.phone, email: query.email } });
      } catch (err) {
        if (err instanceof WalletError && err.code === 'not_found') return null;
        throw err;
      }
    },
    getCustomer: (customerId) => call('getCustomer', { params: [customerId] }),
    sendOtp: (customerId, o) =>
      call('sendOtp', { params: [customerId], body: { channel: o.channel }, idempotencyKey: o.idempotencyKey }),
    resendOtp: (challengeId, o) => call('resendOtp', { params: [challengeId], idempotencyKey: o.idempotencyKey }),
    checkOtp: (challengeId, code) => call('checkOtp', { params: [challengeId], body: { code } }),
    sendPasswordResetLink: (customerId, o) =>
      call('sendPasswordResetLink', { params: [customerId], idempotencyKey: o.idempotencyKey }),
    unfreeze: (customerId, o) => call('unfreeze', { params: [customerId], idempotencyKey: o.idempotencyKey }),
    getBalance: (customerId) => call('getBalance', { params: [customerId] }),
    listTransactions: (customerId, o = {}) =>
      call('listTransactions', { params: [customerId], query: { limit: o.limit, cursor: o.cursor, status: o.status } }),
    getTransaction: (customerId, transactionId) => call('getTransaction', { params: [customerId, transactionId] }),
    lockAccount: (customerId, o) =>
      call('lockAccount', { params: [customerId], body: { reason: o.reason }, idempotencyKey: o.idempotencyKey }),
    openDispute: (customerId, transactionId, o) =>
      call('openDispute', {
        params: [customerId, transactionId],
        body: { reason: o.reason },
        idempotencyKey: o.idempotencyKey,
      }),
    async ping() {
      await call('ping');
    },
  };
}
