import { say } from '../context.ts';
import { ACTION, humanButton, topicButtons } from '../topics.ts';
import type { ButtonMessage, PolicyLink } from './link.ts';

/**
 * "Neither" after a clarification: the customer's question is none of the offered topics. The help articles
 * may still answer it (searched with the message the clarification was about); otherwise the customer is asked
 * to say it another way or offered a person.
 */
export const clarifyNone: PolicyLink<ButtonMessage> = {
  name: 'clarify-none',
  async handle(turn, { value }) {
    if (value !== ACTION.clarifyNone) return 'pass';
    const text = turn.conv.clarifying;
    turn.conv.clarifying = undefined;
    const article = text ? turn.deps.articleAnswer?.(text, turn.conv.language) : undefined;
    if (article) {
      turn.replies.push(article);
      return 'handled';
    }
    say(turn, 'clarify.none_answer', {}, [
      humanButton(turn),
      ...topicButtons(turn).filter((b) => b.value !== humanButton(turn).value),
    ]);
    return 'handled';
  },
};
