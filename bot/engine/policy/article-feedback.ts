import { parseArticleFeedback } from '../article-answer.ts';
import { say, traceOf } from '../context.ts';
import { ACTION, humanButton, topicButtons } from '../topics.ts';
import type { ButtonMessage, PolicyLink } from './link.ts';

/** "Did this help?" after an article: yes → thanks; no → say it another way or talk to a person. */
export const articleFeedback: PolicyLink<ButtonMessage> = {
  name: 'article-feedback',
  async handle(turn, { value }) {
    if (!value.startsWith(ACTION.article)) return 'pass';
    const feedback = parseArticleFeedback(turn.deps.knowledge, value);
    if (!feedback) {
      say(turn, 'stale_button', {}, topicButtons(turn));
      return 'handled';
    }
    turn.deps.logger.info(
      { conversationId: turn.conv.conversationId, articleId: feedback.articleId, helpful: feedback.helpful },
      'article feedback',
    );
    traceOf(turn).helpful = feedback.helpful;
    if (feedback.helpful) say(turn, 'article.helpful');
    else say(turn, 'clarify.none_answer', {}, [humanButton(turn)]);
    return 'handled';
  },
};
