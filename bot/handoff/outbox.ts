import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { keys, withLock, type DeskCase } from './case-record.ts';
import { DeskTransportError, type DeskTransport, type ThreadMessage } from './transport.ts';

/** One pending desk operation; post/update render the case as it is when they are sent. */
export type OutboxOp = { kind: 'post_case' } | { kind: 'update_case' } | { kind: 'thread'; message: ThreadMessage };

interface CaseOutbox {
  ops: OutboxOp[];
  attempts: number;
  /** Epoch ms before which the head operation is not retried. */
  nextAttemptAt: number;
}

export interface OutboxOptions {
  /** First retry delay; doubles per failure up to `maxBackoffMs`. Defaults 1 s / 60 s. */
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = { baseBackoffMs: 1000, maxBackoffMs: 60_000 };

export type FlushResult = 'sent' | 'pending' | 'empty';

/**
 * A per-case FIFO of Slack operations kept in the store: a Slack outage or rate limit leaves them
 * queued and they are retried with backoff (Retry-After honoured), across restarts.
 */
export function createOutbox(deps: {
  store: Store;
  transport: DeskTransport;
  logger: Logger;
  now: () => Date;
  options?: Partial<OutboxOptions>;
  /** Called after the case message was posted (to index the thread). */
  onPosted: (caseId: string, where: { channel: string; ts: string }) => Promise<void>;
}) {
  const { store, transport, logger } = deps;
  const options = { ...DEFAULT_OUTBOX_OPTIONS, ...deps.options };

  async function markPending(caseId: string, pending: boolean): Promise<void> {
    await withLock(store, keys.outboxPendingLock, async () => {
      const list = (await store.get<string[]>(keys.outboxPending)) ?? [];
      const has = list.includes(caseId);
      if (pending && !has) await store.set(keys.outboxPending, [...list, caseId]);
      if (!pending && has)
        await store.set(
          keys.outboxPending,
          list.filter((id) => id !== caseId),
        );
    });
  }

  async function add(caseId: string, op: OutboxOp): Promise<void> {
    await withLock(store, keys.outboxLock(caseId), async () => {
      const box = (await store.get<CaseOutbox>(keys.outbox(caseId))) ?? { ops: [], attempts: 0, nextAttemptAt: 0 };
      // post/update render the current state when sent: one pending re-render is enough.
      if (op.kind === 'update_case' && box.ops.some((o) => o.kind === 'update_case' || o.kind === 'post_case')) return;
      box.ops.push(op);
      await store.set(keys.outbox(caseId), box);
    });
    await markPending(caseId, true);
  }

  function backoffMs(attempts: number, error: unknown): number {
    const exp = Math.min(options.maxBackoffMs, options.baseBackoffMs * 2 ** Math.max(0, attempts - 1));
    if (error instanceof DeskTransportError && error.retryAfterMs !== undefined) return Math.max(error.retryAfterMs, 0);
    return exp;
  }

  async function execute(record: DeskCase, op: OutboxOp): Promise<'done' | 'wait_for_post'> {
    switch (op.kind) {
      case 'post_case': {
        if (record.slack?.ts) return 'done';
        const where = await transport.postCase(record);
        await deps.onPosted(record.caseId, where);
        return 'done';
      }
      case 'update_case':
        if (!record.slack?.ts) return 'done';
        await transport.updateCase(record);
        return 'done';
      case 'thread':
        if (!record.slack?.ts) return 'wait_for_post';
        await transport.postThread(record, op.message);
        return 'done';
    }
  }

  /** Sends what is due for one case, in order; stops at the first failure. */
  async function flushCase(caseId: string, force = false): Promise<FlushResult> {
    const result = await withLock(store, keys.outboxLock(caseId), async (): Promise<FlushResult> => {
      const box = await store.get<CaseOutbox>(keys.outbox(caseId));
      if (!box || box.ops.length === 0) return 'empty';
      if (!force && box.nextAttemptAt > deps.now().getTime()) return 'pending';
      while (box.ops.length > 0) {
        const op = box.ops[0] as OutboxOp;
        const record = await store.get<DeskCase>(keys.case(caseId));
        if (!record) break; // the case is gone: nothing left to show
        try {
          const outcome = await execute(record, op);
          if (outcome === 'wait_for_post') {
            if (!box.ops.some((o) => o.kind === 'post_case')) {
              logger.error({ caseId }, 'desk thread message without a case message; dropped');
              box.ops.shift();
              continue;
            }
            // put the post first: it was dropped or reordered
            box.ops = [{ kind: 'post_case' }, ...box.ops.filter((o) => o.kind !== 'post_case')];
            continue;
          }
          box.ops.shift();
          box.attempts = 0;
          box.nextAttemptAt = 0;
        } catch (error) {
          if (error instanceof DeskTransportError && !error.retryable) {
            logger.error({ caseId, op: op.kind, err: error.message }, 'desk operation rejected by Slack; dropped');
            box.ops.shift();
            continue;
          }
          box.attempts += 1;
          const waitMs = backoffMs(box.attempts, error);
          box.nextAttemptAt = deps.now().getTime() + waitMs;
          logger.warn(
            {
              caseId,
              op: op.kind,
              attempts: box.attempts,
              retryInMs: waitMs,
              code: error instanceof DeskTransportError ? error.code : 'unknown',
            },
            'desk operation failed; will retry',
          );
          await store.set(keys.outbox(caseId), box);
          return 'pending';
        }
      }
      await store.delete(keys.outbox(caseId));
      return 'sent';
    });
    if (result === 'sent' || result === 'empty') await markPending(caseId, false);
    return result;
  }

  /** Retries every case whose next attempt is due (called by the desk's timer and after restarts). */
  async function flushDue(): Promise<void> {
    const pending = (await store.get<string[]>(keys.outboxPending)) ?? [];
    for (const caseId of pending) {
      try {
        await flushCase(caseId);
      } catch (error) {
        logger.warn({ caseId, err: error instanceof Error ? error.name : 'unknown' }, 'outbox flush failed');
      }
    }
  }

  async function pendingOps(caseId: string): Promise<OutboxOp[]> {
    return (await store.get<CaseOutbox>(keys.outbox(caseId)))?.ops ?? [];
  }

  return { add, flushCase, flushDue, pendingOps };
}

export type Outbox = ReturnType<typeof createOutbox>;
