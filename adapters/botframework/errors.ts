/** unauthorized: no valid token (401). forbidden: a valid token that may not do this (403). */
export type BotFrameworkErrorCode = 'unauthorized' | 'forbidden' | 'bad_config' | 'no_reference' | 'bad_conversation';

/** Typed failures of the Bot Framework channel. */
export class BotFrameworkError extends Error {
  constructor(
    readonly code: BotFrameworkErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BotFrameworkError';
  }
}
