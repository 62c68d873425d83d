import { flowForIntent, startFlowGuarded } from '../routing.ts';
import type { IntentMessage, PolicyLink } from './link.ts';

/** A topic with an account flow starts it (group chats refused, identity verified first when the flow needs it). */
export const intentFlow: PolicyLink<IntentMessage> = {
  name: 'intent-flow',
  async handle(turn, { intent, text, entities }) {
    const flowId = flowForIntent(turn, intent);
    if (!flowId) return 'pass';
    await startFlowGuarded(turn, flowId, { ...(text !== undefined ? { text } : {}), entities });
    return 'handled';
  },
};
