import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * File layout of the journal-files store: one small JSON file per key (written by lowdb), spread over
 * 256 directories by key hash, so a write rewrites only that key's file and costs the same with 1,000
 * or 1,000,000 keys.
 *
 *   <dataDir>/store/meta.json                        layout version
 *   <dataDir>/store/kv/<2 hex of sha1(key)>/<name>.json
 *   <dataDir>/store/journal/<seq>.log                write-ahead journal (journal.ts); none after a clean close
 *   <dataDir>/store/lock                             pid of the process that has the store open
 *
 * <name> is the key percent-encoded to a case-insensitive-safe file name (every byte outside
 * [a-z0-9_-] becomes %hh, so `conv:telegram:42` is `conv%3atelegram%3a42`), or `~<sha256 hex>`
 * when that would be longer than MAX_ENCODED_NAME; the key itself is always inside the file too.
 */
export const LAYOUT_VERSION = 1;
export const SHARD_DIRS = 256;
const MAX_ENCODED_NAME = 200;

/** What one key file holds. `e` comes first so the expiry can be read from the file's first bytes. */
export interface KeyRecord {
  /** Expiry time in ms since the epoch, or null = no TTL. */
  e: number | null;
  /** The key. */
  k: string;
  /** The JSON value. */
  v: unknown;
}

export function shardDirName(key: string): string {
  return createHash('sha1').update(key).digest('hex').slice(0, 2);
}

const isPlainByte = (b: number): boolean =>
  (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x5f || b === 0x2d;

export function encodeKeyName(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    out += isPlainByte(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`;
  }
  if (out.length > MAX_ENCODED_NAME) return `~${createHash('sha256').update(key).digest('hex')}`;
  return out;
}

/** The key for a file name, or undefined when the name is a hash (the key must be read from the file). */
export function decodeKeyName(name: string): string | undefined {
  if (name.startsWith('~')) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '%') {
      bytes.push(parseInt(name.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(name.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function keyFilePath(kvDir: string, key: string): string {
  return join(kvDir, shardDirName(key), `${encodeKeyName(key)}.json`);
}

/** Reads `e` (and `k` when present) from the first bytes of a key file without parsing the value. */
export function parseRecordHeader(head: string): { e: number | null; k?: string } | undefined {
  const m = /^\{\s*"e":\s*(null|\d+)\s*,\s*"k":\s*("(?:[^"\\]|\\.)*")/.exec(head);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  let k: string | undefined;
  try {
    k = JSON.parse(m[2]) as string;
  } catch {
    k = undefined;
  }
  return { e: m[1] === 'null' ? null : Number(m[1]), ...(k !== undefined ? { k } : {}) };
}
