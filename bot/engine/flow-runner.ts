import type { Entity } from '../../intents/types.ts';
import type { FlowId } from '../core/domain-ids.ts';
import type { Flow, FlowContext, FlowInput, FlowStateBase, FlowStepResult } from '../flows/types.ts';
import { WalletError } from '../wallet/types.ts';
import { maskContactEntities } from './contact-masking.ts';
import { say, type Turn } from './context.ts';
import { saveConversation, type StoredFlowState } from './conversation.ts';
import { requestHandoff } from './handoff.ts';

/** The FlowContext a flow gets for one step; `checkpoint` writes the conversation at once. */
export function flowContext(turn: Turn, flowId: FlowId): FlowContext {
  const { deps, conv } = turn;
  return {
    wallet: deps.wallet,
    language: conv.language,
    customerId: conv.identity.customerId ?? '',
    conversationId: conv.conversationId,
    now: deps.now,
    newIdempotencyKey: () => crypto.randomUUID(),
    checkpoint: async (state: FlowStateBase) => {
      const slot = conv.flow;
      if (slot?.id === flowId) slot.state = toStored(state);
      else conv.flow = { id: flowId, state: toStored(state), startedAt: turn.at.toISOString(), lastPrompt: [] };
      await saveConversation(
        deps.store,
        conv,
        deps.now(),
        deps.options.conversationTtlMs,
        deps.options.transcriptLines,
      );
    },
  };
}

/**
 * Starts a flow (verification already done by the caller). Phone/email entities reach it masked:
 * no flow needs them, and a flow may keep its trigger in its stored state.
 */
export async function startFlow(turn: Turn, flow: Flow, trigger: { text?: string; entities: Entity[] }): Promise<void> {
  turn.conv.flow = undefined;
  const masked = { ...trigger, entities: maskContactEntities(trigger.entities) };
  await runStep(turn, flow, (ctx) => flow.start(ctx, masked));
}

/** Continues the active flow with the customer's input; drops states of another version. */
export async function continueFlow(turn: Turn, input: FlowInput): Promise<void> {
  const slot = turn.conv.flow;
  if (!slot) return;
  const flow = turn.deps.flows[slot.id as FlowId];
  if (!flow || slot.state.v !== flow.version) {
    turn.deps.logger.warn(
      {
        conversationId: turn.conv.conversationId,
        flow: slot.id,
        stateVersion: slot.state.v,
        flowVersion: flow?.version ?? null,
      },
      'flow state dropped (unknown flow or other version)',
    );
    turn.conv.flow = undefined;
    say(turn, 'flow.state_dropped');
    return;
  }
  const state = structuredClone(slot.state) as FlowStateBase;
  await runStep(turn, flow, (ctx) => flow.step(state, input, ctx));
}

async function runStep(turn: Turn, flow: Flow, step: (ctx: FlowContext) => Promise<FlowStepResult>): Promise<void> {
  const { deps, conv } = turn;
  let result: FlowStepResult;
  try {
    result = await step(flowContext(turn, flow.id));
  } catch (error) {
    if (!(error instanceof WalletError)) throw error;
    deps.metrics.walletError(error.code);
    deps.logger.warn(
      { conversationId: conv.conversationId, flow: flow.id, code: error.code, status: error.status },
      'wallet error in flow',
    );
    if (error.isOutage) {
      // The flow keeps its last checkpoint: a later retry reuses the same idempotency keys.
      say(turn, 'wallet_outage');
      await requestHandoff(turn, { reason: 'wallet_outage' });
      return;
    }
    conv.flow = undefined;
    deps.metrics.flowOutcome(flow.id, 'wallet_rejected');
    say(turn, 'error');
    await requestHandoff(turn, { reason: 'flow_failed' });
    return;
  }

  turn.replies.push(...result.replies);
  if (result.done) {
    conv.flow = undefined;
    deps.metrics.flowOutcome(flow.id, result.outcome ?? (result.handoff ? `handoff_${result.handoff.reason}` : 'done'));
  } else {
    const startedAt = conv.flow?.id === flow.id ? conv.flow.startedAt : turn.at.toISOString();
    conv.flow = {
      id: flow.id,
      state: toStored(result.state),
      startedAt,
      lastPrompt: result.replies.length ? result.replies : (conv.flow?.lastPrompt ?? []),
    };
  }
  if (result.handoff) {
    await requestHandoff(turn, result.handoff);
  }
}

/** Re-asks the flow's pending question after a digression or when the customer comes back. */
export function reaskFlow(turn: Turn): void {
  const last = turn.conv.flow?.lastPrompt.at(-1);
  if (!last) return;
  say(turn, 'flow.resume');
  turn.replies.push(last);
}

/** A deep copy as plain JSON (flow states are JSON by contract). */
function toStored(state: FlowStateBase): StoredFlowState {
  return JSON.parse(JSON.stringify(state)) as StoredFlowState;
}
