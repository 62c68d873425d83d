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
