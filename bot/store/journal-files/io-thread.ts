import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.ts';
import { startWorker } from '../../threads/start.ts';
import type { OpenSegment } from './journal.ts';
import type { StoreIoReply, StoreIoRequest } from './io-protocol.ts';

const WORKER_MODULE = new URL('./io-worker.ts', import.meta.url);

/** What the store's file writes go through when they run on the I/O thread. */
export interface StoreIoThread {
  /** Journal segments whose appends (and their UTF-8 encoding) and syncs happen on the thread. */
  openSegment: OpenSegment;
  /** Key-file writes (atomic: temp file + rename) and removals, on the thread. */
  keyFileWrites: KeyFileWrites;
  /** Stops the thread once what it was asked is done. */
  close(): Promise<void>;
}

export interface KeyFileWrites {
  write(path: string, text: string): Promise<void>;
  /** Removes the file; a file already gone is no error. */
  remove(path: string): Promise<void>;
}

type Request = StoreIoRequest extends infer R ? (R extends StoreIoRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve(value: number | undefined): void;
  reject(error: Error): void;
}

/** An I/O failure as the file system reported it (message and errno code), so callers wrap it as before. */
function ioError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

/**
 * The journal-files store's file writes on a worker thread, so that a busy server's turns do not pay for
 * them: each journal batch's UTF-8 encoding and write (and fdatasync with STORE_FSYNC), and the
 * checkpoints' key-file writes and removals. The store's logic, its memory and its reads stay
 * where they were; a write resolves once the thread reports it done, exactly as a write on this
 * thread resolved once the file system returned, so what a resolved write guarantees is unchanged.
 * A thread that dies fails the writes it held (a journal batch fails as a failing disk would: its
 * lines are rejected and the journal rotates to a new segment) and the next request starts another.
 */
export function createStoreIoThread(opts: { logger?: Logger; entry?: URL } = {}): StoreIoThread {
  const entry = opts.entry ?? WORKER_MODULE;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | undefined;
  let closed = false;
  /** close() waiting for the requests in flight. */
  const drainWaiters: (() => void)[] = [];
  const settled = () => {
    if (pending.size > 0) return;
    worker?.unref();
    for (const done of drainWaiters.splice(0)) done();
  };

  function start(): Worker {
    const started = startWorker(entry);
    started.unref();
    started.on('message', (reply: StoreIoReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(ioError(reply.message, reply.code));
      settled();
    });
    started.on('error', (err) => opts.logger?.error({ err: err.message }, 'store I/O thread failed'));
    started.once('exit', (code) => {
      if (worker === started) worker = undefined;
      const failure = ioError(`store I/O thread stopped (exit code ${code})`, 'EIO');
      for (const p of pending.values()) p.reject(failure);
      pending.clear();
      settled();
      if (!closed) opts.logger?.error({ exitCode: code }, 'store I/O thread stopped; the next write starts a new one');
    });
    return started;
  }

  function call(request: Request): Promise<number | undefined> {
    if (closed) return Promise.reject(ioError('store I/O thread is closed', 'EIO'));
    const target = (worker ??= start());
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      // A write in flight keeps the process alive; an idle thread does not.
      if (pending.size === 1) target.ref();
      target.postMessage({ ...request, id } as StoreIoRequest);
    });
  }

  return {
    openSegment: async (path) => {
      const handle = (await call({ op: 'open', path })) as number;
      return {
        append: async (text) => (await call({ op: 'append', handle, text })) as number,
        sync: async () => {
          await call({ op: 'sync', handle });
        },
        close: async () => {
          await call({ op: 'close', handle });
        },
      };
    },
    keyFileWrites: {
      write: async (path, text) => {
        await call({ op: 'writeKey', path, text });
      },
      remove: async (path) => {
        await call({ op: 'removeKey', path });
      },
    },
    async close() {
      if (closed) return;
      // Whatever was asked is answered first (the store has awaited its own writes by now).
      if (pending.size > 0) await new Promise<void>((resolve) => drainWaiters.push(resolve));
      closed = true;
      const stopping = worker;
      worker = undefined;
      await stopping?.terminate();
    },
  };
}
