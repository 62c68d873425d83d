import type { Nlu } from '../../intents/types.ts';
import type { TurnEventLog } from '../analytics/types.ts';
import type { Config } from '../config.ts';
import type { KnowledgeBase } from '../core/knowledge.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import type { Teacher } from '../teach/types.ts';
import type { ConsoleAnalytics } from './analytics.ts';
import type { ScryptCost } from './password.ts';

/** What the console's API reads and changes; the plugin passes the app's parts, tests pass fakes. */
export interface ConsoleDeps {
  store: Store;
  events: TurnEventLog;
  teacher: Teacher;
  /** The live model (a retrain swaps it, so it is asked for on every use). */
  nlu(): Nlu;
  knowledge(): KnowledgeBase;
  config: Pick<Config, 'NODE_ENV'>;
  logger: Logger;
  now: () => Date;
  /** The figures over the events (bot/analytics/); the plugin passes CONSOLE_ANALYTICS. */
  analytics: ConsoleAnalytics;
  /** scrypt cost of new passwords and of the dummy work for unknown names; default 2^17·8 (tests pass less). */
  scryptCost?: ScryptCost;
  /** Sign-in attempts per client address and 15 min, whatever the name. Default 30. */
  loginPerAddress?: number;
}
