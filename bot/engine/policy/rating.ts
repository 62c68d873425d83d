import { say } from '../context.ts';
import { storeRating } from '../commands.ts';
import { ACTION, topicButtons } from '../topics.ts';
import type { ButtonMessage, PolicyLink, TextMessage } from './link.ts';

/**
 * The 1–5 rating asked for after a case closed. The question is answered by the very next message or never:
 * every message forgets it, and only a bare digit right after it is a rating (later, "3" is just "3").
 */
export const ratingText: PolicyLink<TextMessage> = {
  name: 'rating',
  async handle(turn, message) {
    const awaiting = turn.conv.awaitingRatingFor;
    turn.conv.awaitingRatingFor = undefined;
    const rating = /^\s*([1-5])\s*$/u.exec(message.raw);
    if (awaiting && rating) {
      await storeRating(turn, awaiting, Number(rating[1]));
      return 'handled';
    }
    return 'pass';
  },
};

/** A `rating:<n>` button: stored when the question is the one just asked, otherwise stale. Any button forgets it. */
export const ratingButton: PolicyLink<ButtonMessage> = {
  name: 'rating-button',
  async handle(turn, { value }) {
    const awaiting = turn.conv.awaitingRatingFor;
    turn.conv.awaitingRatingFor = undefined;
    if (!value.startsWith(ACTION.rating)) return 'pass';
    const n = Number(value.slice(ACTION.rating.length));
    if (awaiting && Number.isInteger(n) && n >= 1 && n <= 5) await storeRating(turn, awaiting, n);
    else say(turn, 'stale_button', {}, topicButtons(turn));
    return 'handled';
  },
};
