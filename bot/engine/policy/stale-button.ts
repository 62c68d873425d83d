import { say } from '../context.ts';
import { topicButtons } from '../topics.ts';
import type { ButtonMessage, PolicyLink } from './link.ts';

/** A button nothing owns any more (an old message, a finished flow): say so and offer the topics. Last link. */
export const staleButton: PolicyLink<ButtonMessage> = {
  name: 'stale-button',
  async handle(turn) {
    say(turn, 'stale_button', {}, topicButtons(turn));
    return 'handled';
  },
};
