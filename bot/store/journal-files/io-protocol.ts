/** Messages between the journal-files store and its file I/O thread (io-thread.ts ⇄ io-worker.ts). */

export type StoreIoRequest =
  | { id: number; op: 'open'; path: string }
  | { id: number; op: 'append'; handle: number; text: string }
  | { id: number; op: 'sync'; handle: number }
  | { id: number; op: 'close'; handle: number }
  | { id: number; op: 'writeKey'; path: string; text: string }
  | { id: number; op: 'removeKey'; path: string };

/** `value`: the handle of an opened segment, or the bytes an append wrote. */
export type StoreIoReply =
  { id: number; ok: true; value?: number } | { id: number; ok: false; message: string; code?: string };
