/**
 * The turn-event log: `record` queues in memory (a turn never waits for analytics); a timer or a full batch
 * writes one store key per batch, `turnlog:<yyyy-mm-dd>:<instanceId>:<seq>`, holding that UTC day's events and
 * expiring after RETENTION_DAYS + 1 day. Any instance reads every instance's batches by listing the prefix.
 * Batches are never edited in place (forget writes a new key), so readers cache them safely.
 */
import { DAY_MS } from './range.ts';
import { errorClass } from '../errors.ts';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { BatchCache } from './batch-cache.ts';
import type { TurnEvent } from './turn-event.ts';
import type { TurnEventLog } from './types.ts';

export interface TurnEventLogOptions {
  store: Store;
  logger: Logger;
  /** Events expire after this many days (RETENTION_DAYS). */
  retentionDays: number;
  /** Queued events are written at least this often. Default 2 s. */
  flushIntervalMs?: number;
  /** A batch (one store key) holds at most this many events; a full batch is written at once. Default 500. */
  maxBatch?: number;
  /** Events kept in memory while the store cannot take them; the oldest are dropped beyond. Default 10,000. */
  maxBuffered?: number;
  /** Names this instance's batches (A-Z a-z 0-9 _ -). Default: random per process. */
  instanceId?: string;
  /** Parsed batches `read` keeps in memory, in events. Default 200,000. */
  cacheMaxEvents?: number;
  /** Store reads in flight at once during `read` and `forget`. Default 8. */
  readConcurrency?: number;
  now?: () => Date;
}

export const TURN_LOG_PREFIX = 'turnlog:';
const INSTANCE_ID = /^[A-Za-z0-9_-]{1,64}$/u;
const DAY = /^\d{4}-\d{2}-\d{2}$/u;

interface Batch {
  key: string;
  events: TurnEvent[];
}

/** The UTC day of a batch key, or undefined for a key of another shape. */
export function dayOfKey(key: string): string | undefined {
  const day = key.slice(TURN_LOG_PREFIX.length, TURN_LOG_PREFIX.length + 10);
  return key.startsWith(TURN_LOG_PREFIX) && DAY.test(day) ? day : undefined;
}

