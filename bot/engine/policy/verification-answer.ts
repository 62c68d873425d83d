import { continueVerification } from '../verification.ts';
import type { PolicyLink, TextMessage } from './link.ts';
import { verifying } from './state.ts';

/** While verifying: a phone number, e-mail address or one-time code answers the question asked. */
export const verificationAnswer: PolicyLink<TextMessage> = {
  name: 'verification-answer',
  async handle(turn, message) {
    if (!verifying(turn)) return 'pass';
    const answered = await continueVerification(turn, {
      kind: 'text',
      text: message.raw,
      entities: message.nlu.entities,
    });
    return answered ? 'handled' : 'pass';
  },
};
