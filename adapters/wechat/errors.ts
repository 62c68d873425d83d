export type WechatErrorCode =
  | 'bad_signature'
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
