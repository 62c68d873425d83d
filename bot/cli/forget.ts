/**
 * `upay-bot forget --customer ID [--json]` — erases one customer's conversations, cases, in-app
 * sessions and chat logs (and tickets, desk pointers, the customer index) from the configured
 * store (STORE_URL, or lowdb under DATA_DIR, exactly like the server), with the turn events of those
 * conversations (bot/analytics/event-log.ts), and prints what was deleted (the records; events are not counted).
 * Safe to run while the service runs on Redis/PostgreSQL; with the embedded lowdb store, stop the
 * server first (lowdb is single-process).
 */
import { createLogger } from '../logger.ts';
import { describeCounts, forgetCustomer } from '../privacy/forget.ts';
import { createStore, storeOptionsOf } from '../store/index.ts';
import { createTurnEventLog } from '../analytics/event-log.ts';
import { cliConfig } from './config.ts';
import { CliError, type CliCommand } from './io.ts';

const USAGE = 'usage: upay-bot forget --customer ID [--json]';

export function parseForgetArgs(args: string[]): { customerId: string; json: boolean } {
  let customerId: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--customer') {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new CliError(`--customer needs a value (${USAGE})`, 2);
      if (!/^[A-Za-z0-9_-]{1,64}$/u.test(value))
        throw new CliError(`--customer: "${value}" is not a customer id like C1001`, 2);
      customerId = value;
      i++;
    } else if (arg === '--help' || arg === '-h') throw new CliError(USAGE, 0);
    else throw new CliError(`unknown option "${arg}" (${USAGE})`, 2);
  }
  if (!customerId) throw new CliError(`--customer is required (${USAGE})`, 2);
  return { customerId, json };
}

export const runForgetCommand: CliCommand = async (args, io) => {
  const { customerId, json } = parseForgetArgs(args);
  const config = cliConfig(io.env);
  const logger = createLogger({ level: 'silent' });
  const store = await createStore(storeOptionsOf(config, logger));
  // The turn events (support console analytics) kept in the same store, as the server writes them.
  const events = createTurnEventLog({ store, logger, retentionDays: config.RETENTION_DAYS });
  try {
    const result = await forgetCustomer(store, customerId, { events });
    if (json) io.stdout.write(`${JSON.stringify({ customerId, counts: result.counts })}\n`);
    else io.stdout.write(`forgot customer ${customerId}: deleted ${describeCounts(result.counts)}\n`);
    return 0;
  } finally {
    await events.close();
    await store.close();
  }
};
