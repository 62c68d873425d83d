import { answerReply, entryFor, humanButton } from '../topics.ts';
import type { IntentMessage, PolicyLink } from './link.ts';

/** A topic answered by its knowledge entry; `handoff: offer` entries add a "talk to a person" button. */
export const faqAnswer: PolicyLink<IntentMessage> = {
  name: 'faq-answer',
  async handle(turn, { intent }) {
    const entry = entryFor(turn, intent);
    if (!entry) return 'pass';
    turn.replies.push(answerReply(entry, entry.handoff?.mode === 'offer' ? [humanButton(turn)] : undefined));
    return 'handled';
  },
};
