import type { Logger } from '../../bot/logger.ts';
import { TelegramChannelError, telegramErrorInfo } from './errors.ts';

export interface RetryPolicy {
  /** Attempts in all (first try included). Default 4. */
  maxAttempts: number;
  /** A retry_after longer than this is not waited for: the call fails as rate_limited. Default 60 s. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, maxRetryAfterMs: 60_000 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls the Bot API, honouring 429 `retry_after` (bounded) and turning 403 into a `blocked` error
 * so the caller can mark the conversation closed instead of retrying forever.
 */
export async function callWithRetry<T>(
  what: string,
  call: () => Promise<T>,
  logger: Logger,
  policy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const info = telegramErrorInfo(err);
      if (info?.status === 403)
        throw new TelegramChannelError('blocked', `${what}: the customer blocked the bot or left the chat`, 403);
      if (info?.status === 429) {
        const waitMs = Math.max(0, (info.retryAfterS ?? 1) * 1000);
        if (attempt >= policy.maxAttempts || waitMs > policy.maxRetryAfterMs) {
          throw new TelegramChannelError(
            'rate_limited',
            `${what}: rate limited by Telegram (retry_after ${info.retryAfterS ?? '?'} s)`,
            429,
          );
        }
        logger.warn({ method: what, retryAfterMs: waitMs, attempt }, 'telegram rate limit: waiting before retry');
        await sleep(waitMs);
        continue;
      }
      // The description is not copied into the error: it may quote the message around the bad entity.
      if (info?.status === 400 && /can't parse entities/i.test(info.description ?? '')) {
        throw new TelegramChannelError('bad_entities', `${what}: Telegram could not parse the message's entities`, 400);
      }
      if (info) throw new TelegramChannelError('api_error', `${what}: Telegram answered ${info.status}`, info.status);
      // Network failures: keep only the message (telegraf errors can carry the request payload, i.e. message text).
      throw new TelegramChannelError('api_error', `${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
