import type { TurnEvent } from './turn-event.ts';

/**
 * Parsed turn-event batches by store key, least recently used evicted first once they hold more than
 * `maxEvents` events. Batches are immutable (forget writes a new key), so an entry never goes stale; entries
 * of keys the store no longer lists are dropped by `retainOnly`.
 */
export class BatchCache {
  private readonly batches = new Map<string, TurnEvent[]>();
  private events = 0;

  constructor(private readonly maxEvents: number) {}

  get(key: string): TurnEvent[] | undefined {
    const batch = this.batches.get(key);
    if (batch) {
      // Map order is insertion order: re-inserting makes this key the most recently used.
      this.batches.delete(key);
      this.batches.set(key, batch);
    }
    return batch;
  }

  set(key: string, batch: TurnEvent[]): void {
    this.delete(key);
    if (batch.length > this.maxEvents) return;
    this.batches.set(key, batch);
    this.events += batch.length;
    for (const [oldest, events] of this.batches) {
      if (this.events <= this.maxEvents) break;
      this.batches.delete(oldest);
      this.events -= events.length;
    }
  }

  delete(key: string): void {
    const batch = this.batches.get(key);
    if (!batch) return;
    this.batches.delete(key);
    this.events -= batch.length;
  }

  /** Drops the batches whose keys are gone from the store (expired, or rewritten by forget). */
  retainOnly(live: ReadonlySet<string>): void {
    for (const key of [...this.batches.keys()]) if (!live.has(key)) this.delete(key);
  }

  get size(): { batches: number; events: number } {
    return { batches: this.batches.size, events: this.events };
  }
}
