/**
 * A knowledge file (intent or article) that cannot be used, naming the file and the field. Defined
 * here because intents/ imports nothing from bot/; bot/errors.ts re-exports it beside the bot's errors.
 */
export class KnowledgeError extends Error {
  readonly code = 'knowledge_invalid';

  constructor(
    readonly file: string,
    readonly field: string,
    reason: string,
  ) {
    super(`${file}: ${field}: ${reason}`);
    this.name = 'KnowledgeError';
  }
}
