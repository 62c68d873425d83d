import { open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '../errors.ts';

/**
 * The journal-files store's write-ahead journal: numbered segments `<dir>/<seq>.log` of JSON lines
 * (journal-format.ts), appended with **group commit**. `append` queues a line and resolves once the
 * write holding it has returned: while one write is in flight, new lines accumulate and go out
 * together in the next single write (no timer: an idle journal writes at once, in the same tick's
 * microtasks). A resolved line is in the OS page cache, so it survives `kill -9`; only with `fsync`
 * does it also survive a power loss (one `fdatasync` per write).
 *
 * `rotate()` switches synchronously to a new segment (lines queued before it still go to the old
 * one); the checkpoint then waits for `drained(seq)`, writes the key files, and `removeThrough(seq)`.
 * A failed write rejects its lines and rotates, so a torn line can only ever be the last of a segment.
 */
export interface SegmentFile {
  /** Appends the text (UTF-8); resolves with the bytes written. */
  append(text: string): Promise<number>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a segment for appending (tests inject one that counts or holds writes). */
export type OpenSegment = (path: string) => Promise<SegmentFile>;

export const openSegmentFile: OpenSegment = async (path) => {
  const fh = await open(path, 'a');
  return {
    async append(text) {
      const data = Buffer.from(text, 'utf8');
      for (let off = 0; off < data.length;) {
        const { bytesWritten } = await fh.write(data, off, data.length - off);
        off += bytesWritten;
      }
      return data.length;
    },
    sync: () => fh.datasync(),
    close: () => fh.close(),
  };
};

export interface JournalStats {
  /** write calls (one per group-commit batch) */
  writes: number;
  lines: number;
  bytes: number;
}

export interface Journal {
  /** Appends one line (without newline); resolves once the batch holding it has been written. */
  append(line: string): Promise<void>;
  /** Sequence number of the segment new lines go to. */
  readonly seq: number;
  /** Bytes written to the current segment so far. */
  readonly currentBytes: number;
  /** True when segment files exist that a checkpoint has not removed yet (or lines are queued). */
  readonly hasSegments: boolean;
  /** Seals the current segment and starts a new one; returns the sealed segment's number. */
  rotate(): number;
  /** Resolves once every segment up to `seq` has no write queued or in flight and is closed. */
  drained(seq: number): Promise<void>;
  /** Deletes the files of segments up to `seq` (call after drained and after the checkpoint). */
  removeThrough(seq: number): Promise<void>;
  readonly stats: JournalStats;
}

export const segmentName = (seq: number): string => `${String(seq).padStart(12, '0')}.log`;

export interface SegmentFileName {
  seq: number;
  name: string;
}

/** Segment files present in `dir`, by ascending number (`9.log` before `10.log`). */
export async function listSegments(dir: string): Promise<SegmentFileName[]> {
  const found: SegmentFileName[] = [];
  for (const name of await readdir(dir)) {
    const m = /^(\d+)\.log$/.exec(name);
    if (m?.[1] !== undefined) found.push({ seq: Number(m[1]), name });
  }
  return found.sort((a, b) => a.seq - b.seq);
}

interface Batch {
  lines: string[];
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Segment {
  readonly seq: number;
  readonly path: string;
  file: Promise<SegmentFile> | null;
  queued: Batch | null;
  writing: boolean;
  bytes: number;
  /** Callers of drained() waiting for this segment to go idle. */
  idleWaiters: Array<() => void>;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A caller that does not await its set must not crash the process on a write error.
  promise.catch(() => undefined);
  return { lines: [], promise, resolve, reject };
}

export function createJournal(opts: {
  dir: string;
  firstSeq: number;
  existing: readonly SegmentFileName[];
  fsync?: boolean;
  openSegment?: OpenSegment;
}): Journal {
  const openSegment = opts.openSegment ?? openSegmentFile;
  const stats: JournalStats = { writes: 0, lines: 0, bytes: 0 };
  /** Segments whose file may exist (or will: lines queued), by number. */
  const live = new Map<number, Segment>();
  /** Segment files that may exist, by number (their names, as found or as written). */
  const onDisk = new Map<number, string>(opts.existing.map((f) => [f.seq, f.name]));
  let current = makeSegment(opts.firstSeq);

  function makeSegment(seq: number): Segment {
    const seg: Segment = {
      seq,
      path: join(opts.dir, segmentName(seq)),
      file: null,
      queued: null,
      writing: false,
      bytes: 0,
      idleWaiters: [],
    };
    live.set(seq, seg);
    return seg;
  }

  function isIdle(seg: Segment): boolean {
    return !seg.writing && seg.queued === null;
  }

  async function pump(seg: Segment): Promise<void> {
    seg.writing = true;
    try {
      for (let batch = seg.queued; batch !== null; batch = seg.queued) {
        seg.queued = null;
        try {
          seg.file ??= openSegment(seg.path);
          onDisk.set(seg.seq, segmentName(seg.seq));
          const file = await seg.file;
          const bytes = await file.append(`${batch.lines.join('\n')}\n`);
          if (opts.fsync) await file.sync();
          seg.bytes += bytes;
          stats.writes++;
          stats.lines += batch.lines.length;
          stats.bytes += bytes;
          batch.resolve();
        } catch (err) {
          const failure = new StoreError(
            'store_unavailable',
            `cannot append to store journal ${seg.path}: ${(err as Error).message}`,
            { cause: err },
          );
          batch.reject(failure);
          // A partial write may have left a torn line: nothing more goes into this segment.
          if (seg === current) rotate();
          const rest = seg.queued as Batch | null;
          seg.queued = null;
          rest?.reject(failure);
        }
      }
    } finally {
      seg.writing = false;
      const waiters = seg.idleWaiters.splice(0);
      for (const w of waiters) w();
    }
  }

  function rotate(): number {
    const sealed = current.seq;
    current = makeSegment(sealed + 1);
    return sealed;
  }

  async function closeSegment(seg: Segment): Promise<void> {
    while (!isIdle(seg)) await new Promise<void>((r) => seg.idleWaiters.push(r));
    live.delete(seg.seq);
    const file = seg.file;
    seg.file = null;
    if (file) await (await file.catch(() => null))?.close();
  }

  return {
    append(line) {
      const seg = current;
      const batch = (seg.queued ??= newBatch());
      batch.lines.push(line);
      if (!seg.writing) {
        seg.writing = true;
        // Start on the microtask queue: every line appended in this tick joins the first write.
        queueMicrotask(() => void pump(seg));
      }
      return batch.promise;
    },
    get seq() {
      return current.seq;
    },
    get currentBytes() {
      return current.bytes;
    },
    get hasSegments() {
      return onDisk.size > 0 || current.queued !== null;
    },
    rotate,
    async drained(seq) {
      const segs = [...live.values()].filter((s) => s.seq <= seq && s !== current);
      await Promise.all(segs.map(closeSegment));
    },
    async removeThrough(seq) {
      for (const [s, name] of [...onDisk].sort(([a], [b]) => a - b)) {
        if (s > seq || live.has(s)) continue;
        await unlink(join(opts.dir, name)).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
        onDisk.delete(s);
      }
    },
    stats,
  };
}
