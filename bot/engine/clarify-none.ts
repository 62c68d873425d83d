import { parseArticleFeedback } from './article-answer.ts';
import { say, type Turn } from './context.ts';
import { humanButton, topicButtons } from './topics.ts';

/**
 * "Neither" after a clarification: the customer's question is none of the offered topics. The help articles
 * may still answer it (searched with the message the clarification was about); otherwise the customer is asked
 * to say it another way or offered a person.
 */
export function clarifiedNone(turn: Turn): void {
  const text = turn.conv.clarifying;
  turn.conv.clarifying = undefined;
  const article = text ? turn.deps.articleAnswer?.(text, turn.conv.language) : undefined;
  if (article) {
    turn.replies.push(article);
    return;
  }
  say(turn, 'clarifyNoneAnswer', {}, [humanButton(turn), ...topicButtons(turn).filter((b) => b.value !== humanButton(turn).value)]);
}

/** "Did this help?" after an article: yes → thanks; no → say it another way or talk to a person. */
export function articleFeedback(turn: Turn, value: string): void {
  const feedback = parseArticleFeedback(turn.deps.knowledge, value);
  if (!feedback) {
    say(turn, 'staleButton', {}, topicButtons(turn));
    return;
  }
  turn.deps.logger.info({ conversationId: turn.conv.conversationId, articleId: feedback.articleId, helpful: feedback.helpful }, 'article feedback');
  if (feedback.helpful) say(turn, 'articleHelpful');
  else say(turn, 'clarifyNoneAnswer', {}, [humanButton(turn)]);
}
