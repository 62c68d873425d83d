import type { FlowId } from '../../core/domain-ids.ts';
import { say, type Turn } from '../context.ts';
import { identityValid } from '../handoff.ts';
import { beginVerification } from '../verification.ts';
import type { ButtonMessage, PolicyLink, TextMessage } from './link.ts';
import { inFlow } from './state.ts';

/**
 * A flow that needs a verified customer, whose verification expired while it waited for an answer: the flow is
 * left and verification starts again (to resume that flow), before anything reads the answer as account data.
 * True when it did so.
 */
export async function reverifyExpiredFlow(turn: Turn): Promise<boolean> {
  const { conv } = turn;
  const slot = conv.flow;
  if (!slot) return false;
  const flow = turn.deps.flows[slot.id as FlowId];
  if (!flow?.requiresVerification || identityValid(conv, turn.at)) return false;
  conv.flow = undefined;
  say(turn, 'verify.expired');
  await beginVerification(turn, { id: slot.id, entities: [] });
  return true;
}

/** A typed answer to such a flow. */
export const flowIdentityExpired: PolicyLink<TextMessage> = {
  name: 'flow-identity-expired',
  async handle(turn) {
    if (!inFlow(turn)) return 'pass';
    return (await reverifyExpiredFlow(turn)) ? 'handled' : 'pass';
  },
};

/** A flow's button pressed for such a flow (buttons reach the flow slot even beside a verification). */
export const flowButtonIdentityExpired: PolicyLink<ButtonMessage> = {
  name: 'flow-button-identity-expired',
  async handle(turn) {
    return (await reverifyExpiredFlow(turn)) ? 'handled' : 'pass';
  },
};
