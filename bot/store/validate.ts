import { StoreError } from './errors.ts';

/** Keys are non-empty strings of reasonable length (they become file names, Redis keys, SQL rows). */
export const MAX_KEY_LENGTH = 512;

export function assertKey(key: unknown, what = 'key'): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StoreError('store_invalid_argument', `${what} must be a non-empty string`);
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new StoreError('store_invalid_argument', `${what} is longer than ${MAX_KEY_LENGTH} characters`);
  }
}

export function assertPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string') {
    throw new StoreError('store_invalid_argument', 'prefix must be a string');
  }
}

/** A TTL is a positive, finite number of milliseconds. */
export function assertTtlMs(ttlMs: unknown, what = 'ttlMs'): asserts ttlMs is number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new StoreError('store_invalid_argument', `${what} must be a positive finite number of milliseconds`);
  }
}

export function assertWaitMs(waitMs: unknown): asserts waitMs is number | undefined {
  if (waitMs === undefined) return;
  if (typeof waitMs !== 'number' || !Number.isFinite(waitMs) || waitMs < 0) {
    throw new StoreError('store_invalid_argument', 'waitMs must be a finite number of milliseconds >= 0');
  }
}

/** Serialises a value to JSON, refusing what JSON cannot carry (undefined, functions, bigint, cycles). */
export function encodeJson(value: unknown, what = 'value'): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new StoreError('store_invalid_argument', `${what} is not JSON-serialisable`, { cause: err });
  }
  if (text === undefined) {
    throw new StoreError('store_invalid_argument', `${what} is not JSON-serialisable (undefined or a function)`);
  }
  return text;
}

/** A deep copy through JSON, so callers never share mutable state with the store. */
export function jsonCopy<T>(value: T, what = 'value'): T {
  return JSON.parse(encodeJson(value, what)) as T;
}
