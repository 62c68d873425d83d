import { replyOf, say, text, type Turn } from '../context.ts';
import { requestHandoff } from '../handoff.ts';
import { understood } from '../routing.ts';
import { entryFor, topicButtons } from '../topics.ts';
import type { ArticleAnswerOptions } from '../types.ts';
import type { PolicyLink, TextMessage } from './link.ts';

/**
 * Out of scope or unsure: a help article when one answers the message (redacted); otherwise say what the
 * assistant can do, and the second time in a row, get a person.
 */
export async function misunderstood(
  turn: Turn,
  message?: string,
  articleOptions: ArticleAnswerOptions = {},
): Promise<void> {
  const article = message ? turn.deps.articleAnswer?.(message, turn.conv.language, articleOptions) : undefined;
  if (article) {
    turn.conv.misunderstandings = 0;
    turn.replies.push(article);
    return;
  }
  turn.conv.misunderstandings += 1;
  if (turn.conv.misunderstandings >= 2) {
    turn.conv.misunderstandings = 0;
    say(turn, 'handoff.repeated_misunderstanding');
    await requestHandoff(turn, { reason: 'repeated_misunderstanding' });
    return;
  }
  // Its id is `fallback` whichever text it shows (the out_of_scope answer when the knowledge has one, else the
  // catalogue's line): the reply is the engine's "not understood" move, not an answer to the out_of_scope topic.
  const outOfScope = entryFor(turn, 'out_of_scope');
  turn.replies.push(replyOf('fallback', outOfScope?.answer ?? text(turn, 'fallback'), topicButtons(turn)));
}

/** At or above this confidence an out-of-scope verdict holds against an article that covers the question only in part. */
const CONFIDENT_OUT_OF_SCOPE = 0.95;

/**
 * Below the understanding bar (or out of scope): the fallback above. An understood message ends the run of
 * misunderstandings before anything answers it, so two in a row means two in a row.
 */
export const notUnderstood: PolicyLink<TextMessage> = {
  name: 'not-understood',
  async handle(turn, { nlu, storedText }) {
    if (!understood(turn, nlu)) {
      // A confident "out of scope" is a verdict like a confident intent: an article must then cover the question
      // as well as it must to answer over an unsure intent ("帮我算一下房贷每月还多少" shares words with the
      // spending article, but is a mortgage calculator request).
      const confidentOutOfScope = nlu.intent.name === 'out_of_scope' && nlu.intent.confidence >= CONFIDENT_OUT_OF_SCOPE;
      await misunderstood(turn, storedText, { strict: confidentOutOfScope });
      return 'handled';
    }
    turn.conv.misunderstandings = 0;
    return 'pass';
  },
};
