import { z } from 'zod';
import { ConfigError } from './errors.ts';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = optionalString.pipe(z.url().optional());

const booleanFlag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0', ''], { message: 'must be true or false' })
    .default(fallback)
    .transform((v) => (v === '' ? fallback === 'true' : v === 'true' || v === '1'));

/** Comma-separated list, blanks dropped; each item must match `item`. */
const commaList = (item: z.ZodType<string, string>) =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

/**
 * express's `trust proxy`: `false`, a hop count, or comma-separated addresses/subnets/names
 * (`loopback`, `10.0.0.0/8`). `true` (trust every hop) is refused: any client could then pick its own IP.
 */
const TrustProxy = z
  .string()
  .trim()
  .default('loopback')
  .transform((v, ctx) => {
    if (v === '' || v === 'false') return false as const;
    if (/^\d+$/.test(v)) return Number(v);
    if (v === 'true') {
      ctx.addIssue({
        code: 'custom',
        message: 'true would trust every hop (clients could choose their IP): name the proxies or a hop count',
      });
      return z.NEVER;
    }
    const parts = v
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    for (const part of parts) {
      if (!/^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(part)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${part.slice(0, 40)}" is not loopback, linklocal, uniquelocal, an address or a subnet`,
        });
        return z.NEVER;
      }
    }
    return parts;
  });

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
  SANDBOX_FIXED_OTP: optionalString.pipe(
    z
      .string()
      .regex(/^\d{6}$/, 'must be six digits')
      .optional(),
  ),
  /** HS256 secret the app signs customer tokens with; required in production. */
  INAPP_TOKEN_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** In-app sessions last this long (a token's own `exp` may end them sooner). */
  INAPP_SESSION_TTL_MINUTES: z.coerce.number().int().min(1).max(43_200).default(1440),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_CONVERSATION_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Comma-separated origins allowed to call the in-app API from a browser (CORS); empty = closed. */
  CORS_ORIGINS: commaList(z.url()),
  /** express `trust proxy`: which hops may set X-Forwarded-For, so rate limits key on the real client. */
  TRUST_PROXY: TrustProxy,
  /** Longest customer message a turn processes, on every channel; longer text is cut and the customer told. */
  MAX_MESSAGE_CHARS: z.coerce.number().int().min(100).max(20_000).default(2000),
  /** Requests per minute per client address on the channel webhooks (platforms send from few addresses). */
  RATE_LIMIT_WEBHOOK_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  /** Bearer token for GET /metrics; unset = /metrics answers loopback callers only. */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  /** Open in-app event streams allowed per session (a new one beyond this closes the oldest). */
  INAPP_MAX_STREAMS_PER_SESSION: z.coerce.number().int().min(1).max(20).default(3),
  /** One-time codes: the window over which attempts and challenges are counted per identifier and per client. */
  OTP_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /** Wrong codes allowed per phone/email within the window, across resends and conversations. */
  OTP_MAX_ATTEMPTS_PER_IDENTIFIER: z.coerce.number().int().min(1).max(100).default(10),
  /** Codes sent (first sends and resends) per phone/email within the window. */
  OTP_MAX_CHALLENGES_PER_IDENTIFIER: z.coerce.number().int().min(1).max(100).default(5),
  /** Codes requested per client (IP address on the in-app chat, platform user elsewhere) within the window. */
  OTP_MAX_CHALLENGES_PER_CLIENT: z.coerce.number().int().min(1).max(1000).default(20),

  TELEGRAM_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d+:[\w-]+$/, 'looks like 123456:ABC…')
      .optional(),
  ),
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, '1–256 of A-Z a-z 0-9 _ -')
      .optional(),
  ),

  WECHAT_TOKEN: optionalString,
  WECHAT_APP_ID: optionalString,
  WECHAT_APP_SECRET: optionalString,
  WECHAT_ENCODING_AES_KEY: optionalString.pipe(z.string().length(43, 'must be 43 characters').optional()),
  WECHAT_API_BASE: optionalUrl,
  /** The Official Account's original id (gh_…): pushes addressed to another ToUserName are refused. Required in production. */
  WECHAT_ACCOUNT_ID: optionalString,
  /** A WeChat turn that takes longer than this is answered through the customer-service API instead of passively (WeChat waits 5 s). */
  WECHAT_PASSIVE_REPLY_TIMEOUT_MS: z.coerce.number().int().min(100).max(4500).default(4000),

  /** Bot Framework / Azure Bot Service (read by @microsoft/agents-hosting as clientId etc.). */
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  /** Certificate credentials instead of MICROSOFT_APP_PASSWORD: PEM files of the certificate and its private key. */
  MICROSOFT_APP_CERT_PEM_FILE: optionalString,
  MICROSOFT_APP_CERT_KEY_FILE: optionalString,
  /** App ids whose tokens are accepted (appid/azp claims) when a tenant is configured; default: MICROSOFT_APP_ID. */
  MICROSOFT_ALLOWED_CALLERS: commaList(z.string().min(1)),
  /** Local emulator work only: mount /api/messages without credentials (loopback serviceUrls only). Refused in production. */
  BOTFRAMEWORK_ANONYMOUS: booleanFlag('false'),

  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith('xoxb-', 'must start with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_HANDOFF_CHANNEL: optionalString,
  SLACK_API_URL: optionalUrl,
  SLACK_ONCALL_GROUP: optionalString,
  /** Slack user ids (U…/W…) allowed to claim, reply to, resolve and return cases. */
  SLACK_AGENTS: commaList(z.string().regex(/^[UW][A-Z0-9]{2,20}$/, 'Slack user ids look like U012ABCDEF')),
  /** A Slack user group (S…) whose members may act on cases (looked up through the Web API, cached). */
  SLACK_AGENT_GROUP: optionalString.pipe(
    z
      .string()
      .regex(/^S[A-Z0-9]{2,20}$/, 'Slack user group ids look like S012ABCDEF')
      .optional(),
  ),
  /** The Slack workspace (T…) the desk belongs to; interactions from another team are refused. Unset = learned from auth.test. */
  SLACK_TEAM_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[TE][A-Z0-9]{2,20}$/, 'Slack team ids look like T012ABCDEF')
      .optional(),
  ),
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
  const problems = [...productionProblems(config), ...combinationProblems(config)];
  if (problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  return config;
}

