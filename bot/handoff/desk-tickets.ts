import type { IncomingEvent, Reply } from '../core/messages.ts';
import type { DeskCase } from './case-record.ts';
import type { DeskContext } from './desk-context.ts';
import type { TicketReason, TicketRecord } from './tickets.ts';

export type DeskTickets = ReturnType<typeof createDeskTickets>;

/** The desk's side of email tickets: offers for expired cases, and the note on the case once one exists. */
export function createDeskTickets(ctx: DeskContext) {
  const { deps, logger } = ctx;

  function ticketOfferInput(record: DeskCase, reason: TicketReason) {
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

  /** The desk makes the offer itself (an engine that does not offer tickets). */
  async function offerTicket(record: DeskCase, reason: TicketReason): Promise<void> {
    await deps.tickets.offer(ticketOfferInput(record, reason));
  }

  async function prepareTicketOffer(caseId: string, reason: TicketReason): Promise<Reply[]> {
    const record = await ctx.getCase(caseId);
    if (!record) {
      logger.warn({ caseId }, 'ticket offer for an unknown case');
      return [];
    }
    return deps.tickets.prepareOffer(ticketOfferInput(record, reason));
  }

  async function answerTicketOffer(event: IncomingEvent): Promise<Reply[] | undefined> {
    return deps.tickets.handleReply(event);
  }

  async function noteTicket(ticket: TicketRecord): Promise<void> {
    await ctx.withCase(ticket.caseId, async (record) => {
      if (record) await ctx.save({ ...record, ticketRef: ticket.reference });
    });
    await ctx.addNotice(ticket.caseId, `Email ticket ${ticket.reference} created (reply to ${ticket.maskedEmail}).`);
    await ctx.publishUpdate(ticket.caseId);
  }

  return { offerTicket, prepareTicketOffer, answerTicketOffer, noteTicket };
}
