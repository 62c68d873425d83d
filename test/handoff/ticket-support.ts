import { expect } from 'vitest';
import type { IncomingEvent } from '../../bot/core/messages.ts';
import { ticketKeys, type TicketRecord, type TicketService } from '../../bot/handoff/tickets.ts';
import type { Store } from '../../bot/store/types.ts';

/** A customer's text message in a Telegram conversation, as the ticket service sees a reply. */
export function customerText(conversationId: string, text: string, eventId = `e${Math.random()}`): IncomingEvent {
  return { eventId, channel: 'telegram', conversationId, user: { id: 'u1' }, input: { kind: 'text', text } };
}

/**
 * Expects the stored ticket to match `expected` (its masked address among it) and the address the
 * customer typed to be kept apart: not in the ticket, only in its contact record. Returns the ticket.
 */
export async function expectAddressKeptApart(
  store: Store,
  tickets: TicketService,
  ticketId: string,
  email: string,
  expected: Partial<TicketRecord>,
): Promise<TicketRecord | undefined> {
  const ticket = await store.get<TicketRecord>(ticketKeys.ticket(ticketId));
  expect(ticket).toMatchObject(expected);
  expect(JSON.stringify(ticket)).not.toContain(email);
  expect(await tickets.contactEmail(ticketId)).toBe(email);
  return ticket;
}
