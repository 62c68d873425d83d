import { say } from '../context.ts';
import { ACTION, topicButtons } from '../topics.ts';
import { continueVerification } from '../verification.ts';
import type { ButtonMessage, PolicyLink } from './link.ts';

/** `verify:resend|other` under the code question; stale once verification is over or at another step. */
export const verificationButton: PolicyLink<ButtonMessage> = {
  name: 'verification-button',
  async handle(turn, { value }) {
    if (!value.startsWith(ACTION.verify)) return 'pass';
    if (!(await continueVerification(turn, { kind: 'action', value })))
      say(turn, 'stale_button', {}, topicButtons(turn));
    return 'handled';
  },
};
