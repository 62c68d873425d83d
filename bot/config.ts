import { z } from 'zod';
import { ConfigError } from './errors.ts';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = optionalString.pipe(z.url().optional());

/**
 * Every environment variable the service reads, parsed once at start.
 * A bad or missing value stops start-up with the variable's name and the reason.
 */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  KNOWLEDGE_DIR: z.string().min(1).default('./knowledge'),
  /** unset = embedded lowdb under DATA_DIR; redis://… or postgres://… for several instances. */
  STORE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^(redis|rediss|postgres|postgresql|memory):/, 'must start with redis://, postgres:// or memory:')
      .optional(),
  ),
  /** Embedded store: fdatasync every journal write, so an acknowledged write also survives a power loss (slower). */
  STORE_FSYNC: z
    .enum(['true', 'false', '1', '0', ''], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Embedded store: journal appends and checkpoint file writes on a worker thread (`false`: on the main thread). */
  STORE_IO_THREAD: z
    .enum(['true', 'false', '1', '0', ''], { message: 'must be true or false' })
    .default('true')
    .transform((v) => v !== 'false' && v !== '0'),
  /** Embedded store: how often the journal is folded into the key files (and its old segments deleted). */
  STORE_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  /** Parse messages on a worker thread (the same model), so turns use a second core; `false` parses on the main thread. */
  NLU_THREAD: z
    .enum(['true', 'false', '1', '0', ''], { message: 'must be true or false' })
    .default('true')
    .transform((v) => v !== 'false' && v !== '0'),
  /** unset = the sandbox wallet starts in-process. */
  WALLET_API_URL: optionalUrl,
  WALLET_API_KEY: optionalString,
  WALLET_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4000),
  SANDBOX_FIXED_OTP: optionalString.pipe(z.string().regex(/^\d{6}$/, 'must be six digits').optional()),
  /** HS256 secret the app signs customer tokens with; required in production. */
  INAPP_TOKEN_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** In-app sessions last this long (a token's own `exp` may end them sooner). */
  INAPP_SESSION_TTL_MINUTES: z.coerce.number().int().min(1).max(43_200).default(1440),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_CONVERSATION_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Comma-separated origins allowed to call the in-app API from a browser (CORS); empty = closed. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url())),

  TELEGRAM_BOT_TOKEN: optionalString.pipe(z.string().regex(/^\d+:[\w-]+$/, 'looks like 123456:ABC…').optional()),
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, '1–256 of A-Z a-z 0-9 _ -').optional()),

  WECHAT_TOKEN: optionalString,
  WECHAT_APP_ID: optionalString,
  WECHAT_APP_SECRET: optionalString,
  WECHAT_ENCODING_AES_KEY: optionalString.pipe(z.string().length(43, 'must be 43 characters').optional()),
  WECHAT_API_BASE: optionalUrl,
  /** A WeChat turn that takes longer than this is answered through the customer-service API instead of passively (WeChat waits 5 s). */
  WECHAT_PASSIVE_REPLY_TIMEOUT_MS: z.coerce.number().int().min(100).max(4500).default(4000),

  /** Bot Framework / Azure Bot Service (read by @microsoft/agents-hosting as clientId etc.). */
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,

  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith('xoxb-', 'must start with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_HANDOFF_CHANNEL: optionalString,
  SLACK_API_URL: optionalUrl,
  SLACK_ONCALL_GROUP: optionalString,
  HANDOFF_TIMEOUT_MS: z.coerce.number().int().min(1000).default(600_000),
  /** e.g. "Mon-Fri 09:00-21:00 Asia/Shanghai". */
  BUSINESS_HOURS: z.string().default('Mon-Fri 09:00-21:00 Asia/Shanghai'),
  /** Expected wait told to a queued customer = max(1, cases ahead × this). */
  HANDOFF_AVG_HANDLING_MINUTES: z.coerce.number().min(0.1).max(240).default(5),
});

export type Config = z.infer<typeof EnvSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const config = result.data;
  if (config.NODE_ENV === 'production' && !config.INAPP_TOKEN_SECRET) {
    throw new ConfigError('invalid configuration: INAPP_TOKEN_SECRET: required when NODE_ENV=production');
  }
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('invalid configuration: TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  }
  const slack = [config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.SLACK_HANDOFF_CHANNEL];
  if (slack.some(Boolean) && !slack.every(Boolean)) {
    throw new ConfigError(
      'invalid configuration: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_HANDOFF_CHANNEL: set all three or none',
    );
  }
  return config;
}
