import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';

export interface RateLimitOptions {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** Keys remembered at most (oldest forgotten first), so memory stays bounded. */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * A token bucket per key (IP address, conversation). `take` returns 0 when allowed, otherwise the
 * seconds to wait before the next request is allowed.
 */
export function createRateLimiter(opts: RateLimitOptions) {
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 50_000;
  const refillPerMs = opts.limit / opts.windowMs;
  const buckets = new Map<string, Bucket>();

  return {
    take(key: string): number {
      const t = now();
      let bucket = buckets.get(key);
      if (bucket) {
        buckets.delete(key); // re-insert below keeps Map order = least recently used first
        bucket.tokens = Math.min(opts.limit, bucket.tokens + (t - bucket.updatedMs) * refillPerMs);
        bucket.updatedMs = t;
      } else {
        bucket = { tokens: opts.limit, updatedMs: t };
        if (buckets.size >= maxKeys) {
          const oldest = buckets.keys().next().value;
          if (oldest !== undefined) buckets.delete(oldest);
        }
      }
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
    },
    get size(): number {
      return buckets.size;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

export function rateLimitError(retryAfterSeconds: number): HttpError {
  return new HttpError(429, 'rate_limited', 'too many requests; slow down and retry later', {
    'Retry-After': String(retryAfterSeconds),
  });
}

/** Per-IP limit for a whole router. */
export function limitByIp(limiter: RateLimiter): RequestHandler {
  return (req, _res, next) => {
    const wait = limiter.take(req.ip ?? 'unknown');
    next(wait ? rateLimitError(wait) : undefined);
  };
}
