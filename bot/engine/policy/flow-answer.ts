import { continueFlow } from '../flow-runner.ts';
import { flowTextInput } from './flow-expected-answer.ts';
import type { ButtonMessage, PolicyLink, TextMessage } from './link.ts';
import { inFlow } from './state.ts';

/** In a flow, what no link above took is the answer to the flow's question. A flow ends here: routing sees none. */
export const flowAnswer: PolicyLink<TextMessage> = {
  name: 'flow-answer',
  async handle(turn, message) {
    if (!inFlow(turn)) return 'pass';
    await continueFlow(turn, flowTextInput(message));
    return 'handled';
  },
};

/** A button the engine does not own goes to the active flow (its own choices). */
export const flowButtonAnswer: PolicyLink<ButtonMessage> = {
  name: 'flow-button-answer',
  async handle(turn, { value }) {
    if (!turn.conv.flow) return 'pass';
    await continueFlow(turn, { kind: 'action', value });
    return 'handled';
  },
};
