import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTurnEventLog } from '../../bot/analytics/event-log.ts';
import { computeStats } from '../../bot/analytics/stats.ts';
import type { TurnEvent } from '../../bot/analytics/turn-event.ts';
import type { Stats, TurnEventLog } from '../../bot/analytics/types.ts';
import { CliError, type CliIo } from '../../bot/cli/io.ts';
import { main } from '../../bot/cli/main.ts';
import { createReportCommand, parseReportArgs } from '../../bot/cli/report.ts';
import { silentLogger } from '../../bot/logger.ts';
import { createStore, type Store } from '../../bot/store/index.ts';
import { answered, date, ev, notUnderstood, thanks } from './events.ts';

const NOW = date('03-14 12:00');
const ENV = { NODE_ENV: 'test', LOG_LEVEL: 'silent', STORE_URL: 'memory:' };

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdin: Readable.from([]),
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: ENV,
    out,
    err,
  };
}

const events: TurnEvent[] = [
  answered('webchat:anna', '03-10 09:00', 'how do I top up', 'top_up'),
  thanks('webchat:anna', '03-10 09:01'),
  notUnderstood('telegram:ben', '03-11 10:00', '帮我算一下房贷', { language: 'zh' }),
  ev({
    who: 'telegram:ben',
    at: '03-11 10:01',
    text: '转人工',
    intent: 'human_agent',
    language: 'zh',
    replyIds: ['handoff.queued'],
    handoff: 'queued',
    handoffReason: 'customer_request',
  }),
  answered('webchat:eve', '03-12 13:00', 'check my balance', 'check_balance'),
  ev({ who: 'webchat:eve', at: '03-12 13:02', button: 'rating:5', rating: 5, replyIds: ['rating.thanks'] }),
];

/** An event log over fixed events, recording which range was read. */
function fixedLog(reads: { from: Date; to: Date }[]): typeof createTurnEventLog {
  return () => ({
    record() {},
    async flush() {},
    async read(from, to) {
      reads.push({ from, to });
      return events.filter((e) => Date.parse(e.at) >= from.getTime() && Date.parse(e.at) < to.getTime());
    },
    async forget() {
      return 0;
    },
    async close() {},
  });
}

