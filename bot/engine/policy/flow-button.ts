import { isFlowId } from '../../core/domain-ids.ts';
import { say } from '../context.ts';
import { startFlowGuarded } from '../routing.ts';
import { ACTION, topicButtons } from '../topics.ts';
import type { ButtonMessage, PolicyLink } from './link.ts';

/** `flow:<id>` ("look into my case" after a general answer): starts that flow; an unknown id is stale. */
export const flowButton: PolicyLink<ButtonMessage> = {
  name: 'flow-button',
  async handle(turn, { value }) {
    if (!value.startsWith(ACTION.flow)) return 'pass';
    const flowId = value.slice(ACTION.flow.length);
    if (!isFlowId(flowId) || !turn.deps.flows[flowId]) {
      say(turn, 'stale_button', {}, topicButtons(turn));
      return 'handled';
    }
    await startFlowGuarded(turn, flowId, { entities: [] });
    return 'handled';
  },
};
