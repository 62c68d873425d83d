import { CLOSED_STATES, dequeue, keys } from './case-record.ts';
import type { DeskContext } from './desk-context.ts';
import type { AgentInput } from './desk-types.ts';

/** What agents do from Slack: claim a case, write to the customer (or send a suggested answer), close it. */
export function createDeskAgentSide(ctx: DeskContext) {
  const { deps, store, logger } = ctx;

  async function claim(caseId: string, agent: AgentInput): Promise<void> {
    const claimed = await ctx.withCase(caseId, async (record) => {
      if (!record) return undefined;
      if (record.state !== 'queued' && record.state !== 'requested') {
        if (record.claimedBy?.id !== agent.agentId)
          logger.info({ caseId, state: record.state }, 'claim ignored: case not waiting');
        return undefined;
      }
      const by = await ctx.resolveAgent(agent);
      const next = ctx.transition({ ...record, claimedBy: by }, 'claimed', by);
      await ctx.save(next);
      return next;
    });
    if (!claimed?.claimedBy) return;
    await dequeue(store, caseId);
    await ctx.publishUpdate(caseId);
    const name = claimed.claimedBy.name;
    await ctx.callEngine('claimed', caseId, (cb) => cb.onClaimed(claimed.conversationId, caseId, name));
    logger.info({ caseId, agentId: agent.agentId }, 'handoff case claimed');
  }

  /** Marks the case relaying (first agent message) and relays `text` to the customer. */
  async function relayAgentText(caseId: string, agent: AgentInput, text: string): Promise<boolean> {
    const record = await ctx.withCase(caseId, async (current) => {
      if (!current) return undefined;
      if (current.state !== 'claimed' && current.state !== 'relaying') return undefined;
      if (current.claimedBy?.id !== agent.agentId) return undefined;
      if (current.state === 'claimed') {
        const next = ctx.transition(current, 'relaying', current.claimedBy);
        await ctx.save(next);
        return next;
      }
      return current;
    });
    if (!record) return false;
    try {
      await ctx.callEngine('agent_message', caseId, (cb) => cb.onAgentMessage(record.conversationId, caseId, text));
    } catch (error) {
      logger.error(
        { caseId, err: error instanceof Error ? error.name : 'unknown' },
        'agent message not delivered to the customer',
      );
      await ctx.addNotice(
        caseId,
        ':warning: That message could not be delivered to the customer. Please send it again.',
      );
      ctx.flushSoon(caseId);
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
    if (!relayed)
      logger.debug({ caseId }, 'thread message kept as a note (not the claiming agent or case not claimed)');
  }

  async function sendSuggestion(
    caseId: string,
    agent: AgentInput,
    intent: string,
    locale: 'zh-CN' | 'en',
  ): Promise<void> {
    const answer = deps.assist?.answerFor(intent, locale);
    if (!answer) {
      logger.warn({ caseId, intent }, 'suggested answer not found');
      return;
    }
    if (await relayAgentText(caseId, agent, answer)) {
      await ctx.addNotice(caseId, `Suggested answer (${intent}) sent to the customer by <@${agent.agentId}>.`);
      ctx.flushSoon(caseId);
    }
  }

  async function closeByAgent(
    caseId: string,
    agent: AgentInput,
    outcome: 'resolved' | 'returned_to_bot',
  ): Promise<void> {
    const closed = await ctx.withCase(caseId, async (record) => {
      if (!record || CLOSED_STATES.has(record.state)) return undefined;
      if (record.claimedBy && record.claimedBy.id !== agent.agentId) {
        logger.info({ caseId }, 'close ignored: case owned by another agent');
        return undefined;
      }
      const by = record.claimedBy ?? (await ctx.resolveAgent(agent));
      const next = ctx.transition({ ...record, closedBy: by }, outcome, by, outcome);
      await ctx.save(next);
      return next;
    });
    if (!closed) return;
    await dequeue(store, caseId);
    await ctx.publishUpdate(caseId);
    await ctx.callEngine('closed', caseId, (cb) => cb.onClosed(closed.conversationId, caseId, outcome));
    logger.info({ caseId, outcome }, 'handoff case closed by agent');
  }

  return { claim, agentMessage, sendSuggestion, closeByAgent };
}
