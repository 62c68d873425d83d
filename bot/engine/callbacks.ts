import type { IncomingEvent, Reply } from '../core/messages.ts';
import type { HandoffCallbacks } from '../handoff/types.ts';
import type { ResolvedDeps, Turn } from './context.ts';
import { say } from './context.ts';
import { loadConversation, saveConversation, type Conversation } from './conversation.ts';
import { reaskFlow } from './flow-runner.ts';
import { caseKey, offerTicket, type CaseRecord } from './handoff.ts';
import { addTranscriptLine } from './transcript.ts';

export function conversationLockKey(conversationId: string): string {
  return `lock:conv:${conversationId}`;
}

export class EngineError extends Error {
  constructor(
    readonly code: 'lock_timeout' | 'event_invalid',
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/**
 * Runs `fn` on the conversation under its lock, saves it and sends what it said through the sink.
 * `fn` returns false to change nothing (unknown case, repeated callback).
 */
async function withConversation(
  deps: ResolvedDeps,
  conversationId: string,
  fn: (turn: Turn) => Promise<boolean>,
): Promise<void> {
  const lock = await deps.store.lock(conversationLockKey(conversationId), {
    ttlMs: deps.options.lockTtlMs,
    waitMs: deps.options.lockWaitMs,
  });
  if (!lock) throw new EngineError('lock_timeout', `conversation ${conversationId} is busy`);
  try {
    const conv = await loadConversation(deps.store, conversationId, deps.logger);
    if (!conv) {
      deps.logger.warn({ conversationId }, 'handoff callback for an unknown conversation');
      return;
    }
    const turn: Turn = { deps, event: syntheticEvent(conv), conv, at: deps.now(), replies: [], intent: null };
    if (!(await fn(turn))) return;
    for (const reply of turn.replies) {
      addTranscriptLine(
        conv,
        { from: 'bot', text: reply.text, at: turn.at.toISOString() },
        deps.options.transcriptLines,
      );
    }
    await saveConversation(deps.store, conv, turn.at, deps.options.conversationTtlMs, deps.options.transcriptLines);
    await deliver(deps, conversationId, turn.replies);
  } finally {
    await lock.release().catch(() => false);
  }
}

function syntheticEvent(conv: Conversation): IncomingEvent {
  return {
    eventId: 'desk',
    channel: conv.channel as IncomingEvent['channel'],
    conversationId: conv.conversationId,
    user: { id: 'desk' },
    input: { kind: 'start' },
  };
}

async function deliver(deps: ResolvedDeps, conversationId: string, replies: Reply[]): Promise<void> {
  if (!replies.length) return;
  if (!deps.sink) {
    deps.logger.warn({ conversationId }, 'no reply sink configured; proactive message dropped');
    return;
  }
  await deps.sink.send(conversationId, replies);
}

async function updateCase(deps: ResolvedDeps, caseId: string, patch: Partial<CaseRecord>): Promise<void> {
  const record = await deps.store.get<CaseRecord>(caseKey(caseId));
  if (!record) return;
  await deps.store.set(caseKey(caseId), { ...record, ...patch }, { ttlMs: deps.options.caseTtlMs });
}

function sameCase(turn: Turn, caseId: string, what: string): boolean {
  if (turn.conv.handoff.caseId === caseId) return true;
  turn.deps.logger.warn(
    { conversationId: turn.conv.conversationId, caseId, what },
    'handoff callback for another case; ignored',
  );
  return false;
}

/** What the desk calls when an agent claims, writes in or closes a case. Each is idempotent. */
export function createHandoffCallbacks(deps: ResolvedDeps): HandoffCallbacks {
  return {
    offersEmailTickets: true,
    async onClaimed(conversationId, caseId, agentName) {
      await withConversation(deps, conversationId, async (turn) => {
        const h = turn.conv.handoff;
        if (!sameCase(turn, caseId, 'claimed')) return false;
        if (h.state !== 'requested' && h.state !== 'queued') return false;
        turn.conv.handoff = { ...h, state: 'claimed', agentName };
        say(turn, 'handoff.agent_joined', { agentName });
        await updateCase(deps, caseId, { state: 'claimed', agentName });
        return true;
      });
    },

    async onAgentMessage(conversationId, caseId, text) {
      await withConversation(deps, conversationId, async (turn) => {
        const h = turn.conv.handoff;
        if (!sameCase(turn, caseId, 'agent_message')) return false;
        if (h.state !== 'claimed' && h.state !== 'relaying' && h.state !== 'queued' && h.state !== 'requested')
          return false;
        turn.conv.handoff = { ...h, state: 'relaying' };
        addTranscriptLine(
          turn.conv,
          { from: 'agent', text: deps.redact(text), at: turn.at.toISOString() },
          deps.options.transcriptLines,
        );
        if (h.state !== 'relaying') await updateCase(deps, caseId, { state: 'relaying' });
        const reply: Reply = { text, from: 'agent' };
        if (h.agentName) reply.agentName = h.agentName;
        await deliver(deps, conversationId, [reply]);
        return true;
      });
    },

    async onClosed(conversationId, caseId, outcome) {
      await withConversation(deps, conversationId, async (turn) => {
        const h = turn.conv.handoff;
        if (!sameCase(turn, caseId, 'closed')) return false;
        if (h.state === 'resolved' || h.state === 'expired' || h.state === 'returned_to_bot' || h.state === 'none')
          return false;
        const conv = turn.conv;
        conv.handoff = { state: outcome, caseId };
        conv.misunderstandings = 0;
        if (outcome === 'expired') {
          await offerTicket(turn, caseId, 'timeout', 'handoff.expired');
          reaskFlow(turn);
        } else {
          if (outcome === 'resolved') {
            // The agent solved it: the bot's flow (if any) is over.
            if (conv.flow) deps.metrics.flowOutcome(conv.flow.id, 'resolved_by_agent');
            conv.flow = undefined;
            conv.verification = undefined;
            say(turn, 'handoff.agent_left_resolved');
          } else {
            say(turn, 'handoff.agent_returned');
          }
          conv.awaitingRatingFor = caseId;
          say(
            turn,
            'rating.ask',
            {},
            [1, 2, 3, 4, 5].map((n) => ({ label: String(n), value: `rating:${n}` })),
          );
          // Handed back mid-flow: the flow goes on from its last question.
          if (outcome === 'returned_to_bot') reaskFlow(turn);
        }
        await updateCase(deps, caseId, { state: outcome, outcome, closedAt: turn.at.toISOString() });
        return true;
      });
    },
  };
}
