import type { HandoffState } from '../core/turn.ts';
import { isWithinBusinessHours } from './business-hours.ts';
import { CLOSED_STATES, dequeue, enqueue, keys, type DeskCase, type DeskOutcome } from './case-record.ts';
import { redactText, type DeskContext } from './desk-context.ts';
import type { DeskTickets } from './desk-tickets.ts';
import { text } from '../i18n/messages.ts';
import type { HandoffCase, HandoffStatus } from './types.ts';

function redactCase(c: HandoffCase): HandoffCase {
  return {
    ...c,
    summary: redactText(c.summary),
    transcript: c.transcript.map((line) => ({ ...line, text: redactText(line.text) })),
  };
}

/** What the engine does on the customer's behalf: open a case, relay the customer's messages, close it. */
export function createDeskCustomerSide(ctx: DeskContext, tickets: DeskTickets) {
  const { deps, store, logger, options, outbox } = ctx;

  /** Out of hours nobody can take the case: it is closed as expired at once and an email ticket offered. */
  async function openOutsideHours(record: DeskCase): Promise<HandoffStatus> {
    const expired = ctx.transition({ ...record, outsideHours: true }, 'expired', undefined, 'expired');
    await ctx.save(expired);
    await store.set(keys.conversation(expired.conversationId), expired.caseId, { ttlMs: options.caseTtlMs });
    await outbox.add(expired.caseId, { kind: 'post_case' });
    ctx.flushSoon(expired.caseId);
    logger.info(
      { caseId: expired.caseId, urgent: expired.urgent },
      'handoff outside business hours; email ticket offered',
    );
    if (ctx.engineOffersTickets()) return { caseId: expired.caseId, state: 'expired', offerEmailTicket: true };
    ctx.later(async () => {
      await ctx.callEngine('expired', expired.caseId, (cb) =>
        cb.onClosed(expired.conversationId, expired.caseId, 'expired'),
      );
      await tickets.offerTicket(expired, 'outside_hours');
    });
    return { caseId: expired.caseId, state: 'queued', offerEmailTicket: true };
  }

  async function open(input: HandoffCase): Promise<HandoffStatus> {
    if (!input?.caseId || !input.conversationId) throw new TypeError('handoff case needs caseId and conversationId');
    const existing = await ctx.getCase(input.caseId);
    if (existing) return ctx.queueStatus(existing);

    const at = ctx.now();
    const requested: DeskCase = {
      version: 1,
      caseId: input.caseId,
      conversationId: input.conversationId,
      handoffCase: redactCase(input),
      state: 'requested',
      urgent: input.urgent,
      openedAt: at.toISOString(),
      deadlineAt: new Date(at.getTime() + options.timeoutMs).toISOString(),
      history: [{ state: 'requested', at: at.toISOString() }],
    };
    if (!isWithinBusinessHours(deps.businessHours, at)) return openOutsideHours(requested);

    const record = ctx.transition(requested, 'queued');
    await ctx.save(record);
    await store.set(keys.conversation(record.conversationId), record.caseId, { ttlMs: options.caseTtlMs });
    await enqueue(store, {
      caseId: record.caseId,
      urgent: record.urgent,
      openedAt: record.openedAt,
      deadlineAt: record.deadlineAt,
    });
    await outbox.add(record.caseId, { kind: 'post_case' });
    const flushed = await outbox.flushCase(record.caseId).catch(() => 'pending' as const);
    const status = await ctx.queueStatus(record);
    if (flushed === 'pending') {
      status.deskDelayed = true;
    }
    if (flushed === 'pending' && !ctx.engineOffersTickets()) {
      const language = record.handoffCase.language;
      const conversationId = record.conversationId;
      ctx.later(async () => {
        const sink = deps.sink();
        if (sink) await sink.send(conversationId, [{ id: 'desk.delayed', text: text(language, 'desk.delayed') }]);
      });
    }
    logger.info(
      {
        caseId: record.caseId,
        urgent: record.urgent,
        queuePosition: status.queuePosition,
        deskDelayed: flushed === 'pending',
      },
      'handoff case opened',
    );
    return status;
  }

  async function relayCustomerMessage(caseId: string, text: string): Promise<void> {
    const record = await ctx.getCase(caseId);
    if (!record) {
      logger.warn({ caseId }, 'customer message for an unknown case');
      return;
    }
    if (CLOSED_STATES.has(record.state)) return;
    const safe = redactText(text);
    const suggestion = deps.assist?.suggest(safe, record.handoffCase.language);
    await outbox.add(caseId, {
      kind: 'thread',
      message: suggestion ? { kind: 'customer', text: safe, suggestion } : { kind: 'customer', text: safe },
    });
    ctx.flushSoon(caseId);
  }

  async function close(caseId: string, outcome: DeskOutcome): Promise<void> {
    const changed = await ctx.withCase(caseId, async (record) => {
      if (!record || CLOSED_STATES.has(record.state)) return false;
      const state: HandoffState = outcome === 'customer_left' ? 'resolved' : outcome;
      await ctx.save(ctx.transition(record, state, undefined, outcome));
      return true;
    });
    if (!changed) return;
    await dequeue(store, caseId);
    if (outcome === 'customer_left') await ctx.addNotice(caseId, 'The customer left the conversation.');
    await ctx.publishUpdate(caseId);
  }

  return { open, relayCustomerMessage, close };
}