describe('parseReportArgs', () => {
  it('defaults to the last 7 days', () => {
    expect(parseReportArgs([], NOW)).toEqual({ from: date('03-07 12:00'), to: NOW, json: false });
    expect(parseReportArgs(['--to', '2025-03-10'], NOW)).toMatchObject({ from: date('03-03 00:00') });
  });

  it('reads dates, times with a zone, channel, language and --json', () => {
    expect(
      parseReportArgs(
        [
          '--from',
          '2025-03-10',
          '--to',
          '2025-03-12T08:00+08:00',
          '--channel',
          'webchat',
          '--language',
          'zh',
          '--json',
        ],
        NOW,
      ),
    ).toEqual({ from: date('03-10 00:00'), to: date('03-12 00:00'), channel: 'webchat', language: 'zh', json: true });
  });

  it.each([
    [['--from', 'yesterday'], /--from: "yesterday" is not a date like 2025-03-01/],
    [['--from', '2025-03-10T08:00'], /a time needs its zone/],
    [['--to', '2025-02-30x'], /--to: "2025-02-30x" is not a date/],
    [['--from', '2025-13-45'], /--from: "2025-13-45" is not a date/],
    [['--from'], /--from needs a value/],
    [['--from', '--json'], /--from needs a value/],
    [['--from', '2025-03-12', '--to', '2025-03-10'], /must be before --to/],
    [['--from', '2023-01-01', '--to', '2025-01-01'], /longer than 366 days/],
    [['--language', 'fr'], /--language must be zh or en/],
    [['--channel', 'web chat!'], /is not a channel name/],
    [['--verbose'], /unknown option "--verbose"/],
  ])('refuses %j with exit code 2', (args, message) => {
    let error: unknown;
    try {
      parseReportArgs(args, NOW);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(message);
  });
});

describe('upay-bot report', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createStore({ url: 'memory:', dataDir: '/tmp/upay-report-unused', logger: silentLogger });
  });
  afterEach(async () => {
    await store.close();
  });

  it('prints the figures as JSON: the same Stats the console serves, reading a day either side', async () => {
    const reads: { from: Date; to: Date }[] = [];
    const report = createReportCommand({ store, createEventLog: fixedLog(reads), now: () => NOW });
    const cli = io();
    const code = await report(['--from', '2025-03-10', '--to', '2025-03-13', '--json'], cli);
    expect(code).toBe(0);
    const stats = JSON.parse(cli.out.join('')) as Stats;
    expect(stats).toEqual(computeStats(events, { from: date('03-10 00:00'), to: date('03-13 00:00') }, NOW));
    expect(stats).toMatchObject({ conversations: 3, handoff_rate: 1 / 3, csat_average: 5, csat_responses: 1 });
    expect(reads).toEqual([{ from: date('03-09 00:00'), to: date('03-14 00:00') }]);
  });

  it('prints a readable table of every figure', async () => {
    const report = createReportCommand({ store, createEventLog: fixedLog([]), now: () => NOW });
    const cli = io();
    expect(await report(['--from', '2025-03-10', '--to', '2025-03-13'], cli)).toBe(0);
    const table = cli.out.join('');
    expect(table).toContain('upay-bot report 2025-03-10T00:00:00.000Z → 2025-03-13T00:00:00.000Z');
    expect(table).toMatch(/^conversations +3$/m);
    expect(table).toMatch(/^turns +6$/m);
    expect(table).toMatch(/^containment +66\.7 % \(0 provisional\)$/m);
    expect(table).toMatch(/^handoff rate +33\.3 %$/m);
    expect(table).toMatch(/^handoffs by reason +customer_request 1$/m);
    expect(table).toMatch(/^CSAT +5\.00 \/ 5 \(1 responses\)$/m);
    expect(table).toMatch(/^fallback rate +20\.0 %$/m);
    expect(table).toMatch(/^ {2}top_up +1$/m);
    expect(table).toMatch(/^ {2}telegram +1 +2 +0\.0 % +100\.0 % +50\.0 % +-$/m);
    expect(table).toMatch(/^ {2}zh +1 /m);
    expect(table).toMatch(/^ {2}2025-03-12 +1 +2 +100\.0 % +0\.0 % +0\.0 % +5\.0$/m);
    expect(table).toMatch(/^daily$/m);
  });

  it('with a channel and language filter, says so', async () => {
    const report = createReportCommand({ store, createEventLog: fixedLog([]), now: () => NOW });
    const cli = io();
    await report(['--from', '2025-03-10', '--to', '2025-03-13', '--channel', 'telegram', '--language', 'zh'], cli);
    expect(cli.out.join('')).toContain('(channel telegram, language zh)');
    expect(cli.out.join('')).toMatch(/^conversations +1$/m);
  });

  it('reads what the engine recorded through the store event log', async (context) => {
    const log: TurnEventLog = createTurnEventLog({ store, logger: silentLogger, retentionDays: 90 });
    for (const event of events) log.record(event);
    await log.flush();
    const recorded = await log.read(date('03-09 00:00'), date('03-14 00:00'));
    await log.close();
    // Until the store-backed event log lands (bot/analytics/event-log.ts is a placeholder that keeps nothing).
    if (recorded.length === 0) context.skip();
    const report = createReportCommand({ store, now: () => NOW });
    const cli = io();
    expect(await report(['--from', '2025-03-10', '--to', '2025-03-13', '--json'], cli)).toBe(0);
    expect(JSON.parse(cli.out.join(''))).toMatchObject({ conversations: 3, turns: 6 });
  });

  it('through main: registered, bad dates exit 2 with a clear message', async () => {
    const cli = io();
    expect(await main(['report', '--from', '10/03/2025'], cli)).toBe(2);
    expect(cli.err.join('')).toMatch(/^upay-bot report: --from: "10\/03\/2025" is not a date like 2025-03-01/);
    const help = io();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out.join('')).toContain('report [--from DATE] [--to DATE]');
  });

  it('through main with the configured (empty) store: zero figures, rates "-"', async () => {
    const cli = io();
    expect(await main(['report'], cli)).toBe(0);
    const table = cli.out.join('');
    expect(table).toMatch(/^conversations +0$/m);
    expect(table).toMatch(/^containment +- \(0 provisional\)$/m);
    // The last 7 days touch 8 UTC dates (7 when the command runs at midnight UTC).
    expect(table.match(/^ {2}\d{4}-\d{2}-\d{2} /gm)?.length).toBeGreaterThanOrEqual(7);
  });
});
