import type { IntentMessage, PolicyLink } from './link.ts';
import { misunderstood } from './not-understood.ts';

/**
 * A topic with no entry in this language's knowledge: handled as not understood (no article search: the message
 * was understood, only the answer is missing). Last of the intent chain, so every topic gets a reply.
 */
export const unknownIntent: PolicyLink<IntentMessage> = {
  name: 'unknown-intent',
  async handle(turn) {
    await misunderstood(turn);
    return 'handled';
  },
};
