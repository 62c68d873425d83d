import { StoreError } from './errors.ts';

/** Runs one call to a store server, reporting any failure that is not already a StoreError as one. */
export type ServerCall = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

/**
 * The error mapping of the shared-server stores (Redis, PostgreSQL): a failed call is
 * `store_unavailable` ("<server> <what> failed: …"), or `store_invalid_argument` when the server
 * refused the value itself (`refusedValue`, e.g. PostgreSQL's limits on jsonb).
 */
export function serverCall(server: string, refusedValue: (err: unknown) => boolean = () => false): ServerCall {
  return async (what, fn) => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      const message = (err as Error).message;
      if (refusedValue(err))
        throw new StoreError('store_invalid_argument', `${server} ${what} refused the value: ${message}`, {
          cause: err,
        });
      throw new StoreError('store_unavailable', `${server} ${what} failed: ${message}`, { cause: err });
    }
  };
}
