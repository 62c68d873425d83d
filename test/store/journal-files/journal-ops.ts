/** The operations of the journal crash test's writer child (journal-child.ts), shared with the test. */
export const WORKERS = 8;
export const KEYS_PER_WORKER = 10;
/** Worker `w`'s operation number `op` works on this key... */
export const opKey = (w: number, op: number): string => `ack:${w}:${op % KEYS_PER_WORKER}`;
/** ...and deletes it instead of setting it now and then. */
export const isDelete = (op: number): boolean => op % 7 === 3;
