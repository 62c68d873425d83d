import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths that must never reach a log line in clear text. */
export const REDACTED_LOG_PATHS = [
  'text',
  '*.text',
  'code',
  '*.code',
  'token',
  '*.token',
  'password',
  '*.password',
  'balance',
  '*.balance',
  'amount',
  '*.amount',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.accessToken',
  '*.access_token',
  'secret',
  '*.secret',
];

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    base: { service: 'upay-support' },
    redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = pino({ level: 'silent' });
