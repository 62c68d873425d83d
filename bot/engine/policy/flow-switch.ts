import { say } from '../context.ts';
import { startFlowGuarded, switchTarget } from '../routing.ts';
import type { PolicyLink, TextMessage } from './link.ts';
import { inFlow } from './state.ts';

/** In a flow, a clear request for another account flow leaves this one and starts that one (verifying if needed). */
export const flowSwitch: PolicyLink<TextMessage> = {
  name: 'flow-switch',
  async handle(turn, { nlu, storedText }) {
    if (!inFlow(turn)) return 'pass';
    const target = switchTarget(turn, nlu);
    if (!target) return 'pass';
    turn.conv.flow = undefined;
    say(turn, 'flow.switched');
    await startFlowGuarded(turn, target, { text: storedText, entities: nlu.entities });
    return 'handled';
  },
};
