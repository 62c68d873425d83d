import type { ChannelName, Reply } from '../core/messages.ts';
import { errorClass } from '../errors.ts';
import type { FlowHandoff } from '../flows/types.ts';
import type { HandoffCase, HandoffStatus } from '../handoff/types.ts';
import type { HandoffReason, HandoffState } from '../core/turn.ts';
import type { Language } from '../../intents/types.ts';
import { sentences, text } from '../i18n/messages.ts';
import { replyOf, say, traceOf, type Turn } from './context.ts';
import { loadTranscript, type Conversation } from './conversation.ts';
import { addUnique } from './transcript.ts';

/** What is kept at `case:<caseId>` (the rating is added when the customer answers). */
export interface CaseRecord {
  caseId: string;
  conversationId: string;
  channel: string;
  reason: HandoffReason;
  urgent: boolean;
  openedAt: string;
  state: HandoffState;
  agentName?: string;
  closedAt?: string;
  outcome?: string;
  rating?: number;
  ratedAt?: string;
}

export function caseKey(caseId: string): string {
  return `case:${caseId}`;
}

/** States in which a handoff is in progress (a second request opens nothing new). */
export function handoffActive(state: HandoffState): boolean {
  return state === 'requested' || state === 'queued' || state === 'claimed' || state === 'relaying';
}

/** States in which a human owns the conversation: the bot relays and stays quiet. */
export function agentOwns(state: HandoffState): boolean {
  return state === 'claimed' || state === 'relaying';
}

export interface HandoffRequest extends Partial<FlowHandoff> {
  reason: HandoffReason;
}

const URGENT_REASONS: ReadonlySet<HandoffReason> = new Set(['fraud']);

/**
 * Applies a handoff decision: marks the conversation, tells the customer how they will be helped,
 * and opens a case on the desk when one is configured. Never throws on desk failure: the customer
 * still gets the contact channels.
 */
export async function requestHandoff(turn: Turn, req: HandoffRequest): Promise<void> {
  const { conv, deps } = turn;
  traceOf(turn).handoffReason = req.reason;
  const urgent = req.urgent === true || URGENT_REASONS.has(req.reason);
  addUnique(conv.riskFlags, req.riskFlags);
  addUnique(conv.linkedTransactions, req.linkedTransactions);
  if (req.note) addUnique(conv.notes, [req.note]);
  if (urgent) addUnique(conv.riskFlags, ['urgent']);

  // A request that never reached the desk (desk down) is retried; otherwise one case at a time.
  const retryOpen = conv.handoff.state === 'requested' && deps.desk !== undefined;
  if (handoffActive(conv.handoff.state) && !retryOpen) {
    if (conv.handoff.state === 'requested') say(turn, 'handoff.requested');
    else say(turn, 'handoff.already_queued');
    return;
  }

  deps.metrics.handoff(req.reason);
  const caseId = deps.newId();
  conv.handoff = { state: 'requested', reason: req.reason, urgent, caseId, requestedAt: turn.at.toISOString() };
  if (urgent) say(turn, 'handoff.urgent');

  const record: CaseRecord = {
    caseId,
    conversationId: conv.conversationId,
    channel: conv.channel,
    reason: req.reason,
    urgent,
    openedAt: turn.at.toISOString(),
    state: 'requested',
  };

  let status: HandoffStatus | undefined;
  if (deps.desk) {
    try {
      status = await deps.desk.open(await buildCase(turn, caseId, req.reason, urgent));
    } catch (error) {
      deps.logger.error(
        { conversationId: conv.conversationId, caseId, err: errorClass(error) },
        'handoff desk open failed',
      );
    }
  }
  if (status?.offerEmailTicket) {
    // Nobody can join now (outside business hours): the case is closed; offer an email ticket.
    conv.handoff.state = 'expired';
    record.state = 'expired';
    record.outcome = 'outside_hours';
    record.closedAt = turn.at.toISOString();
    await offerTicket(turn, caseId, 'outside_hours', 'handoff.outside_hours');
  } else if (status?.deskDelayed) {
    conv.handoff.state = 'queued';
    record.state = 'queued';
    say(turn, 'handoff.desk_delayed');
  } else if (status) {
    conv.handoff.state = status.state === 'requested' ? 'queued' : status.state;
    record.state = conv.handoff.state;
    turn.replies.push(
      replyOf('handoff.queued', queueText(turn.conv.language, status.queuePosition, status.expectedWaitMinutes)),
    );
  } else {
    say(turn, 'handoff.requested');
  }
  await deps.store.set(caseKey(caseId), record, { ttlMs: deps.options.caseTtlMs });
  deps.logger.info(
    { conversationId: conv.conversationId, caseId, reason: req.reason, urgent, state: conv.handoff.state },
    'handoff',
  );
}

