import { randomBytes } from 'node:crypto';
import type { Store } from '../../bot/store/types.ts';

/** Telegram refuses callback_data longer than 64 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
const SHORT_ID_TTL_MS = 30 * 24 * 3600_000;

const keyFor = (id: string): string => `telegram:cb:${id}`;

/**
 * Button values travel as callback data: `v:<value>` when it fits in 64 bytes, otherwise
 * `k:<short id>` with the value kept in the store (30 days).
 */
export async function encodeCallbackData(store: Store, value: string): Promise<string> {
  const direct = `v:${value}`;
  if (Buffer.byteLength(direct, 'utf8') <= CALLBACK_DATA_MAX_BYTES) return direct;
  const id = randomBytes(12).toString('base64url');
  await store.set(keyFor(id), value, { ttlMs: SHORT_ID_TTL_MS });
  return `k:${id}`;
}

/** The button value, or undefined when the data is not ours or its short id has expired. */
export async function decodeCallbackData(store: Store, data: string): Promise<string | undefined> {
  if (data.startsWith('v:')) return data.slice(2);
  if (data.startsWith('k:') && /^[\w-]{1,40}$/.test(data.slice(2))) {
    const value = await store.get<unknown>(keyFor(data.slice(2)));
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}
