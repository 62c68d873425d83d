import { dequeue, readQueue } from './case-record.ts';
import type { DeskContext } from './desk-context.ts';
import type { DeskTickets } from './desk-tickets.ts';

/** Unclaimed cases past their deadline expire (the customer is offered an email ticket); the sweep also retries the outbox. */
export function createDeskExpiry(ctx: DeskContext, tickets: DeskTickets) {
  const { store, logger, outbox } = ctx;

  async function expire(caseId: string): Promise<void> {
    const expired = await ctx.withCase(caseId, async (record) => {
      if (!record || (record.state !== 'queued' && record.state !== 'requested')) return undefined;
      const next = ctx.transition(record, 'expired', undefined, 'expired');
      await ctx.save(next);
      return next;
    });
    await dequeue(store, caseId);
    if (!expired) return;
    await ctx.publishUpdate(caseId);
    await ctx.callEngine('expired', caseId, (cb) => cb.onClosed(expired.conversationId, caseId, 'expired'));
    // An engine that offers tickets did so in onClosed (one consistent message).
    if (!ctx.engineOffersTickets()) await tickets.offerTicket(expired, 'timeout');
    logger.info({ caseId }, 'handoff case expired unclaimed');
  }

  async function sweep(at: Date = ctx.now()): Promise<void> {
    const due = (await readQueue(store)).filter((e) => Date.parse(e.deadlineAt) <= at.getTime());
    for (const entry of due) {
      try {
        await expire(entry.caseId);
      } catch (error) {
        logger.warn(
          { caseId: entry.caseId, err: error instanceof Error ? error.name : 'unknown' },
          'expiring a case failed; next sweep retries',
        );
      }
    }
    await outbox.flushDue();
  }

  return { sweep };
}
