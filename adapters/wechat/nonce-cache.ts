import { createHash } from 'node:crypto';
import type { Store } from '../../bot/store/types.ts';
import type { VerifiedPush } from './verify-push.ts';

/**
 * WeChat re-sends a push it got no answer to within 5 s, three times, as the very same request (same timestamp,
 * nonce, signature and body). Those retries must still reach the MsgId dedupe, which answers them with the first
 * turn's reply (or "success") instead of losing the message. So a seen (timestamp, nonce, signature) is a replay
 * when it comes with another body (in plain mode the signature does not cover the body: a leaked URL), or when the
 * same body comes more often than WeChat retries. Kept in the store, so every instance sees every nonce.
 */
export const WECHAT_RETRIES = 3;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function createNonceCache(store: Store, opts: { maxClockSkewMs: number }) {
  // A timestamp stays acceptable until timestamp + skew, which is at most 2 × skew from the moment it is first seen.
  const ttlMs = 2 * opts.maxClockSkewMs;

  /** True when the push may go on (first delivery or one of WeChat's retries); false for a replay. */
  async function admit(replay: VerifiedPush['replay']): Promise<boolean> {
    const key = `wechat:nonce:${sha256(`${replay.timestamp}\n${replay.nonce}\n${replay.signature}`)}`;
    const payload = sha256(replay.payload);
    if (await store.setIfAbsent(key, { payload }, { ttlMs })) return true;
    const first = await store.get<{ payload?: unknown }>(key);
    if (first?.payload !== payload) return false;
    // One slot per retry, claimed atomically: a fourth identical repeat finds none free.
    for (let n = 1; n <= WECHAT_RETRIES; n++) {
      if (await store.setIfAbsent(`${key}:retry:${n}`, true, { ttlMs })) return true;
    }
    return false;
  }

  return { admit };
}
