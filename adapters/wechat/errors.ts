export type WechatErrorCode =
  | 'bad_signature'
  /** A plaintext push while an EncodingAESKey is configured (only the encrypted message is trusted). */
  | 'plaintext_refused'
  /** A signed (timestamp, nonce) seen before with another body, or more often than WeChat retries. */
  | 'replayed'
  /** ToUserName is not the configured account. */
  | 'wrong_account'
  | 'bad_message'
  | 'bad_config'
  | 'decrypt_failed'
  | 'api_error'
  | 'token_failed'
  | 'unsubscribed'
  | 'bad_conversation';

/** Typed failures of the WeChat channel; `errcode` is WeChat's own code when it gave one. */
export class WechatError extends Error {
  constructor(
    readonly code: WechatErrorCode,
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
    this.name = 'WechatError';
  }
}
