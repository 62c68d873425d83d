import { isPlainAnswer } from '../routing.ts';
import type { PolicyLink, TextMessage } from './link.ts';

/** Below this confidence a plain FAQ intent may give way to a help article. */
export const ARTICLE_OVER_INTENT_CONFIDENCE = 0.9;

/**
 * An unsure plain FAQ answer gives way to a help article that covers the question well (the long tail shares
 * words with intents: "app界面怎么切换成英文" is not an app crash). Flows and handoffs always go first: they are
 * not plain answers (routing.ts, isPlainAnswer), so they pass here.
 */
export const articleOverIntent: PolicyLink<TextMessage> = {
  name: 'article-over-intent',
  async handle(turn, { nlu, storedText }) {
    if (nlu.intent.confidence >= ARTICLE_OVER_INTENT_CONFIDENCE || !isPlainAnswer(turn, nlu.intent.name)) return 'pass';
    const article = turn.deps.articleAnswer?.(storedText, turn.conv.language, { strict: true });
    if (!article) return 'pass';
    turn.replies.push(article);
    return 'handled';
  },
};
