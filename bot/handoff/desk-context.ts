import { redact } from '../../intents/redact.ts';
import type { HandoffState } from '../core/turn.ts';
import { keys, readQueue, withLock, type AgentRef, type DeskCase, type DeskOutcome } from './case-record.ts';
import { DEFAULT_DESK_OPTIONS, type AgentInput, type DeskDeps, type DeskOptions } from './desk-types.ts';
import { createOutbox } from './outbox.ts';
import type { HandoffCallbacks, HandoffStatus } from './types.ts';

export type DeskContext = ReturnType<typeof createDeskContext>;

export function redactText(text: string): string {
  return redact(text).text;
}

/**
 * What every part of the desk shares: the store records of cases, the outbox towards Slack, the
 * background work it waits for on `idle`, and the late-bound engine callbacks.
 */
export function createDeskContext(deps: DeskDeps) {
  const { store, transport, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const options: DeskOptions = { ...DEFAULT_DESK_OPTIONS, ...deps.options };
  const inFlight = new Set<Promise<unknown>>();

  const outbox = createOutbox({
    store,
    transport,
    logger,
    now,
    options: options.outbox,
    onPosted: async (caseId, where) => {
      await store.set(keys.thread(where.ts), caseId, { ttlMs: options.caseTtlMs });
      await withCase(caseId, async (record) => {
        if (record) await save({ ...record, slack: where });
      });
    },
  });

  function track<T>(work: Promise<T>): void {
    const p = work.catch((error: unknown) => {
      logger.error(
        { err: error instanceof Error ? `${error.name}:${'code' in error ? String(error.code) : ''}` : 'unknown' },
        'desk background work failed',
      );
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  function later(fn: () => Promise<void>): void {
    track(new Promise<void>((resolve) => setTimeout(resolve, options.followUpDelayMs)).then(fn));
  }

  async function idle(): Promise<void> {
    while (inFlight.size) await Promise.all([...inFlight]);
  }

  function getCase(caseId: string): Promise<DeskCase | undefined> {
    return store.get<DeskCase>(keys.case(caseId));
  }

  /** Runs `fn` on the stored case (undefined when unknown) while holding the case lock. */
  function withCase<T>(caseId: string, fn: (record: DeskCase | undefined) => Promise<T>): Promise<T> {
    return withLock(store, keys.caseLock(caseId), async () => fn(await getCase(caseId)));
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
      logger.warn(
        { agentId: agent.agentId, err: error instanceof Error ? error.name : 'unknown' },
        'agent name lookup failed',
      );
    }
    return { id: agent.agentId, name: name ?? agent.fallbackName ?? 'upay support' };
  }

  function flushSoon(caseId: string): void {
    track(outbox.flushCase(caseId));
  }

  /** Queues a note for the agents in the case's thread (sent with the next flush). */
  async function addNotice(caseId: string, text: string): Promise<void> {
    await outbox.add(caseId, { kind: 'thread', message: { kind: 'notice', text } });
  }

  /** Re-renders the case message in Slack after a state change. */
  async function publishUpdate(caseId: string): Promise<void> {
    await outbox.add(caseId, { kind: 'update_case' });
    flushSoon(caseId);
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

  return {
    deps,
    store,
    logger,
    now,
    options,
    outbox,
    track,
    later,
    idle,
    getCase,
    withCase,
    save,
    transition,
    queueStatus,
    resolveAgent,
    flushSoon,
    addNotice,
    publishUpdate,
    callEngine,
    engineOffersTickets,
  };
}
