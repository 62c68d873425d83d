import { keys } from './case-record.ts';
import { createDeskAgentSide } from './desk-agent-side.ts';
import { createDeskContext } from './desk-context.ts';
import { createDeskCustomerSide } from './desk-customer-side.ts';
import { createDeskExpiry } from './desk-expiry.ts';
import { createDeskTickets } from './desk-tickets.ts';
import type { DeskDeps, HandoffDeskService } from './desk-types.ts';

export {
  DEFAULT_DESK_OPTIONS,
  type AgentInput,
  type DeskDeps,
  type DeskOptions,
  type HandoffDeskService,
} from './desk-types.ts';

/**
 * The human handoff desk: case lifecycle (requested → queued → claimed → relaying → resolved, plus
 * expired and returned_to_bot), every transition stored and idempotent, a store-backed outbox
 * towards Slack, business hours, timeouts and email tickets, agent assist.
 */
export function createHandoffDesk(deps: DeskDeps): HandoffDeskService {
  const ctx = createDeskContext(deps);
  const { store, outbox } = ctx;
  const tickets = createDeskTickets(ctx);
  const customerSide = createDeskCustomerSide(ctx, tickets);
  const agentSide = createDeskAgentSide(ctx);
  const { sweep } = createDeskExpiry(ctx, tickets);
  const timers: NodeJS.Timeout[] = [];

  return {
    ...customerSide,
    prepareTicketOffer: tickets.prepareTicketOffer,
    answerTicketOffer: tickets.answerTicketOffer,
    ...agentSide,
    sweep,
    flushOutbox: () => outbox.flushDue(),
    noteTicket: tickets.noteTicket,
    get: (caseId) => ctx.getCase(caseId),
    caseForThread: (threadTs) => store.get<string>(keys.thread(threadTs)),
    start(opts = {}) {
      if (timers.length) return;
      const flushEvery = opts.flushEveryMs ?? 1000;
      const sweepEvery = opts.sweepEveryMs ?? 15_000;
      timers.push(setInterval(() => ctx.track(outbox.flushDue()), flushEvery).unref());
      timers.push(setInterval(() => ctx.track(sweep()), sweepEvery).unref());
      ctx.track(sweep());
    },
    async stop() {
      for (const t of timers.splice(0)) clearInterval(t);
      await this.idle();
    },
    idle: ctx.idle,
  };
}
