/** Typed failures of the Telegram channel. */
/** `bad_entities`: Telegram refused the message's HTML ("can't parse entities"); the text may be resent plain. */
export type TelegramChannelErrorCode = 'blocked' | 'rate_limited' | 'api_error' | 'bad_conversation' | 'bad_entities';

export class TelegramChannelError extends Error {
  constructor(
    readonly code: TelegramChannelErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TelegramChannelError';
  }
}

/** The bits of telegraf's TelegramError we branch on (duck-typed so tests can fake them). */
export function telegramErrorInfo(
  err: unknown,
): { status: number; retryAfterS?: number; description?: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const response = (err as { response?: unknown }).response;
  if (typeof response !== 'object' || response === null) return undefined;
  const status = (response as { error_code?: unknown }).error_code;
  if (typeof status !== 'number') return undefined;
  const params = (response as { parameters?: unknown }).parameters;
  const retryAfter =
    typeof params === 'object' && params !== null ? (params as { retry_after?: unknown }).retry_after : undefined;
  const description = (response as { description?: unknown }).description;
  return {
    status,
    ...(typeof retryAfter === 'number' ? { retryAfterS: retryAfter } : {}),
    ...(typeof description === 'string' ? { description } : {}),
  };
}
