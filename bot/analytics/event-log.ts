import type { Store } from '../store/types.ts';
import type { Logger } from '../logger.ts';
import type { TurnEventLog } from './types.ts';

export interface TurnEventLogOptions {
  store: Store;
  logger: Logger;
  /** Events expire after this many days (RETENTION_DAYS). */
  retentionDays: number;
}

/** PLACEHOLDER (contract commit): replaced by the batching store log. */
export function createTurnEventLog(_opts: TurnEventLogOptions): TurnEventLog {
  return {
    record() {},
    async flush() {},
    async read() {
      return [];
    },
    async forget() {
      return 0;
    },
    async close() {},
  };
}
