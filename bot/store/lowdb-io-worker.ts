import { open, unlink, type FileHandle } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { TextFile } from 'lowdb/node';
import type { StoreIoReply, StoreIoRequest } from './lowdb-io-protocol.ts';

/**
 * The lowdb store's file writes on their own thread (started by lowdb-io-thread.ts through
 * lowdb-io-entry.mjs): journal segments opened, appended (UTF-8 encoding included) and synced, key
 * files written atomically (lowdb's TextFile: temp file + rename) and removed. Requests are served
 * as they come; the store never has two writes of one file in flight.
 */
const port = parentPort;
if (!port) throw new Error('lowdb-io-worker.ts runs as a worker thread (see lowdb-io-thread.ts)');

const handles = new Map<number, FileHandle>();
let nextHandle = 1;

async function serve(request: StoreIoRequest): Promise<number | undefined> {
  switch (request.op) {
    case 'open': {
      const fh = await open(request.path, 'a');
      const handle = nextHandle++;
      handles.set(handle, fh);
      return handle;
    }
    case 'append': {
      const fh = handleOf(request.handle);
      const data = Buffer.from(request.text, 'utf8');
      for (let off = 0; off < data.length; ) {
        const { bytesWritten } = await fh.write(data, off, data.length - off);
        off += bytesWritten;
      }
      return data.length;
    }
    case 'sync':
      await handleOf(request.handle).datasync();
      return undefined;
    case 'close': {
      const fh = handles.get(request.handle);
      handles.delete(request.handle);
      await fh?.close();
      return undefined;
    }
    case 'writeKey':
      await new TextFile(request.path).write(request.text);
      return undefined;
    case 'removeKey':
      try {
        await unlink(request.path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      return undefined;
  }
}

function handleOf(handle: number): FileHandle {
  const fh = handles.get(handle);
  if (!fh) throw Object.assign(new Error(`no open journal segment ${handle}`), { code: 'EBADF' });
  return fh;
}

port.on('message', (request: StoreIoRequest) => {
  serve(request).then(
    (value) => port.postMessage((value === undefined ? { id: request.id, ok: true } : { id: request.id, ok: true, value }) satisfies StoreIoReply),
    (err: unknown) => {
      const code = (err as NodeJS.ErrnoException).code;
      port.postMessage({ id: request.id, ok: false, message: err instanceof Error ? err.message : String(err), ...(code ? { code } : {}) } satisfies StoreIoReply);
    },
  );
});