/** What production refuses: demo parts and unauthenticated surfaces (docs/SECURITY.md). */
function productionProblems(config: Config): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!config.INAPP_TOKEN_SECRET) problems.push('INAPP_TOKEN_SECRET: required when NODE_ENV=production');
  if (!config.WALLET_API_URL) {
    problems.push('WALLET_API_URL: required when NODE_ENV=production (the sandbox wallet is for development only)');
  }
  if (config.SANDBOX_FIXED_OTP) problems.push('SANDBOX_FIXED_OTP: refused when NODE_ENV=production (unset it)');
  if (config.BOTFRAMEWORK_ANONYMOUS) {
    problems.push(
      'BOTFRAMEWORK_ANONYMOUS: refused when NODE_ENV=production (set MICROSOFT_APP_ID and its credentials)',
    );
  }
  if (config.SLACK_BOT_TOKEN && config.SLACK_AGENTS.length === 0 && !config.SLACK_AGENT_GROUP) {
    problems.push('SLACK_AGENTS or SLACK_AGENT_GROUP: required with the Slack desk when NODE_ENV=production');
  }
  if (config.WECHAT_TOKEN && !config.WECHAT_ACCOUNT_ID) {
    problems.push('WECHAT_ACCOUNT_ID: required with WECHAT_TOKEN when NODE_ENV=production');
  }
  return problems;
}

/** Variables that only make sense together. */
function combinationProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  }
  const slack = [config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.SLACK_HANDOFF_CHANNEL];
  if (slack.some(Boolean) && !slack.every(Boolean)) {
    problems.push('SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_HANDOFF_CHANNEL: set all three or none');
  }
  if (config.MICROSOFT_APP_ID) {
    const cert = [config.MICROSOFT_APP_CERT_PEM_FILE, config.MICROSOFT_APP_CERT_KEY_FILE];
    if (cert.some(Boolean) && !cert.every(Boolean)) {
      problems.push('MICROSOFT_APP_CERT_PEM_FILE and MICROSOFT_APP_CERT_KEY_FILE: set both or neither');
    } else if (!config.MICROSOFT_APP_PASSWORD && !cert.every(Boolean)) {
      problems.push(
        'MICROSOFT_APP_PASSWORD (or MICROSOFT_APP_CERT_PEM_FILE and MICROSOFT_APP_CERT_KEY_FILE): required with MICROSOFT_APP_ID',
      );
    }
  }
  return problems;
}
