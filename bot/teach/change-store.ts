/**
 * The console's changes in the configured store, shared by every instance: one key per change
 * (`teach:change:<id>`, with its place in the order) and `teach:version`, bumped by every change and undo.
 * Writers take the store lock `teach` so two instances never validate against the same version and both
 * write; readers need no lock (a read that raced a write is retried, see `read`).
 */
import type { Store } from '../store/types.ts';
import { TeachError } from './errors.ts';
import type { TeachChange } from './types.ts';

const VERSION_KEY = 'teach:version';
const CHANGE_PREFIX = 'teach:change:';
const LOCK_KEY = 'teach';
/** Pub/sub channel: `{ version }` after every change or undo (at-most-once: instances also poll the version). */
export const TEACH_CHANNEL = 'teach:changed';
/** The lock outlives a slow validation (overlay ≈ 50 ms); a crashed holder blocks others this long at most. */
const LOCK_TTL_MS = 30_000;
const LOCK_WAIT_MS = 10_000;
const READ_ATTEMPTS = 3;

/** What the store holds per change: the change and its place in the order (the version it created). */
interface StoredChange {
  seq: number;
  change: TeachChange;
}

export interface ChangeSnapshot {
  version: number;
  /** Every change, oldest first, undone ones included. */
  changes: TeachChange[];
}

export interface ChangeStore {
  version(): Promise<number>;
  read(): Promise<ChangeSnapshot>;
  /** Under the lock: `build` sees the current changes and returns the change to add (or throws); the version is bumped. */
  add<C extends TeachChange>(
    build: (current: ChangeSnapshot) => C | Promise<C>,
  ): Promise<{ change: C; version: number }>;
  /** Under the lock: `edit` returns the new form of change `id`, or undefined to leave it (no version bump). */
  update(
    id: string,
    edit: (change: TeachChange) => TeachChange | undefined,
  ): Promise<{ change: TeachChange; version: number; changed: boolean }>;
  publish(version: number): Promise<void>;
  subscribe(onVersion: (version: number) => void): Promise<() => Promise<void>>;
}

export function createChangeStore(store: Store): ChangeStore {
  const version = async (): Promise<number> => {
    const value = await store.get<unknown>(VERSION_KEY);
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
  };

  const readChanges = async (): Promise<StoredChange[]> => {
    const keys: string[] = [];
    for await (const key of store.keys(CHANGE_PREFIX)) keys.push(key);
    const values = await Promise.all(keys.map((key) => store.get<unknown>(key)));
    return values.filter(isStoredChange).sort((a, b) => a.seq - b.seq);
  };

  const read = async (): Promise<ChangeSnapshot> => {
    // A writer may land between the reads: read again until the version did not move (it rarely does).
    let before = await version();
    for (let attempt = 1; ; attempt++) {
      const stored = await readChanges();
      const after = await version();
      if (after === before || attempt >= READ_ATTEMPTS)
        return { version: Math.min(before, after), changes: stored.map((s) => s.change) };
      before = after;
    }
  };

  const withLock = async <T>(work: () => Promise<T>): Promise<T> => {
    const lock = await store.lock(LOCK_KEY, { ttlMs: LOCK_TTL_MS, waitMs: LOCK_WAIT_MS });
    if (!lock) throw new TeachError('busy', 'another change is being saved; try again');
    try {
      return await work();
    } finally {
      await lock.release().catch(() => false);
    }
  };

  return {
    version,
    read,
    add: (build) =>
      withLock(async () => {
        const current = await version();
        const stored = await readChanges();
        const change = await build({ version: current, changes: stored.map((s) => s.change) });
        const next = current + 1;
        await store.set<StoredChange>(`${CHANGE_PREFIX}${change.id}`, { seq: next, change });
        await store.set(VERSION_KEY, next);
        return { change, version: next };
      }),
    update: (id, edit) =>
      withLock(async () => {
        const key = `${CHANGE_PREFIX}${id}`;
        const stored = await store.get<unknown>(key);
        if (!isStoredChange(stored)) throw new TeachError('not_found', `no change "${id}"`);
        const edited = edit(stored.change);
        if (!edited) return { change: stored.change, version: await version(), changed: false };
        const next = (await version()) + 1;
        await store.set<StoredChange>(key, { seq: stored.seq, change: edited });
        await store.set(VERSION_KEY, next);
        return { change: edited, version: next, changed: true };
      }),
    publish: (v) => store.publish(TEACH_CHANNEL, { version: v }),
    async subscribe(onVersion) {
      return store.subscribe(TEACH_CHANNEL, (message) => {
        const v = (message as { version?: unknown } | null)?.version;
        if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) onVersion(v);
      });
    },
  };
}

function isStoredChange(value: unknown): value is StoredChange {
  if (!value || typeof value !== 'object') return false;
  const { seq, change } = value as Partial<StoredChange>;
  return (
    typeof seq === 'number' &&
    !!change &&
    typeof change === 'object' &&
    typeof change.id === 'string' &&
    (change.kind === 'assign' || change.kind === 'dismiss' || change.kind === 'new_intent')
  );
}
