import { reaskVerification } from '../verification.ts';
import type { PolicyLink, TextMessage } from './link.ts';
import { verifying } from './state.ts';

/**
 * While verifying, anything else re-asks the verification question and counts as an unclear answer (too many end
 * the verification), except a password or card number: the warning already told the customer what was wrong.
 * Verification ends here: no link below sees a conversation under verification.
 */
export const verificationReask: PolicyLink<TextMessage> = {
  name: 'verification-reask',
  async handle(turn, message) {
    if (!verifying(turn)) return 'pass';
    reaskVerification(turn, !message.sensitive);
    return 'handled';
  },
};
