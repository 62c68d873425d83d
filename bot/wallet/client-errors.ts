import { ErrorBodySchema } from './schemas.ts';
import { WalletError, type WalletApi } from './types.ts';

/** The WalletApi method a call belongs to (metrics label). */
export type WalletOp = keyof WalletApi;

export function checkIdempotencyKey(op: WalletOp, key: string | undefined): void {
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new WalletError('rejected', `${op}: an idempotency key (1–255 visible ASCII characters) is required`);
  }
}

/** The wallet's own error code from a non-2xx body `{"error":{"code"}}`, when it sent one. */
export function apiCodeOf(bodyText: string): string | undefined {
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(bodyText));
    return parsed.success ? parsed.data.error.code : undefined;
  } catch {
    return undefined; // not JSON: no wallet error code
  }
}

/** Maps a non-2xx status (and the wallet's own error code, when sent) to a WalletError. */
export function errorForStatus(op: WalletOp, status: number, apiCode: string | undefined): WalletError {
  const suffix = apiCode ? ` (${apiCode})` : '';
  if (status === 404) return new WalletError('not_found', `${op}: not found${suffix}`, status, apiCode);
  if (apiCode === 'resend_limit')
    return new WalletError('resend_limit', `${op}: resend limit reached`, status, apiCode);
  // A refused API key is an operations problem, not the wallet saying no to the customer.
  if (status === 401 || status === 403) {
    return new WalletError('unavailable', `${op}: wallet refused the API key (${status})`, status, apiCode);
  }
  if (status >= 400 && status < 500) {
    return new WalletError('rejected', `${op}: wallet refused the request (${status})${suffix}`, status, apiCode);
  }
  return new WalletError('unavailable', `${op}: wallet answered ${status}${suffix}`, status, apiCode);
}

/** Maps what a transport threw (abort, timeout, network) to a WalletError. */
export function errorForThrown(op: WalletOp, err: unknown): WalletError {
  if (err instanceof WalletError) return err;
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new WalletError('timeout', `${op}: wallet did not answer in time`);
  }
  return new WalletError('unavailable', `${op}: wallet unreachable`);
}
