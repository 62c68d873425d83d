import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { RECORD_KINDS, type RecordKind } from './records.ts';

export interface RetentionOptions {
  /** Records whose last activity is older than this many days are deleted (RETENTION_DAYS). */
  retentionDays: number;
  now?: Date;
}

export interface RetentionResult {
  scanned: number;
  deleted: Record<RecordKind['label'], number>;
  cutoff: string;
}

/**
 * Deletes customer records whose last activity is older than the retention period: conversations
 * (by `updatedAt`), cases, desk cases, in-app sessions and chat logs, tickets, ticket offers and
 * index entries. Records without a readable time are left to their own TTL. Keys are scanned by
 * prefix (not a hot path); run it periodically with `startRetentionSweeper`.
 */
export async function sweepRetention(store: Store, opts: RetentionOptions): Promise<RetentionResult> {
  if (!Number.isFinite(opts.retentionDays) || opts.retentionDays <= 0)
    throw new RangeError('retentionDays must be a positive number');
  const nowMs = (opts.now ?? new Date()).getTime();
  const cutoffMs = nowMs - opts.retentionDays * 24 * 3600_000;
  const deleted: RetentionResult['deleted'] = {
    conversations: 0,
    cases: 0,
    sessions: 0,
    logs: 0,
    tickets: 0,
    other: 0,
  };
  let scanned = 0;
  for (const kind of RECORD_KINDS) {
    for await (const key of store.keys(kind.prefix)) {
      scanned += 1;
      const value = await store.get(key);
      if (value === undefined) continue;
      const last = kind.facts(key, value).lastActivityMs;
      if (last === undefined || last >= cutoffMs) continue;
      await store.delete(key);
      deleted[kind.label] += 1;
    }
  }
  return { scanned, deleted, cutoff: new Date(cutoffMs).toISOString() };
}

export interface RetentionSweeperOptions {
  /** How often to sweep. Default 1 hour. */
  intervalMs?: number;
  /** Delay before the first sweep. Default 1 minute (keeps start-up fast). */
  firstDelayMs?: number;
  now?: () => Date;
}

const SWEEP_LOCK = 'lock:privacy:retention-sweep';

/**
 * Runs `sweepRetention` every `intervalMs` with RETENTION_DAYS from the config. Several instances
 * may run it: a store lock lets only one sweep at a time. Returns a stop function (awaits a sweep
 * in progress). Logs counts only.
 */
export function startRetentionSweeper(
  store: Store,
  config: Pick<Config, 'RETENTION_DAYS'>,
  logger: Logger,
  opts: RetentionSweeperOptions = {},
): () => Promise<void> {
  const intervalMs = opts.intervalMs ?? 3600_000;
  const log = logger.child({ component: 'retention' });
  let running: Promise<void> | undefined;
  let stopped = false;

  const sweep = async (): Promise<void> => {
    const lock = await store.lock(SWEEP_LOCK, { ttlMs: Math.max(intervalMs, 60_000), waitMs: 0 });
    if (!lock) return; // another instance is sweeping
    try {
      const started = performance.now();
      const result = await sweepRetention(store, {
        retentionDays: config.RETENTION_DAYS,
        ...(opts.now ? { now: opts.now() } : {}),
      });
      log.info(
        { ...result.deleted, scanned: result.scanned, ms: Math.round(performance.now() - started) },
        'retention sweep done',
      );
    } finally {
      await lock.release().catch(() => false);
    }
  };
  const tick = (): void => {
    if (stopped || running) return;
    running = sweep()
      .catch((error: unknown) =>
        log.warn(
          {
            err:
              error instanceof Error ? { name: error.name, code: (error as { code?: unknown }).code } : String(error),
          },
          'retention sweep failed; will retry',
        ),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(tick, opts.firstDelayMs ?? 60_000);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
