/** Errors with a stable `code` that callers and tests branch on. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class ConfigError extends AppError {
  constructor(message: string) {
    super('config_invalid', message);
    this.name = 'ConfigError';
  }
}

export class KnowledgeError extends AppError {
  constructor(
    readonly file: string,
    readonly field: string,
    reason: string,
  ) {
    super('knowledge_invalid', `${file}: ${field}: ${reason}`);
    this.name = 'KnowledgeError';
  }
}
