import { parentPort } from 'node:worker_threads';
import { openSegmentFile, type SegmentFile } from './journal.ts';
import { localKeyFileWrites } from './key-files.ts';
import type { StoreIoReply, StoreIoRequest } from './io-protocol.ts';

/**
 * The journal-files store's file writes on their own thread (started by io-thread.ts through
 * threads/start.ts): journal segments opened, appended (UTF-8 encoding included) and synced, key
 * files written atomically (lowdb's TextFile: temp file + rename) and removed. Requests are served
 * as they come; the store never has two writes of one file in flight.
 */
const port = parentPort;
if (!port) throw new Error('io-worker.ts runs as a worker thread (see io-thread.ts)');

const segments = new Map<number, SegmentFile>();
let nextHandle = 1;

/** The same file code the store runs on its own thread without the I/O thread (journal.ts, key-files.ts). */
async function serve(request: StoreIoRequest): Promise<number | undefined> {
  switch (request.op) {
    case 'open': {
      const segment = await openSegmentFile(request.path);
      const handle = nextHandle++;
      segments.set(handle, segment);
      return handle;
    }
    case 'append':
      return segmentOf(request.handle).append(request.text);
    case 'sync':
      await segmentOf(request.handle).sync();
      return undefined;
    case 'close': {
      const segment = segments.get(request.handle);
      segments.delete(request.handle);
      await segment?.close();
      return undefined;
    }
    case 'writeKey':
      await localKeyFileWrites.write(request.path, request.text);
      return undefined;
    case 'removeKey':
      await localKeyFileWrites.remove(request.path);
      return undefined;
  }
}

function segmentOf(handle: number): SegmentFile {
  const segment = segments.get(handle);
  if (!segment) throw Object.assign(new Error(`no open journal segment ${handle}`), { code: 'EBADF' });
  return segment;
}

port.on('message', (request: StoreIoRequest) => {
  serve(request).then(
    (value) =>
      port.postMessage(
        (value === undefined
          ? { id: request.id, ok: true }
          : { id: request.id, ok: true, value }) satisfies StoreIoReply,
      ),
    (err: unknown) => {
      const code = (err as NodeJS.ErrnoException).code;
      port.postMessage({
        id: request.id,
        ok: false,
        message: err instanceof Error ? err.message : String(err),
        ...(code ? { code } : {}),
      } satisfies StoreIoReply);
    },
  );
});
