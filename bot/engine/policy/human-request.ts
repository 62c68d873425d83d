import type { PolicyLink, TextMessage } from './link.ts';
import { requestHandoff } from '../handoff.ts';
import { inFlow, verifying } from './state.ts';

/**
 * Mid-way (verifying or in a flow) a clear request for a person goes to the desk instead of being read as an
 * answer. "Clear" is the digression bar: a weaker reading of "agent" in an answer must not leave the flow.
 * (With nothing under way, a request for a person is an intent like any other: intent chain, immediate-handoff.)
 */
export const humanRequest: PolicyLink<TextMessage> = {
  name: 'human-request',
  async handle(turn, { nlu }) {
    if (!verifying(turn) && !inFlow(turn)) return 'pass';
    if (
      nlu.intent.name !== 'human_agent' ||
      nlu.ambiguous ||
      nlu.intent.confidence < turn.deps.options.digressionConfidence
    )
      return 'pass';
    await requestHandoff(turn, { reason: 'customer_request' });
    return 'handled';
  },
};
