export type BotFrameworkErrorCode = 'unauthorized' | 'bad_config' | 'no_reference' | 'bad_conversation';

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
