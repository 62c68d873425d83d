/**
 * `upay-bot report [--from DATE] [--to DATE] [--channel NAME] [--language zh|en] [--json]` — the console's figures
 * (bot/analytics/stats.ts) in the terminal: read from the turn events in the configured store (STORE_URL, or lowdb
 * under DATA_DIR, like the server), as a table or as the API's JSON (`Stats`). Default range: the last 7 days.
 * Safe while the service runs on Redis/PostgreSQL; the embedded lowdb store is single-process (stop the server first,
 * or the store refuses with `store_unavailable`).
 */
import { createTurnEventLog } from '../analytics/event-log.ts';
import { CHANNEL_FILTER, MAX_RANGE_DAYS, resolveRange } from '../analytics/range.ts';
import { computeStats, statsReadRange } from '../analytics/stats.ts';
import type { Figures, Stats } from '../analytics/types.ts';
import { createLogger } from '../logger.ts';
import { createStore, storeOptionsOf, type Store } from '../store/index.ts';
import type { Language } from '../../intents/types.ts';
import { cliConfig } from './config.ts';
import { CliError, type CliCommand } from './io.ts';

const USAGE = 'usage: upay-bot report [--from DATE] [--to DATE] [--channel NAME] [--language zh|en] [--json]';
export const REPORT_DEFAULT_DAYS = 7;
/** 2025-03-01, or a time with its zone: 2025-03-01T08:00Z, 2025-03-01T08:00:00.000+08:00. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

export interface ReportArgs {
  from: Date;
  to: Date;
  channel?: string;
  language?: Language;
  json: boolean;
}

export function parseReportArgs(args: string[], now: Date): ReportArgs {
  let from: Date | undefined;
  let to: Date | undefined;
  let channel: string | undefined;
  let language: Language | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') {
      json = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') throw new CliError(USAGE, 0);
    if (arg !== '--from' && arg !== '--to' && arg !== '--channel' && arg !== '--language')
      throw new CliError(`unknown option "${arg}" (${USAGE})`, 2);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new CliError(`${arg} needs a value (${USAGE})`, 2);
    i++;
    if (arg === '--from') from = parseDate(arg, value);
    else if (arg === '--to') to = parseDate(arg, value);
    else if (arg === '--channel') {
      if (!CHANNEL_FILTER.test(value))
        throw new CliError(`--channel: "${value.slice(0, 40)}" is not a channel name`, 2);
      channel = value;
    } else {
      if (value !== 'zh' && value !== 'en')
        throw new CliError(`--language must be zh or en, not "${value.slice(0, 40)}"`, 2);
      language = value;
    }
  }
  const range = resolveRange({ from, to }, now, REPORT_DEFAULT_DAYS);
  if (range.problem)
    throw new CliError(
      range.problem === 'too_long'
        ? `the range is longer than ${MAX_RANGE_DAYS} days`
        : `--from (${range.from.toISOString()}) must be before --to (${range.to.toISOString()})`,
      2,
    );
  return {
    from: range.from,
    to: range.to,
    ...(channel !== undefined && { channel }),
    ...(language !== undefined && { language }),
    json,
  };
}

function parseDate(option: string, value: string): Date {
  const ms = ISO_DATE.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms))
    throw new CliError(
      `${option}: "${value.slice(0, 40)}" is not a date like 2025-03-01 or 2025-03-01T08:00:00Z (a time needs its zone)`,
      2,
    );
  return new Date(ms);
}

export interface ReportDeps {
  /** A store to read from instead of the configured one (tests); the caller closes it. */
  store?: Store;
  /** The event log over the store (default: bot/analytics/event-log.ts). */
  createEventLog?: typeof createTurnEventLog;
  now?: () => Date;
}

export function createReportCommand(deps: ReportDeps = {}): CliCommand {
  return async (args, io) => {
    const now = deps.now?.() ?? new Date();
    const options = parseReportArgs(args, now);
    const config = cliConfig(io.env);
    const logger = createLogger({ level: 'silent' });
    const store = deps.store ?? (await createStore(storeOptionsOf(config, logger)));
    const log = (deps.createEventLog ?? createTurnEventLog)({ store, logger, retentionDays: config.RETENTION_DAYS });
    try {
      const range = statsReadRange(options);
      const stats = computeStats(await log.read(range.from, range.to), options, now);
      io.stdout.write(options.json ? `${JSON.stringify(stats)}\n` : formatReport(stats));
      return 0;
    } finally {
      await log.close();
      if (!deps.store) await store.close();
    }
  };
}

export const runReportCommand: CliCommand = createReportCommand();

/** The figures as a readable table (rates as percentages; "-" where nothing was counted). */
export function formatReport(stats: Stats): string {
  const filter = [
    stats.filter.channel && `channel ${stats.filter.channel}`,
    stats.filter.language && `language ${stats.filter.language}`,
  ]
    .filter(Boolean)
    .join(', ');
  const lines = [
    `upay-bot report ${stats.from} → ${stats.to}${filter ? ` (${filter})` : ''}`,
    '',
    row('conversations', String(stats.conversations)),
    row('turns', String(stats.turns)),
    row('containment', `${percent(stats.containment_rate)} (${stats.provisional} provisional)`),
    row('handoff rate', percent(stats.handoff_rate)),
    row('handoffs by reason', counts(stats.handoffs_by_reason)),
    row('CSAT', csat(stats)),
    row('fallback rate', percent(stats.fallback_rate)),
    row('outcomes', counts(stats.outcomes)),
    '',
    'top intents',
    ...(stats.top_intents.length ? stats.top_intents.map((t) => `  ${t.intent.padEnd(30)} ${t.count}`) : ['  -']),
    '',
    ...figuresTable('by channel', 'channel', stats.by_channel),
    '',
    ...figuresTable('by language', 'language', stats.by_language),
    '',
    ...figuresTable('daily', 'date', Object.fromEntries(stats.daily.map(({ date, ...figures }) => [date, figures]))),
  ];
  return `${lines.join('\n')}\n`;
}

function figuresTable(title: string, keyName: string, rows: Record<string, Figures>): string[] {
  const header = `  ${keyName.padEnd(12)} ${'conversations'.padStart(13)} ${'turns'.padStart(7)} ${'contained'.padStart(9)} ${'handoff'.padStart(8)} ${'fallback'.padStart(8)} ${'CSAT'.padStart(5)}`;
  const body = Object.entries(rows).map(
    ([key, f]) =>
      `  ${key.padEnd(12)} ${String(f.conversations).padStart(13)} ${String(f.turns).padStart(7)} ${percent(f.containment_rate).padStart(9)} ${percent(f.handoff_rate).padStart(8)} ${percent(f.fallback_rate).padStart(8)} ${(f.csat_average === null ? '-' : f.csat_average.toFixed(1)).padStart(5)}`,
  );
  return [title, header, ...(body.length ? body : ['  -'])];
}

function row(label: string, value: string): string {
  return `${label.padEnd(20)} ${value}`;
}

function percent(rate: number | null): string {
  return rate === null ? '-' : `${(rate * 100).toFixed(1)} %`;
}

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record);
  return entries.length ? entries.map(([key, n]) => `${key} ${n}`).join(', ') : '-';
}

function csat(stats: Figures): string {
  if (stats.csat_average === null) return '- (0 responses)';
  return `${stats.csat_average.toFixed(2)} / 5 (${stats.csat_responses} responses)`;
}
