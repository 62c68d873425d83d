import { text } from '../context.ts';
import { isGeneralQuestion } from '../answer-first.ts';
import { flowForIntent } from '../routing.ts';
import { ACTION, answerReply, entryFor, humanButton } from '../topics.ts';
import type { IntentMessage, PolicyLink } from './link.ts';

/**
 * Answer first (the rule: ../answer-first.ts): a how/why question about a flow topic gets the FAQ answer and a
 * button to look into the customer's own case; identity is asked only when they press it. Before the flow starts.
 */
export const generalQuestion: PolicyLink<IntentMessage> = {
  name: 'general-question',
  async handle(turn, message) {
    const entry = entryFor(turn, message.intent);
    const flowId = flowForIntent(turn, message.intent);
    if (!flowId || !entry || !isGeneralQuestion(message.text ?? '', message.entities)) return 'pass';
    const label = flowId === 'forgot_password' ? 'button.send_reset_link' : 'button.look_into_my_case';
    const buttons = [{ label: text(turn, label), value: `${ACTION.flow}${flowId}` }];
    if (entry.handoff?.mode === 'offer') buttons.push(humanButton(turn));
    turn.replies.push(answerReply(entry, buttons));
    return 'handled';
  },
};
