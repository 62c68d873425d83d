/**
 * Open event streams per session on this instance. Each stream holds a socket, a subscription and
 * two timers, so one leaked session id must not open thousands.
 *
 * A stream beyond the cap closes the oldest instead of being refused: a reloaded tab (or a phone
 * that switched networks) opens its new stream before the server notices the old one is dead,
 * which can take until the next heartbeat write fails; refusing would lock the customer's live
 * page out in favour of dead connections. The newest stream is always the one a person is looking at.
 */
export interface StreamLimiter {
  /**
   * Registers a stream of `key` (one per session: its conversation id). When the session already
   * has `maxPerSession` open, the oldest are told to close (`supersede`). Returns the release to
   * call when the stream ends for any reason (idempotent).
   */
  open(key: string, supersede: () => void): () => void;
  /** Streams open for `key` (for tests and metrics). */
  count(key: string): number;
}

export function createStreamLimiter(maxPerSession: number): StreamLimiter {
  const max = Math.max(1, Math.floor(maxPerSession));
  // Sets keep insertion order: the first entry is the oldest stream.
  const open = new Map<string, Set<{ supersede: () => void }>>();

  return {
    open(key, supersede) {
      let streams = open.get(key);
      if (!streams) open.set(key, (streams = new Set()));
      const evicted: (() => void)[] = [];
      for (const oldest of streams) {
        if (streams.size < max) break;
        streams.delete(oldest);
        evicted.push(oldest.supersede);
      }
      const entry = { supersede };
      streams.add(entry);
      // Told after the new stream is in, so their releases never drop the session's entry under it.
      for (const close of evicted) close();
      const set = streams;
      return () => {
        set.delete(entry);
        if (set.size === 0 && open.get(key) === set) open.delete(key);
      };
    },
    count(key) {
      return open.get(key)?.size ?? 0;
    },
  };
}
