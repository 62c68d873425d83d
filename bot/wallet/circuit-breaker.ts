/**
 * A small consecutive-failure circuit breaker.
 * closed: every call passes; `failureThreshold` outage failures in a row open it.
 * open: calls fail fast until `coolDownMs` has passed, then it half-opens.
 * half-open: exactly one trial call passes; success closes it, failure opens it again.
 */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  failureThreshold?: number;
  coolDownMs?: number;
  now?: () => number;
}

export interface CircuitBreaker {
  /** True when a call may go out now (in half-open, only the first caller gets true). */
  tryAcquire(): boolean;
  onSuccess(): void;
  onFailure(): void;
  state(): BreakerState;
}

export function createCircuitBreaker(opts: CircuitBreakerOptions = {}): CircuitBreaker {
  const failureThreshold = opts.failureThreshold ?? 5;
  const coolDownMs = opts.coolDownMs ?? 10_000;
  const now = opts.now ?? Date.now;
  if (!Number.isInteger(failureThreshold) || failureThreshold < 1) {
    throw new RangeError('failureThreshold must be a positive integer');
  }
  if (!(coolDownMs >= 0)) throw new RangeError('coolDownMs must be >= 0');

  let current: BreakerState = 'closed';
  let consecutiveFailures = 0;
  let openedAtMs = 0;
  let trialInFlight = false;

  function refresh(): void {
    if (current === 'open' && now() - openedAtMs >= coolDownMs) {
      current = 'half_open';
      trialInFlight = false;
    }
  }

  return {
    tryAcquire() {
      refresh();
      if (current === 'closed') return true;
      if (current === 'half_open' && !trialInFlight) {
        trialInFlight = true;
        return true;
      }
      return false;
    },
    onSuccess() {
      consecutiveFailures = 0;
      current = 'closed';
      trialInFlight = false;
    },
    onFailure() {
      consecutiveFailures += 1;
      if (current === 'half_open' || consecutiveFailures >= failureThreshold) {
        current = 'open';
        openedAtMs = now();
        trialInFlight = false;
      }
    },
    state() {
      refresh();
      return current;
    },
  };
}
