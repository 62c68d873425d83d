import type { JournalRecord } from './journal-format.ts';

/**
 * Records of the journal-files store changed since the last checkpoint: their newest state is only in the
 * journal, so they stay in memory (and reads answer from here first) until a checkpoint has written
 * them to their key files. `null` = deleted (the file still exists until the checkpoint unlinks it).
 * Sized in characters, so the store can checkpoint early when it grows (`dirtyMaxChars`).
 */
export type DirtyEntry = JournalRecord | null;

export interface DirtyTable {
  get(key: string): DirtyEntry | undefined;
  set(key: string, entry: DirtyEntry): void;
  /** Forgets `key` if it still holds exactly `entry` (written by a checkpoint); true when it did. */
  settle(key: string, entry: DirtyEntry): boolean;
  /** Every key and entry now (what a checkpoint writes). */
  snapshot(): Array<[string, DirtyEntry]>;
  entries(): IterableIterator<[string, DirtyEntry]>;
  readonly size: number;
  readonly chars: number;
}

const cost = (key: string, entry: DirtyEntry): number => key.length + (entry === null ? 0 : entry.json.length) + 64;

export function createDirtyTable(): DirtyTable {
  const map = new Map<string, DirtyEntry>();
  let chars = 0;
  return {
    get: (key) => map.get(key),
    set(key, entry) {
      const old = map.get(key);
      if (old !== undefined) chars -= cost(key, old);
      map.set(key, entry);
      chars += cost(key, entry);
    },
    settle(key, entry) {
      if (map.get(key) !== entry) return false; // absent, or changed since the checkpoint took it
      map.delete(key);
      chars -= cost(key, entry);
      return true;
    },
    snapshot: () => [...map],
    entries: () => map.entries(),
    get size() {
      return map.size;
    },
    get chars() {
      return chars;
    },
  };
}