/** "An agent will join", with the customer's place in the queue and the expected wait when the desk knows them. */
export function queueText(language: Language, ahead: number | undefined, waitMinutes: number | undefined): string {
  const parts = [text(language, 'handoff.queued')];
  if (ahead !== undefined)
    parts.push(ahead <= 0 ? text(language, 'handoff.queue_next') : text(language, 'handoff.queue_ahead', { ahead }));
  if (waitMinutes !== undefined) parts.push(text(language, 'handoff.queue_wait', { minutes: waitMinutes }));
  parts.push(text(language, 'handoff.keep_writing'));
  return sentences(language, parts);
}

/**
 * Tells the customer no agent can take the case and offers an email ticket through the desk; when
 * the desk cannot make the offer, says `fallback` (the contact channels) instead.
 */
export async function offerTicket(
  turn: Turn,
  caseId: string,
  reason: 'outside_hours' | 'timeout',
  fallback: 'handoff.outside_hours' | 'handoff.expired',
): Promise<void> {
  const { conv, deps } = turn;
  let replies: Reply[] = [];
  if (deps.desk?.prepareTicketOffer) {
    try {
      replies = await deps.desk.prepareTicketOffer(caseId, reason);
    } catch (error) {
      deps.logger.error(
        { conversationId: conv.conversationId, caseId, err: errorClass(error) },
        'email ticket offer failed',
      );
    }
  }
  if (replies.length) turn.replies.push(...replies);
  else say(turn, fallback);
}

/** The customer's answer to a pending email-ticket offer (only after an expired handoff). */
export async function answerTicketOffer(turn: Turn): Promise<Reply[] | undefined> {
  const { conv, deps, event } = turn;
  if (conv.handoff.state !== 'expired' || !deps.desk?.answerTicketOffer) return undefined;
  if (event.input.kind !== 'text' && event.input.kind !== 'action') return undefined;
  return deps.desk.answerTicketOffer(event);
}

/** Everything the agent needs, already redacted (the transcript is stored redacted). */
export async function buildCase(
  turn: Turn,
  caseId: string,
  reason: HandoffReason,
  urgent: boolean,
): Promise<HandoffCase> {
  const { conv, deps } = turn;
  const customer: HandoffCase['customer'] = { verified: identityValid(conv, turn.at) };
  if (conv.identity.customerId) customer.customerId = conv.identity.customerId;
  if (conv.identity.maskedPhone) customer.maskedPhone = conv.identity.maskedPhone;
  if (conv.identity.maskedEmail) customer.maskedEmail = conv.identity.maskedEmail;
  if (customer.verified && customer.customerId && reason !== 'wallet_outage') {
    try {
      const c = await deps.wallet.getCustomer(customer.customerId);
      customer.name = c.name;
      if (c.maskedPhone) customer.maskedPhone = c.maskedPhone;
      if (c.maskedEmail) customer.maskedEmail = c.maskedEmail;
    } catch {
      // the case still opens without the profile
    }
  }
  const handoffCase: HandoffCase = {
    caseId,
    conversationId: conv.conversationId,
    channel: conv.channel as ChannelName,
    language: conv.language,
    reason,
    urgent,
    customer,
    intentTrail: [...conv.intentTrail],
    riskFlags: [...conv.riskFlags],
    linkedTransactions: [...conv.linkedTransactions],
    transcript: await loadTranscript(deps.store, conv, deps.options.transcriptLines, deps.logger),
    summary: summarize(conv, reason, turn.at),
    openedAt: turn.at.toISOString(),
  };
  if (conv.flow) handoffCase.flow = { id: conv.flow.id, step: conv.flow.state.step };
  return handoffCase;
}

/** One line for the agent: why, what about, where the flow stopped, internal notes. */
export function summarize(conv: Conversation, reason: HandoffReason, at: Date): string {
  const lastIntent = [...conv.intentTrail]
    .reverse()
    .find((i) => i.intent !== 'out_of_scope' && i.intent !== 'human_agent');
  const parts = [`${reason.replace(/_/g, ' ')}`];
  if (lastIntent) parts.push(`topic ${lastIntent.intent}`);
  if (conv.flow) parts.push(`flow ${conv.flow.id} at ${conv.flow.state.step}`);
  parts.push(identityValid(conv, at) ? 'verified' : 'not verified');
  if (conv.linkedTransactions.length) parts.push(`tx ${conv.linkedTransactions.join(',')}`);
  if (conv.notes.length) parts.push(`note: ${conv.notes[conv.notes.length - 1] ?? ''}`);
  return parts.join('; ');
}

export function identityValid(conv: Conversation, at: Date): boolean {
  if (!conv.identity.verified) return false;
  if (!conv.identity.expiresAt) return true;
  return Date.parse(conv.identity.expiresAt) > at.getTime();
}
