import type { Button, IncomingEvent, Reply, ReplySink } from '../core/messages.ts';
import { extractEntities } from '../../intents/entities.ts';
import { maskEmail, redact } from '../../intents/redact.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { localParts } from './business-hours.ts';
import { withLock } from './case-record.ts';
import { text } from '../i18n/messages.ts';
import type { Language } from '../../intents/types.ts';

export type TicketReason = 'outside_hours' | 'timeout';

/**
 * An email ticket instead of a live agent, kept at `ticket:<reference>` (ticketTtlMs). It holds the
 * address masked only; an address the customer typed is kept apart (TicketContact) for as long as
 * the ticket needs it to be answered (contactTtlMs).
 */
export interface TicketRecord {
  reference: string;
  caseId: string;
  conversationId: string;
  language: Language;
  reason: TicketReason;
  customerId?: string;
  /** True: reply to the verified customer's address on file (nothing typed is kept). */
  emailOnFile: boolean;
  maskedEmail: string;
  summary: string;
  createdAt: string;
}

/**
 * The address the customer typed, at `ticket:<reference>:contact` until contactTtlMs. Under the
 * `ticket:` prefix and with the ticket's ids, so `forget` and retention find it with the ticket.
 */
export interface TicketContact {
  reference: string;
  caseId: string;
  conversationId: string;
  customerId?: string;
  email: string;
  createdAt: string;
}

/** A pending offer at `handoff:ticket-offer:<conversationId>`. */
export interface TicketOffer {
  caseId: string;
  conversationId: string;
  language: Language;
  reason: TicketReason;
  customerId?: string;
  /** The verified customer's masked address on file, if any. */
  maskedEmail?: string;
  summary: string;
  step: 'confirm' | 'ask_email';
  expiresAt: string;
}

export const ticketKeys = {
  ticket: (reference: string) => `ticket:${reference}`,
  contact: (reference: string) => `ticket:${reference}:contact`,
  offer: (conversationId: string) => `handoff:ticket-offer:${conversationId}`,
  sequence: (ymd: string) => `handoff:ticket-seq:${ymd}`,
  event: (channel: string, eventId: string) => `handoff:ticket-event:${channel}:${eventId}`,
};

export const TICKET_ACTION = { yes: 'ticket:yes:', other: 'ticket:other:', no: 'ticket:no:' } as const;

const YES = new Set([
  'yes',
  'y',
  'ok',
  'okay',
  'sure',
  'please',
  'yes please',
  '好',
  '好的',
  '是',
  '是的',
  '可以',
  '需要',
  '行',
  '嗯',
]);
const NO = new Set([
  'no',
  'n',
  'no thanks',
  'no thank you',
  'nope',
  '不',
  '不用',
  '不用了',
  '不要',
  '不需要',
  '算了',
  '取消',
  'cancel',
]);

function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s!！.。,，?？~～]+/gu, ' ')
    .trim();
}

export interface TicketServiceDeps {
  store: Store;
  logger: Logger;
  now: () => Date;
  /** Proactive messages to the customer (the offer after a timeout). */
  sink: () => ReplySink | undefined;
  /** Time zone of the reference date (business hours). */
  timeZone: string;
  /** The agents' hours in the customer's language, for the outside-hours text. */
  hoursText: (language: Language) => string;
  replyHours: number;
  /** How long an offer waits for an answer. Default 24 h. */
  offerTtlMs?: number;
  /** Tickets are kept this long. Default 90 days. */
  ticketTtlMs?: number;
  /** A typed address is kept this long, to answer the ticket. Default 14 days (replies are promised within replyHours). */
  contactTtlMs?: number;
  /** Told when a ticket is created (the desk notes it on the case). */
  onTicketCreated?: (ticket: TicketRecord) => Promise<void>;
}

/**
 * Email tickets: the offer (confirm the known masked address or type one), the case reference
 * `UP-YYYYMMDD-NNNN` (per-day sequence in the business time zone) and the record `ticket:<ref>`.
 */
