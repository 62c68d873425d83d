import { AppError } from '../errors.ts';

export type StoreErrorCode =
  /** The backend (Redis, PostgreSQL, data directory) cannot be reached or opened. */
  | 'store_unavailable'
  /** A bad key, value, TTL or URL was passed to the store. */
  | 'store_invalid_argument'
  /** The store was used after close(). */
  | 'store_closed'
  /** Stored data could not be read back (corrupt file, foreign value). */
  | 'store_corrupt';

export class StoreError extends AppError {
  constructor(
    override readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message);
    this.name = 'StoreError';
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
