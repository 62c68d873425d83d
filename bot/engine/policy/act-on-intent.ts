import { runChain, type IntentMessage, type PolicyLink, type TextMessage } from './link.ts';

/**
 * An understood message with nothing under way: the intent chain (given by chain.ts) acts on its topic, with
 * the redacted text and the entities. Last link of the text chain: every message gets an answer.
 */
export function actOnIntent(intentChain: readonly PolicyLink<IntentMessage>[]): PolicyLink<TextMessage> {
  return {
    name: 'act-on-intent',
    async handle(turn, { nlu, storedText }) {
      await runChain(intentChain, turn, { intent: nlu.intent.name, text: storedText, entities: nlu.entities });
      return 'handled';
    },
  };
}
