import type { ChannelName, IncomingEvent, Reply } from '../core/messages.ts';
import type { HandoffReason, HandoffState } from '../core/turn.ts';

/** Everything an agent needs to pick up a case; every text here is already redacted. */
export interface HandoffCase {
  caseId: string;
  conversationId: string;
  channel: ChannelName;
  language: 'zh' | 'en';
  reason: HandoffReason;
  urgent: boolean;
  customer: { customerId?: string; verified: boolean; maskedPhone?: string; maskedEmail?: string; name?: string };
  intentTrail: { intent: string; confidence: number; at: string }[];
  flow?: { id: string; step: string };
  riskFlags: string[];
  linkedTransactions: string[];
  transcript: { from: 'customer' | 'bot' | 'agent'; text: string; at: string }[];
  summary: string;
  openedAt: string;
}

export interface HandoffStatus {
  caseId: string;
  state: HandoffState;
  agentName?: string;
  /** Open unclaimed cases ahead of this one (0 = next in line). */
  queuePosition?: number;
  expectedWaitMinutes?: number;
  /**
   * True when no agent can take the case now (outside business hours): the customer should be
   * offered an email ticket instead of waiting (see `bot/handoff/tickets.ts`).
   */
  offerEmailTicket?: boolean;
  /** True while the desk could not reach Slack: the case is kept and retried; the customer should be told. */
  deskDelayed?: boolean;
}

/**
 * The human desk (Slack). The engine opens cases and relays customer messages; the desk calls back
 * through `HandoffCallbacks` when an agent claims, writes, resolves or returns the case.
 */
export interface HandoffDesk {
  open(handoffCase: HandoffCase): Promise<HandoffStatus>;
  relayCustomerMessage(caseId: string, text: string): Promise<void>;
  close(caseId: string, outcome: 'resolved' | 'returned_to_bot' | 'expired' | 'customer_left'): Promise<void>;
  /**
   * Stores an email-ticket offer for an expired case (outside hours or unclaimed in time) and
   * returns what the engine tells the customer. [] when the case is unknown.
   */
  prepareTicketOffer?(caseId: string, reason: 'outside_hours' | 'timeout'): Promise<Reply[]>;
  /** The customer's answer to a pending ticket offer; undefined = not an answer (the engine goes on). */
  answerTicketOffer?(event: IncomingEvent): Promise<Reply[] | undefined>;
}

export interface HandoffCallbacks {
  onClaimed(conversationId: string, caseId: string, agentName: string): Promise<void>;
  onAgentMessage(conversationId: string, caseId: string, text: string): Promise<void>;
  onClosed(conversationId: string, caseId: string, outcome: 'resolved' | 'returned_to_bot' | 'expired'): Promise<void>;
  /**
   * True when the engine itself tells the customer about an email-ticket offer and a delayed desk
   * (`HandoffStatus.offerEmailTicket` / `deskDelayed`, `prepareTicketOffer` on `onClosed('expired')`)
   * and answers the offer; the desk then sends no notices of its own.
   */
  readonly offersEmailTickets?: boolean;
}
