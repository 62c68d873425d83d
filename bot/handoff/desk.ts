import type { IncomingEvent, Reply, ReplySink } from '../core/messages.ts';
import { redact } from '../../intents/redact.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import type { HandoffState } from '../core/turn.ts';
import type { AgentAssist } from './assist.ts';
import { isWithinBusinessHours, type BusinessHours } from './business-hours.ts';
import {
  CLOSED_STATES,
  dequeue,
  enqueue,
  keys,
  readQueue,
  withLock,
  type AgentRef,
  type DeskCase,
  type DeskOutcome,
} from './case-record.ts';
import { createOutbox, type OutboxOptions } from './outbox.ts';
import { deskText } from './texts.ts';
import type { TicketRecord, TicketService } from './tickets.ts';
import type { DeskTransport } from './transport.ts';
import type { HandoffCallbacks, HandoffCase, HandoffDesk, HandoffStatus } from './types.ts';

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

function redactText(text: string): string {
  return redact(text).text;
}

function redactCase(c: HandoffCase): HandoffCase {
  return {
    ...c,
    summary: redactText(c.summary),
    transcript: c.transcript.map((line) => ({ ...line, text: redactText(line.text) })),
  };
}

/**
 * The human handoff desk: case lifecycle (requested → queued → claimed → relaying → resolved, plus
 * expired and returned_to_bot), every transition stored and idempotent, a store-backed outbox
 * towards Slack, business hours, timeouts and email tickets, agent assist.
 */
