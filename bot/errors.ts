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

// A knowledge file that cannot be used: defined in intents/ (which imports nothing from bot/), re-exported here.
export { KnowledgeError } from '../intents/errors.ts';

/** An error as logs and status may name it: its class and code only, never its message (which can quote customer text). */
export function errorClass(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = 'code' in error ? (error as { code: unknown }).code : undefined;
  return code === undefined ? error.name : `${error.name}:${String(code)}`;
}