export function createTicketService(deps: TicketServiceDeps) {
  const { store, logger } = deps;
  const offerTtlMs = deps.offerTtlMs ?? 24 * 3600_000;
  const ticketTtlMs = deps.ticketTtlMs ?? 90 * 24 * 3600_000;
  const contactTtlMs = Math.min(deps.contactTtlMs ?? 14 * 24 * 3600_000, ticketTtlMs);

  function offerReplies(offer: TicketOffer): Reply[] {
    const lang = offer.language;
    const intro =
      offer.reason === 'outside_hours'
        ? text(lang, 'desk.offer_outside_hours', { hours: deps.hoursText(lang) })
        : text(lang, 'desk.offer_timeout');
    if (offer.maskedEmail) {
      const buttons: Button[] = [
        {
          label: text(lang, 'desk.button_use_email', { maskedEmail: offer.maskedEmail }),
          value: `${TICKET_ACTION.yes}${offer.caseId}`,
        },
        { label: text(lang, 'desk.button_other_email'), value: `${TICKET_ACTION.other}${offer.caseId}` },
        { label: text(lang, 'desk.button_no_ticket'), value: `${TICKET_ACTION.no}${offer.caseId}` },
      ];
      return [
        {
          id: 'desk.offer_known_email',
          text: `${intro} ${text(lang, 'desk.offer_known_email', { maskedEmail: offer.maskedEmail, replyHours: deps.replyHours })}`,
          buttons,
        },
      ];
    }
    return [
      {
        id: 'desk.offer_ask_email',
        text: `${intro} ${text(lang, 'desk.offer_ask_email', { replyHours: deps.replyHours })}`,
        buttons: [{ label: text(lang, 'desk.button_no_ticket'), value: `${TICKET_ACTION.no}${offer.caseId}` }],
      },
    ];
  }

  /** Stores the offer and returns what to tell the customer. */
  async function prepareOffer(input: Omit<TicketOffer, 'step' | 'expiresAt'>): Promise<Reply[]> {
    const offer: TicketOffer = {
      ...input,
      step: input.maskedEmail ? 'confirm' : 'ask_email',
      expiresAt: new Date(deps.now().getTime() + offerTtlMs).toISOString(),
    };
    await store.set(ticketKeys.offer(input.conversationId), offer, { ttlMs: offerTtlMs });
    return offerReplies(offer);
  }

  /** Stores the offer and sends it on the customer's channel. */
  async function offer(input: Omit<TicketOffer, 'step' | 'expiresAt'>): Promise<void> {
    const replies = await prepareOffer(input);
    const sink = deps.sink();
    if (!sink) {
      logger.warn(
        { conversationId: input.conversationId, caseId: input.caseId },
        'no reply sink; email ticket offer not sent',
      );
      return;
    }
    await sink.send(input.conversationId, replies);
  }

  async function nextReference(at: Date): Promise<string> {
    const { ymd } = localParts(at, deps.timeZone);
    return withLock(store, `${ticketKeys.sequence(ymd)}:lock`, async () => {
      const n = ((await store.get<number>(ticketKeys.sequence(ymd))) ?? 0) + 1;
      await store.set(ticketKeys.sequence(ymd), n, { ttlMs: 3 * 24 * 3600_000 });
      return `UP-${ymd}-${String(n).padStart(4, '0')}`;
    });
  }

  async function createTicket(offer: TicketOffer, email: string | undefined): Promise<TicketRecord> {
    const at = deps.now();
    const reference = await nextReference(at);
    const ticket: TicketRecord = {
      reference,
      caseId: offer.caseId,
      conversationId: offer.conversationId,
      language: offer.language,
      reason: offer.reason,
      emailOnFile: email === undefined,
      maskedEmail: email ? maskEmail(email) : (offer.maskedEmail ?? ''),
      // Redacted again: the summary may quote what the customer typed.
      summary: redact(offer.summary).text,
      createdAt: at.toISOString(),
    };
    if (offer.customerId) ticket.customerId = offer.customerId;
    if (email) {
      const contact: TicketContact = {
        reference,
        caseId: offer.caseId,
        conversationId: offer.conversationId,
        email,
        createdAt: ticket.createdAt,
      };
      if (offer.customerId) contact.customerId = offer.customerId;
      await store.set(ticketKeys.contact(reference), contact, { ttlMs: contactTtlMs });
    }
    await store.set(ticketKeys.ticket(reference), ticket, { ttlMs: ticketTtlMs });
    logger.info({ caseId: offer.caseId, reference, reason: offer.reason }, 'email ticket created');
    if (deps.onTicketCreated) {
      try {
        await deps.onTicketCreated(ticket);
      } catch (error) {
        logger.warn(
          { caseId: offer.caseId, err: error instanceof Error ? error.name : 'unknown' },
          'ticket note on the case failed',
        );
      }
    }
    return ticket;
  }

  /**
   * Answers the customer's reply to a pending offer; undefined = not an answer to the offer (the
   * engine handles the message, the offer stays until it expires).
   */
  async function handleReply(event: IncomingEvent): Promise<Reply[] | undefined> {
    const key = ticketKeys.offer(event.conversationId);
    const pending = await store.get<TicketOffer>(key);
    if (!pending || Date.parse(pending.expiresAt) <= deps.now().getTime()) return undefined;
    const input = event.input;
    return withLock(store, `${key}:lock`, async () => {
      const offer = await store.get<TicketOffer>(key);
      if (!offer) return undefined;
      const lang = offer.language;
      const done = async (email: string | undefined): Promise<Reply[]> => {
        await store.delete(key);
        const ticket = await createTicket(offer, email);
        return [
          {
            id: 'desk.ticket_created',
            text: text(lang, 'desk.ticket_created', {
              reference: ticket.reference,
              maskedEmail: ticket.maskedEmail,
              replyHours: deps.replyHours,
            }),
          },
        ];
      };
      const decline = async (): Promise<Reply[]> => {
        await store.delete(key);
        return [{ id: 'desk.ticket_declined', text: text(lang, 'desk.ticket_declined') }];
      };

      if (input.kind === 'action') {
        if (input.value === `${TICKET_ACTION.yes}${offer.caseId}` && offer.maskedEmail) return done(undefined);
        if (input.value === `${TICKET_ACTION.no}${offer.caseId}`) return decline();
        if (input.value === `${TICKET_ACTION.other}${offer.caseId}`) {
          await store.set(
            key,
            { ...offer, step: 'ask_email' },
            { ttlMs: Math.max(1, Date.parse(offer.expiresAt) - deps.now().getTime()) },
          );
          return [{ id: 'desk.ask_email', text: text(lang, 'desk.ask_email') }];
        }
        return undefined;
      }
      if (input.kind !== 'text') return undefined;
      const email = extractEntities(input.text).find((e) => e.entity === 'email');
      if (email) return done(email.value);
      const answer = normalizeAnswer(input.text);
      if (NO.has(answer)) return decline();
      if (YES.has(answer)) {
        if (offer.step === 'confirm' && offer.maskedEmail) return done(undefined);
        return [{ id: 'desk.ask_email', text: text(lang, 'desk.ask_email') }];
      }
      if (input.text.includes('@')) return [{ id: 'desk.bad_email', text: text(lang, 'desk.bad_email') }];
      return undefined;
    });
  }

  /** The address the customer typed for a ticket, while it is kept (undefined: on file, or expired). */
  async function contactEmail(reference: string): Promise<string | undefined> {
    return (await store.get<TicketContact>(ticketKeys.contact(reference)))?.email;
  }

  return { offer, prepareOffer, handleReply, createTicket, contactEmail };
}

export type TicketService = ReturnType<typeof createTicketService>;
