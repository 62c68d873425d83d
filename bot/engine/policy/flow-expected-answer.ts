import type { FlowId } from '../../core/domain-ids.ts';
import { continueFlow } from '../flow-runner.ts';
import { warnsCustomer } from '../transcript.ts';
import type { PolicyLink, TextMessage } from './link.ts';
import { inFlow } from './state.ts';

/**
 * The flow's own answer words ("收到了", "yes") come before any topic the NLU reads in them: a larger catalogue
 * reads more topics into short answers, so a switch or digression must not win over what the flow asked for.
 */
export const flowExpectedAnswer: PolicyLink<TextMessage> = {
  name: 'flow-expected-answer',
  async handle(turn, message) {
    const slot = turn.conv.flow;
    if (!inFlow(turn) || !slot) return 'pass';
    const flow = turn.deps.flows[slot.id as FlowId];
    if (!flow?.expects?.(slot.state as never, message.flowText)) return 'pass';
    await continueFlow(turn, flowTextInput(message));
    return 'handled';
  },
};

/** The flow's view of a typed message: the text without passwords, card or ID numbers, and their entities dropped. */
export function flowTextInput(message: TextMessage): { kind: 'text'; text: string; nlu: TextMessage['nlu'] } {
  const { nlu, flowText } = message;
  return {
    kind: 'text',
    text: flowText,
    nlu: { ...nlu, text: flowText, entities: nlu.entities.filter((e) => !warnsCustomer(e)) },
  };
}
