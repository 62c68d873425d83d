import type { ReplySink } from '../core/messages.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import type { AgentAssist } from './assist.ts';
import type { BusinessHours } from './business-hours.ts';
import type { DeskCase } from './case-record.ts';
import type { OutboxOptions } from './outbox.ts';
import type { TicketRecord, TicketService } from './tickets.ts';
import type { DeskTransport } from './transport.ts';
import type { HandoffCallbacks, HandoffDesk } from './types.ts';

export interface DeskOptions {
  /** An unclaimed case expires after this long (HANDOFF_TIMEOUT_MS). Default 10 min. */
  timeoutMs: number;
  /** Expected wait = max(1, cases ahead × this). Default 5. */
  avgHandlingMinutes: number;
  /** Desk records are kept this long. Default 90 days. */
  caseTtlMs: number;
  /**
   * false (default): unless the engine's callbacks say `offersEmailTickets`, out of hours the desk
   * returns `queued`, then closes the case as `expired` through `onClosed` and sends the offer
   * itself; it also sends its own "desk delayed" notice and the offer after a timeout.
   * true (or an engine with `offersEmailTickets`): `open` returns `expired` + `offerEmailTicket`
   * (or `deskDelayed`) and the engine tells the customer, makes the offer and answers it
   * (`prepareTicketOffer`, `answerTicketOffer`); the desk sends none of those notices.
   */
  engineOffersTickets: boolean;
  /** Delay before proactive messages that follow an engine turn (so the turn's own replies go first). Default 300 ms. */
  followUpDelayMs: number;
  outbox: Partial<OutboxOptions>;
}

export const DEFAULT_DESK_OPTIONS: DeskOptions = {
  timeoutMs: 600_000,
  avgHandlingMinutes: 5,
  caseTtlMs: 90 * 24 * 3600_000,
  engineOffersTickets: false,
  followUpDelayMs: 300,
  outbox: {},
};

export interface DeskDeps {
  store: Store;
  transport: DeskTransport;
  logger: Logger;
  /** The engine's callbacks (late-bound: the engine is built around the desk). */
  callbacks: () => HandoffCallbacks | undefined;
  /** The customer channels, for notices the engine does not send. */
  sink: () => ReplySink | undefined;
  tickets: TicketService;
  businessHours: BusinessHours;
  assist?: AgentAssist;
  now?: () => Date;
  options?: Partial<DeskOptions>;
}

/** What an agent pressed or wrote, already parsed from the platform. */
export interface AgentInput {
  agentId: string;
  /** A name from the payload, used when users.info cannot be reached. */
  fallbackName?: string;
}

export interface HandoffDeskService extends HandoffDesk {
  claim(caseId: string, agent: AgentInput): Promise<void>;
  closeByAgent(caseId: string, agent: AgentInput, outcome: 'resolved' | 'returned_to_bot'): Promise<void>;
  agentMessage(threadTs: string, agent: AgentInput, text: string): Promise<void>;
  sendSuggestion(caseId: string, agent: AgentInput, intent: string, locale: 'zh-CN' | 'en'): Promise<void>;
  /** Expires unclaimed cases past their deadline and retries the outbox. */
  sweep(now?: Date): Promise<void>;
  flushOutbox(): Promise<void>;
  noteTicket(ticket: TicketRecord): Promise<void>;
  get(caseId: string): Promise<DeskCase | undefined>;
  caseForThread(threadTs: string): Promise<string | undefined>;
  /** Starts the retry/sweep timers. */
  start(opts?: { flushEveryMs?: number; sweepEveryMs?: number }): void;
  stop(): Promise<void>;
  /** Resolves when background work started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
}