export function createTurnEventLog(opts: TurnEventLogOptions): TurnEventLog {
  const { store, logger } = opts;
  if (!Number.isFinite(opts.retentionDays) || opts.retentionDays <= 0)
    throw new RangeError('retentionDays must be a positive number');
  const flushIntervalMs = opts.flushIntervalMs ?? 2000;
  const maxBatch = Math.max(1, opts.maxBatch ?? 500);
  const maxBuffered = Math.max(maxBatch, opts.maxBuffered ?? 10_000);
  const readConcurrency = Math.max(1, opts.readConcurrency ?? 8);
  const instanceId = opts.instanceId ?? randomBytes(4).toString('hex');
  if (!INSTANCE_ID.test(instanceId)) throw new RangeError('instanceId must be 1–64 of A-Z a-z 0-9 _ -');
  const now = opts.now ?? (() => new Date());
  const ttlMs = (opts.retentionDays + 1) * DAY_MS;
  // Sequence numbers start from this process's start time, so a fixed instanceId never reuses a key after a restart.
  const seqBase = Date.now().toString(36);
  let seq = 0;
  const cache = new BatchCache(opts.cacheMaxEvents ?? 200_000);

  let queued: TurnEvent[] = [];
  /** Batches whose write failed, oldest first; retried (under the same key) before new events. */
  let failed: Batch[] = [];
  let failedEvents = 0;
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  /** A flush is chained but has not started: it will take whatever is queued by then. */
  let flushQueued = false;
  /** The last write failed: only the timer retries (a full queue does not hammer a store that is down). */
  let storeDown = false;
  let closed = false;

  const newKey = (day: string): string => `${TURN_LOG_PREFIX}${day}:${instanceId}:${seqBase}.${seq++}`;

  function arm(): void {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, flushIntervalMs);
    timer.unref();
  }

  /** Keeps memory bounded while the store is down: the oldest events go first (failed batches, then queued). */
  function dropOverflow(): void {
    let excess = queued.length + failedEvents - maxBuffered;
    while (excess > 0 && failed.length > 0) {
      const oldest = failed.shift() as Batch;
      failedEvents -= oldest.events.length;
      dropped += oldest.events.length;
      excess -= oldest.events.length;
    }
    if (excess > 0) {
      queued.splice(0, excess);
      dropped += excess;
    }
  }

  function record(event: TurnEvent): void {
    if (closed) {
      dropped += 1;
      return;
    }
    queued.push(event);
    if (queued.length + failedEvents > maxBuffered) dropOverflow();
    if (queued.length >= maxBatch && !flushQueued && !storeDown) void flushRun(false);
    else arm();
  }

  /**
   * Cuts the queue into batches of one UTC day and at most maxBatch events each; with `fullOnly` (a full queue,
   * not the timer) the remainder short of a full batch stays queued for the timer.
   */
  function takeBatches(fullOnly: boolean): Batch[] {
    const take = fullOnly ? queued.length - (queued.length % maxBatch) : queued.length;
    const events = take === queued.length ? queued : queued.slice(0, take);
    queued = take === queued.length ? [] : queued.slice(take);
    const batches: Batch[] = [];
    let current: Batch | undefined;
    let currentDay = '';
    for (const event of events) {
      const day = typeof event.at === 'string' && DAY.test(event.at.slice(0, 10)) ? event.at.slice(0, 10) : '';
      const eventDay = day || now().toISOString().slice(0, 10);
      if (!current || eventDay !== currentDay || current.events.length >= maxBatch) {
        currentDay = eventDay;
        current = { key: newKey(eventDay), events: [] };
        batches.push(current);
      }
      current.events.push(event);
    }
    return batches;
  }

  async function writeAll(fullOnly: boolean): Promise<void> {
    const pending = [...failed, ...takeBatches(fullOnly)];
    failed = [];
    failedEvents = 0;
    for (let i = 0; i < pending.length; i++) {
      const batch = pending[i] as Batch;
      try {
        await store.set(batch.key, batch.events, { ttlMs });
      } catch (error) {
        // Keep this batch and the rest for the next try (same keys: a write that did land is only overwritten).
        failed = pending.slice(i);
        failedEvents = failed.reduce((n, b) => n + b.events.length, 0);
        dropOverflow();
        storeDown = true;
        logger.warn(
          { err: errorClass(error), pendingEvents: failedEvents + queued.length, dropped },
          'turn events not written; kept for the next try',
        );
        arm();
        return;
      }
    }
    storeDown = false;
    if (dropped > 0) {
      logger.warn({ dropped }, 'turn events dropped while the store was unavailable');
      dropped = 0;
    }
  }

  function flush(): Promise<void> {
    return flushRun(true);
  }

  function flushRun(all: boolean): Promise<void> {
    // One flush at a time; a call during a flush runs another right after it (events queued meanwhile).
    flushQueued = true;
    const run = (flushing ?? Promise.resolve()).then(async () => {
      flushQueued = false;
      if (all && timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      await writeAll(!all);
      if (queued.length > 0) arm();
    });
    const settled = run.finally(() => {
      if (flushing === settled) flushing = undefined;
    });
    flushing = settled;
    return settled;
  }

  async function liveKeys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const key of store.keys(TURN_LOG_PREFIX)) if (dayOfKey(key)) keys.push(key);
    return keys;
  }

  /** The batches at these keys (cached or fetched, `readConcurrency` at a time); keys gone meanwhile are skipped. */
  async function loadBatches(keys: string[]): Promise<Batch[]> {
    const out: (Batch | undefined)[] = new Array<Batch | undefined>(keys.length);
    let next = 0;
    async function worker(): Promise<void> {
      while (next < keys.length) {
        const i = next++;
        const key = keys[i] as string;
        let events = cache.get(key);
        if (!events) {
          const value = await store.get<unknown>(key);
          if (value === undefined) continue;
          events = parseBatch(value);
          cache.set(key, events);
        }
        out[i] = { key, events };
      }
    }
    await Promise.all(Array.from({ length: Math.min(readConcurrency, keys.length) }, worker));
    return out.filter((b): b is Batch => b !== undefined);
  }

  /** Events still in memory (not yet written), excluding batches the store already returned. */
  function inMemory(skipKeys: ReadonlySet<string>): TurnEvent[] {
    return [...failed.filter((b) => !skipKeys.has(b.key)).flatMap((b) => b.events), ...queued];
  }

  async function read(from: Date, to: Date): Promise<TurnEvent[]> {
    await flush();
    const fromMs = from.getTime();
    const toMs = to.getTime();
    const keys = await liveKeys();
    cache.retainOnly(new Set(keys));
    const wanted = keys.filter((key) => {
      const dayStartMs = Date.parse(`${dayOfKey(key) as string}T00:00:00Z`);
      return dayStartMs < toMs && dayStartMs + DAY_MS > fromMs;
    });
    const batches = await loadBatches(wanted);
    const events: TurnEvent[] = [];
    const inRange = (e: TurnEvent): boolean => {
      const ms = Date.parse(e.at);
      return ms >= fromMs && ms < toMs;
    };
    for (const batch of batches) for (const e of batch.events) if (inRange(e)) events.push(e);
    for (const e of inMemory(new Set(wanted))) if (inRange(e)) events.push(e);
    return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  async function forget(conversationIds: ReadonlySet<string>): Promise<number> {
    if (conversationIds.size === 0) return 0;
    await flush();
    let removed = 0;
    const keep = (events: TurnEvent[]): TurnEvent[] => {
      const kept = events.filter((e) => !conversationIds.has(e.conversationId));
      removed += events.length - kept.length;
      return kept;
    };
    // Still in memory (the store was down): edited in place; nothing was written under their keys yet that
    // a later retry would not overwrite.
    queued = keep(queued);
    failed = failed.map((b) => ({ key: b.key, events: keep(b.events) })).filter((b) => b.events.length > 0);
    failedEvents = failed.reduce((n, b) => n + b.events.length, 0);

    const batches = await loadBatches(await liveKeys());
    const nowMs = now().getTime();
    for (const batch of batches) {
      if (!batch.events.some((e) => conversationIds.has(e.conversationId))) continue;
      const kept = keep(batch.events);
      // A new key rather than an edit: other instances' caches hold the old batch until its key disappears.
      const day = dayOfKey(batch.key) as string;
      // The old key expires at most ttlMs after the end of its day (it was written that day).
      const expiresMs = Date.parse(`${day}T00:00:00Z`) + DAY_MS + ttlMs;
      if (kept.length > 0 && expiresMs > nowMs) await store.set(newKey(day), kept, { ttlMs: expiresMs - nowMs });
      await store.delete(batch.key);
      cache.delete(batch.key);
    }
    return removed;
  }

  async function close(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    await flush();
    closed = true;
  }

  return { record, flush, read, forget, close };
}

/** A stored batch's events; anything that is not an event-like object is skipped (the store may be shared). */
function parseBatch(value: unknown): TurnEvent[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is TurnEvent =>
      e !== null &&
      typeof e === 'object' &&
      typeof (e as TurnEvent).at === 'string' &&
      typeof (e as TurnEvent).conversationId === 'string',
  );
}