export function createHandoffDesk(deps: DeskDeps): HandoffDeskService {
  const { store, transport, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const options: DeskOptions = { ...DEFAULT_DESK_OPTIONS, ...deps.options };
  const inFlight = new Set<Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];

  const outbox = createOutbox({
    store,
    transport,
    logger,
    now,
    options: options.outbox,
    onPosted: async (caseId, where) => {
      await store.set(keys.thread(where.ts), caseId, { ttlMs: options.caseTtlMs });
      await withLock(store, keys.caseLock(caseId), async () => {
        const record = await store.get<DeskCase>(keys.case(caseId));
        if (record) await save({ ...record, slack: where });
      });
    },
  });

  function track<T>(work: Promise<T>): void {
    const p = work.catch((error: unknown) => {
      logger.error({ err: error instanceof Error ? `${error.name}:${'code' in error ? String(error.code) : ''}` : 'unknown' }, 'desk background work failed');
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  function later(fn: () => Promise<void>): void {
    track(new Promise<void>((resolve) => setTimeout(resolve, options.followUpDelayMs)).then(fn));
  }

  async function save(record: DeskCase): Promise<void> {
    await store.set(keys.case(record.caseId), record, { ttlMs: options.caseTtlMs });
  }

  function transition(record: DeskCase, state: HandoffState, by?: AgentRef, outcome?: DeskOutcome): DeskCase {
    const entry: DeskCase['history'][number] = { state, at: now().toISOString() };
    if (by) entry.by = by.id;
    if (outcome) entry.outcome = outcome;
    const next: DeskCase = { ...record, state, history: [...record.history, entry] };
    if (outcome) next.outcome = outcome;
    return next;
  }

  async function queueStatus(record: DeskCase): Promise<HandoffStatus> {
    const status: HandoffStatus = { caseId: record.caseId, state: record.state };
    if (record.claimedBy) status.agentName = record.claimedBy.name;
    if (record.state === 'queued' || record.state === 'requested') {
      const ahead = (await readQueue(store)).findIndex((e) => e.caseId === record.caseId);
      if (ahead >= 0) {
        status.queuePosition = ahead;
        status.expectedWaitMinutes = Math.max(1, Math.ceil(ahead * options.avgHandlingMinutes));
      }
    }
    return status;
  }

  async function resolveAgent(agent: AgentInput): Promise<AgentRef> {
    let name: string | undefined;
    try {
      name = await transport.agentName(agent.agentId);
    } catch (error) {
      logger.warn({ agentId: agent.agentId, err: error instanceof Error ? error.name : 'unknown' }, 'agent name lookup failed');
    }
    return { id: agent.agentId, name: name ?? agent.fallbackName ?? 'upay support' };
  }

  function flushSoon(caseId: string): void {
    track(outbox.flushCase(caseId));
  }

  async function callEngine(what: string, caseId: string, fn: (cb: HandoffCallbacks) => Promise<void>): Promise<void> {
    const cb = deps.callbacks();
    if (!cb) {
      logger.error({ caseId, what }, 'desk has no engine callbacks attached');
      return;
    }
    await fn(cb);
  }

  /** The engine makes the offers and tells the customer about delays itself. */
  function engineOffersTickets(): boolean {
    return options.engineOffersTickets || deps.callbacks()?.offersEmailTickets === true;
  }

  function ticketOfferInput(record: DeskCase, reason: 'outside_hours' | 'timeout') {
    const c = record.handoffCase;
    return {
      caseId: record.caseId,
      conversationId: record.conversationId,
      language: c.language,
      reason,
      summary: c.summary,
      ...(c.customer.customerId ? { customerId: c.customer.customerId } : {}),
      ...(c.customer.verified && c.customer.maskedEmail ? { maskedEmail: c.customer.maskedEmail } : {}),
    };
  }

  async function prepareTicketOffer(caseId: string, reason: 'outside_hours' | 'timeout'): Promise<Reply[]> {
    const record = await store.get<DeskCase>(keys.case(caseId));
    if (!record) {
      logger.warn({ caseId }, 'ticket offer for an unknown case');
      return [];
    }
    return deps.tickets.prepareOffer(ticketOfferInput(record, reason));
  }

  async function answerTicketOffer(event: IncomingEvent): Promise<Reply[] | undefined> {
    return deps.tickets.handleReply(event);
  }

  async function offerTicket(record: DeskCase, reason: 'outside_hours' | 'timeout'): Promise<void> {
    await deps.tickets.offer(ticketOfferInput(record, reason));
  }

  async function open(input: HandoffCase): Promise<HandoffStatus> {
    if (!input?.caseId || !input.conversationId) throw new TypeError('handoff case needs caseId and conversationId');
    const existing = await store.get<DeskCase>(keys.case(input.caseId));
    if (existing) return queueStatus(existing);

    const at = now();
    const handoffCase = redactCase(input);
    const outsideHours = !isWithinBusinessHours(deps.businessHours, at);
    let record: DeskCase = {
      version: 1,
      caseId: input.caseId,
      conversationId: input.conversationId,
      handoffCase,
      state: 'requested',
      urgent: input.urgent,
      openedAt: at.toISOString(),
      deadlineAt: new Date(at.getTime() + options.timeoutMs).toISOString(),
      history: [{ state: 'requested', at: at.toISOString() }],
    };

    if (outsideHours) {
      record = transition({ ...record, outsideHours: true }, 'expired', undefined, 'expired');
      await save(record);
      await store.set(keys.conversation(record.conversationId), record.caseId, { ttlMs: options.caseTtlMs });
      await outbox.add(record.caseId, { kind: 'post_case' });
      flushSoon(record.caseId);
      logger.info({ caseId: record.caseId, urgent: record.urgent }, 'handoff outside business hours; email ticket offered');
      if (engineOffersTickets()) return { caseId: record.caseId, state: 'expired', offerEmailTicket: true };
      const opened = record;
      later(async () => {
        await callEngine('expired', opened.caseId, (cb) => cb.onClosed(opened.conversationId, opened.caseId, 'expired'));
        await offerTicket(opened, 'outside_hours');
      });
      return { caseId: record.caseId, state: 'queued', offerEmailTicket: true };
    }

    record = transition(record, 'queued');
    await save(record);
    await store.set(keys.conversation(record.conversationId), record.caseId, { ttlMs: options.caseTtlMs });
    await enqueue(store, { caseId: record.caseId, urgent: record.urgent, openedAt: record.openedAt, deadlineAt: record.deadlineAt });
    await outbox.add(record.caseId, { kind: 'post_case' });
    const flushed = await outbox.flushCase(record.caseId).catch(() => 'pending' as const);
    const status = await queueStatus(record);
    if (flushed === 'pending') {
      status.deskDelayed = true;
    }
    if (flushed === 'pending' && !engineOffersTickets()) {
      const language = record.handoffCase.language;
      const conversationId = record.conversationId;
      later(async () => {
        const sink = deps.sink();
        if (sink) await sink.send(conversationId, [{ text: deskText(language, 'deskDelayed') }]);
      });
    }
    logger.info({ caseId: record.caseId, urgent: record.urgent, queuePosition: status.queuePosition, deskDelayed: flushed === 'pending' }, 'handoff case opened');
    return status;
  }

  async function relayCustomerMessage(caseId: string, text: string): Promise<void> {
    const record = await store.get<DeskCase>(keys.case(caseId));
    if (!record) {
      logger.warn({ caseId }, 'customer message for an unknown case');
      return;
    }
    if (CLOSED_STATES.has(record.state)) return;
    const safe = redactText(text);
    const suggestion = deps.assist?.suggest(safe, record.handoffCase.language);
    await outbox.add(caseId, { kind: 'thread', message: suggestion ? { kind: 'customer', text: safe, suggestion } : { kind: 'customer', text: safe } });
    flushSoon(caseId);
  }

  async function close(caseId: string, outcome: DeskOutcome): Promise<void> {
    const changed = await withLock(store, keys.caseLock(caseId), async () => {
      const record = await store.get<DeskCase>(keys.case(caseId));
      if (!record || CLOSED_STATES.has(record.state)) return false;
      const state: HandoffState = outcome === 'customer_left' ? 'resolved' : outcome;
      await save(transition(record, state, undefined, outcome));
      return true;
    });
    if (!changed) return;
    await dequeue(store, caseId);
    if (outcome === 'customer_left') {
      await outbox.add(caseId, { kind: 'thread', message: { kind: 'notice', text: 'The customer left the conversation.' } });
    }
    await outbox.add(caseId, { kind: 'update_case' });
    flushSoon(caseId);
  }

  async function claim(caseId: string, agent: AgentInput): Promise<void> {
    const claimed = await withLock(store, keys.caseLock(caseId), async () => {
      const record = await store.get<DeskCase>(keys.case(caseId));
      if (!record) return undefined;
      if (record.state !== 'queued' && record.state !== 'requested') {
        if (record.claimedBy?.id !== agent.agentId) logger.info({ caseId, state: record.state }, 'claim ignored: case not waiting');
        return undefined;
      }
      const by = await resolveAgent(agent);
      const next = transition({ ...record, claimedBy: by }, 'claimed', by);
      await save(next);
      return next;
    });
    if (!claimed?.claimedBy) return;
    await dequeue(store, caseId);
    await outbox.add(caseId, { kind: 'update_case' });
    flushSoon(caseId);
    const name = claimed.claimedBy.name;
    await callEngine('claimed', caseId, (cb) => cb.onClaimed(claimed.conversationId, caseId, name));
    logger.info({ caseId, agentId: agent.agentId }, 'handoff case claimed');
  }

  /** Marks the case relaying (first agent message) and relays `text` to the customer. */
  async function relayAgentText(caseId: string, agent: AgentInput, text: string): Promise<boolean> {
    const record = await withLock(store, keys.caseLock(caseId), async () => {
      const current = await store.get<DeskCase>(keys.case(caseId));
      if (!current) return undefined;
      if (current.state !== 'claimed' && current.state !== 'relaying') return undefined;
      if (current.claimedBy?.id !== agent.agentId) return undefined;
      if (current.state === 'claimed') {
        const next = transition(current, 'relaying', current.claimedBy);
        await save(next);
        return next;
      }
      return current;
    });
    if (!record) return false;
    try {
      await callEngine('agent_message', caseId, (cb) => cb.onAgentMessage(record.conversationId, caseId, text));
    } catch (error) {
      logger.error({ caseId, err: error instanceof Error ? error.name : 'unknown' }, 'agent message not delivered to the customer');
      await outbox.add(caseId, { kind: 'thread', message: { kind: 'notice', text: ':warning: That message could not be delivered to the customer. Please send it again.' } });
      flushSoon(caseId);
      return true;
    }
    return true;
  }

  async function agentMessage(threadTs: string, agent: AgentInput, text: string): Promise<void> {
    const caseId = await store.get<string>(keys.thread(threadTs));
    if (!caseId) return;
    const trimmed = text.trim();
    if (!trimmed || trimmed.startsWith('//')) return; // internal note
    const relayed = await relayAgentText(caseId, agent, trimmed);
    if (!relayed) logger.debug({ caseId }, 'thread message kept as a note (not the claiming agent or case not claimed)');
  }

  async function sendSuggestion(caseId: string, agent: AgentInput, intent: string, locale: 'zh-CN' | 'en'): Promise<void> {
    const answer = deps.assist?.answerFor(intent, locale);
    if (!answer) {
      logger.warn({ caseId, intent }, 'suggested answer not found');
      return;
    }
    if (await relayAgentText(caseId, agent, answer)) {
      await outbox.add(caseId, { kind: 'thread', message: { kind: 'notice', text: `Suggested answer (${intent}) sent to the customer by <@${agent.agentId}>.` } });
      flushSoon(caseId);
    }
  }

  async function closeByAgent(caseId: string, agent: AgentInput, outcome: 'resolved' | 'returned_to_bot'): Promise<void> {
    const closed = await withLock(store, keys.caseLock(caseId), async () => {
      const record = await store.get<DeskCase>(keys.case(caseId));
      if (!record || CLOSED_STATES.has(record.state)) return undefined;
      if (record.claimedBy && record.claimedBy.id !== agent.agentId) {
        logger.info({ caseId }, 'close ignored: case owned by another agent');
        return undefined;
      }
      const by = record.claimedBy ?? (await resolveAgent(agent));
      const next = transition({ ...record, closedBy: by }, outcome, by, outcome);
      await save(next);
      return next;
    });
    if (!closed) return;
    await dequeue(store, caseId);
    await outbox.add(caseId, { kind: 'update_case' });
    flushSoon(caseId);
    await callEngine('closed', caseId, (cb) => cb.onClosed(closed.conversationId, caseId, outcome));
    logger.info({ caseId, outcome }, 'handoff case closed by agent');
  }

  async function expire(caseId: string): Promise<void> {
    const expired = await withLock(store, keys.caseLock(caseId), async () => {
      const record = await store.get<DeskCase>(keys.case(caseId));
      if (!record || (record.state !== 'queued' && record.state !== 'requested')) return undefined;
      const next = transition(record, 'expired', undefined, 'expired');
      await save(next);
      return next;
    });
    await dequeue(store, caseId);
    if (!expired) return;
    await outbox.add(caseId, { kind: 'update_case' });
    flushSoon(caseId);
    await callEngine('expired', caseId, (cb) => cb.onClosed(expired.conversationId, caseId, 'expired'));
    // An engine that offers tickets did so in onClosed (one consistent message).
    if (!engineOffersTickets()) await offerTicket(expired, 'timeout');
    logger.info({ caseId }, 'handoff case expired unclaimed');
  }

  async function sweep(at: Date = now()): Promise<void> {
    const due = (await readQueue(store)).filter((e) => Date.parse(e.deadlineAt) <= at.getTime());
    for (const entry of due) {
      try {
        await expire(entry.caseId);
      } catch (error) {
        logger.warn({ caseId: entry.caseId, err: error instanceof Error ? error.name : 'unknown' }, 'expiring a case failed; next sweep retries');
      }
    }
    await outbox.flushDue();
  }

  async function noteTicket(ticket: TicketRecord): Promise<void> {
    await withLock(store, keys.caseLock(ticket.caseId), async () => {
      const record = await store.get<DeskCase>(keys.case(ticket.caseId));
      if (record) await save({ ...record, ticketRef: ticket.reference });
    });
    await outbox.add(ticket.caseId, {
      kind: 'thread',
      message: { kind: 'notice', text: `Email ticket ${ticket.reference} created (reply to ${ticket.maskedEmail}).` },
    });
    await outbox.add(ticket.caseId, { kind: 'update_case' });
    flushSoon(ticket.caseId);
  }

  return {
    open,
    relayCustomerMessage,
    close,
    prepareTicketOffer,
    answerTicketOffer,
    claim,
    closeByAgent,
    agentMessage,
    sendSuggestion,
    sweep,
    flushOutbox: () => outbox.flushDue(),
    noteTicket,
    get: (caseId) => store.get<DeskCase>(keys.case(caseId)),
    caseForThread: (threadTs) => store.get<string>(keys.thread(threadTs)),
    start(opts = {}) {
      if (timers.length) return;
      const flushEvery = opts.flushEveryMs ?? 1000;
      const sweepEvery = opts.sweepEveryMs ?? 15_000;
      timers.push(setInterval(() => track(outbox.flushDue()), flushEvery).unref());
      timers.push(setInterval(() => track(sweep()), sweepEvery).unref());
      track(sweep());
    },
    async stop() {
      for (const t of timers.splice(0)) clearInterval(t);
      await this.idle();
    },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
